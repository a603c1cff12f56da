"""Work bounded by what a page shows: a document naming Malta 100,000 times in one line keeps the first
places of each record and counts the rest; profiles, dialogue pages and lists of documents read one
summary row per document and never a document's text; the document itself is shown one part at a time.
(The time of these pages with and without such a document: benchmarks/bounded_pages.py.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migis.documents.services import PART_CHARS
from migis.ingest.pipeline import MAX_PER_ENTITY, ingest_text
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
MENTIONS = 100_000


@pytest.fixture
def hostile():
    text = " ".join("Malta" if i % 100 else "Malta, Rabat Process" for i in range(MENTIONS))
    outcome = ingest_text(text, source="hostile.txt", title="One line naming Malta", kind="news")
    assert outcome.status == "created"
    return outcome.document


def test_places_are_capped_and_the_total_is_kept(hostile):
    assert hostile.mentions.filter(type="country", ref="MLT").count() == MAX_PER_ENTITY
    assert hostile.mentions.filter(type="dialogue", ref="rabat-process").count() == MAX_PER_ENTITY
    totals = {(e.type, e.ref): e.count for e in hostile.entities.all()}
    assert totals == {("country", "MLT"): MENTIONS, ("dialogue", "rabat-process"): MENTIONS // 100}


@pytest.mark.parametrize(
    "url",
    [
        "/countries/MLT/",
        "/api/countries/MLT",
        "/dialogues/rabat-process/",
        "/api/dialogues/rabat-process",
        "/api/documents?country=MLT",
        "/documents/",
    ],
)
def test_pages_that_list_documents_never_read_their_text(hostile, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client_for().get(url)
    assert response.status_code == 200
    assert hostile.title in response.content.decode()
    reads = [q["sql"] for q in ctx.captured_queries if '"documents_document"."text"' in q["sql"]]
    assert not reads, reads


def _detail_pages():
    from migis.events.models import Event
    from migis.projects.models import Project

    project = Project.objects.exclude(source_document=None).order_by("pk").first()
    event = Event.objects.exclude(source_document=None).order_by("pk").first()
    return [
        f"/projects/{project.slug}/",
        f"/api/projects/{project.slug}",
        f"/events/{event.key}/",
        f"/api/events/{event.key}",
        "/organisations/icmpd/",
        "/api/organisations/icmpd",
        "/api/map?layer=mentions",
    ]


def test_pages_citing_a_source_never_read_its_text(hostile):
    """A record's source is its document's title and the quoted passage: the text stays unread."""
    for url in _detail_pages():
        with CaptureQueriesContext(connection) as ctx:
            assert client_for().get(url).status_code == 200
        reads = [q["sql"] for q in ctx.captured_queries if '"documents_document"."text"' in q["sql"]]
        assert not reads, (url, reads)


def test_the_document_page_shows_one_part(hostile):
    html = client_for().get(f"/documents/{hostile.key}/").content.decode()
    parts = -(-len(hostile.text) // PART_CHARS)
    assert f"Part 1 of {parts}" in html and f"?part={2}" in html
    assert len(html) < PART_CHARS * 1.6  # the part, its marked mentions, the page around them
    assert html.count('class="mention country"') == MAX_PER_ENTITY
    assert "100,000 times" in html or "100000 times" in html
    last = client_for().get(f"/documents/{hostile.key}/?part={parts}").content.decode()
    assert f"Part {parts} of {parts}" in last and 'class="mention' not in last  # only the first are kept


def test_the_api_gives_one_part_with_its_mentions(hostile):
    body = client_for().get(f"/api/documents/{hostile.key}").json()
    assert body["part"] == 1 and body["parts"] > 1 and len(body["text"]) <= PART_CHARS
    assert body["length"] == len(hostile.text)
    assert len(body["mentions"]) == 2 * MAX_PER_ENTITY
    assert {(e["id"], e["count"]) for e in body["entities"]} == {("MLT", MENTIONS), ("rabat-process", 1000)}
    second = client_for().get(f"/api/documents/{hostile.key}?part=2").json()
    assert second["text_start"] == body["text_start"] + len(body["text"])  # parts meet, nothing lost
    assert client_for().get(f"/api/documents/{hostile.key}?part={body['parts'] + 1}").status_code == 404


def test_parts_put_together_give_the_text(hostile):
    from migis.documents.services import text_part

    joined, number = [], 1
    while True:
        part = text_part(hostile, number)
        joined.append(part.text)
        if not part.has_next:
            break
        number += 1
    assert "".join(joined) == hostile.text
