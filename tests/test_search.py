"""Full-text search: ranking, phrases, facets, escaped snippets, visibility inside the query, an index kept
in step with the database (save, delete, reindex) and clear errors for bad queries. The behaviour tests run
against both backends (tantivy, the default, and the database backend) to show they are interchangeable.
Each test has its own index folder."""

import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from migis.core.permissions import Role
from migis.documents.models import Document
from migis.ingest.pipeline import ingest_text
from migis.search import backends, service
from migis.search import documents as search_documents
from migis.search.query import QueryError, parse
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BACKENDS = ["tantivy", "database"]


@pytest.fixture(params=BACKENDS)
def index(request, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    """An index of the test database in its own folder, with the signal receivers connected; yields a
    function that runs a block and then the index updates its transaction would run at commit."""
    monkeypatch.setenv("MIGIS_SEARCH_BACKEND", request.param)
    settings.DATA_DIR = tmp_path
    backends.reset()
    service.connect()
    service.reindex()

    def committed():
        # Index updates wait for the commit; the test's transaction never commits, so run them at the end
        # of the block. Updates queued outside such a block (fixtures) stay queued for the next drain.
        from django.db import connection

        connection._migis_drain = None  # a drain scheduled by a fixture never runs: schedule a new one
        return django_capture_on_commit_callbacks(execute=True)

    committed.backend = request.param
    yield committed
    backends.reset()


def add(committed, text, *, title, kind="report", visibility="public", published=None, **options):
    """Ingest a text as a document and run the index update its commit would run."""
    with committed():
        outcome = ingest_text(
            text,
            source=f"{title}.txt",
            title=title,
            kind=kind,
            visibility=visibility,
            published=published or timezone.make_aware(datetime.datetime(2021, 3, 1)),
            **options,
        )
    assert outcome.status == "created"
    return outcome.document


def keys(result) -> list[str]:
    return [h["key"] for h in result["results"]]


def api(q="", user=None, **params):
    response = client_for(user).get("/api/search", {"q": q, **params})
    return response.status_code, response.json()


# --- ranking, phrases, snippets -----------------------------------------------------------------------


def test_title_and_frequent_word_ranks_first(index):
    text = "A long report. " * 30 + "It names the quetzal once. " + "Filler words. " * 30
    once = add(index, text, title="Annual review")
    often = add(index, "The quetzal flies. Quetzal nests. A quetzal sings.", title="Quetzal watch")
    result = service.search(None, "quetzal")
    assert keys(result) == [f"document:{often.key}", f"document:{once.key}"]
    assert result["results"][0]["score"] > result["results"][1]["score"]
    assert result["count"] == 2


def test_words_are_anded_and_phrases_keep_word_order(index):
    both = add(index, "The okapi and the pangolin met at dawn.", title="Both")
    add(index, "Only an okapi here.", title="Okapi only")
    reversed_ = add(index, "Pangolin okapi, in that order.", title="Reversed")
    assert set(keys(service.search(None, "okapi pangolin"))) == {
        f"document:{both.key}",
        f"document:{reversed_.key}",
    }
    assert keys(service.search(None, '"okapi and the pangolin"')) == [f"document:{both.key}"]
    assert keys(service.search(None, '"pangolin okapi"')) == [f"document:{reversed_.key}"]
    assert f"document:{both.key}" not in keys(service.search(None, "okapi -pangolin"))


def test_snippet_highlights_terms_and_escapes_html(index):
    add(index, 'Before <script>alert("axolotl")</script> & <b>bold</b> the axolotl swims.', title="Tank")
    hit = service.search(None, "axolotl")["results"][0]
    snippet = hit["snippet_html"]
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert "<mark>axolotl</mark>" in snippet


def test_curated_records_are_found(index):
    result = service.search(None, "Malta")
    assert "country:MLT" in keys(result)
    hit = next(h for h in result["results"] if h["key"] == "country:MLT")
    assert hit["url"] == "/countries/MLT/" and hit["kind"] == "country"


# --- facets and filters -------------------------------------------------------------------------------


def test_facets_count_the_matches_and_filters_narrow_them(index):
    add(index, "Wombat survey in Malta with the Rabat Process.", title="Wombats one", kind="report")
    add(index, "Wombat survey in Malta and Senegal.", title="Wombats two", kind="news")
    add(
        index,
        "Wombat survey, older.",
        title="Wombats three",
        kind="news",
        published=timezone.make_aware(datetime.datetime(2019, 5, 1)),
    )
    result = service.search(None, "wombat")
    facets = {name: {v["value"]: v["count"] for v in values} for name, values in result["facets"].items()}
    assert result["count"] == 3
    assert facets["type"] == {"news": 2, "report": 1}
    assert facets["country"]["MLT"] == 2 and facets["country"]["SEN"] == 1
    assert facets["dialogue"] == {"rabat-process": 1}
    assert facets["year"] == {2021: 2, 2019: 1}
    assert facets["language"] == {"en": 3}
    malta = next(v for v in result["facets"]["country"] if v["value"] == "MLT")
    assert malta["label"] == "Malta"

    assert service.search(None, "wombat", {"type": "news"})["count"] == 2
    assert service.search(None, "wombat", {"country": "mlt", "type": "news"})["count"] == 1
    assert service.search(None, "wombat", {"year": "2019"})["count"] == 1
    assert service.search(None, "wombat", {"dialogue": "rabat-process"})["count"] == 1


# --- visibility ---------------------------------------------------------------------------------------


def test_restricted_documents_are_only_for_readers_of_restricted_content(index, users):
    public = add(index, "Quokka census in Malta.", title="Quokka public", kind="report")
    secret = add(
        index,
        "Quokka census in Malta and Senegal.",
        title="Quokka secret",
        kind="news",
        visibility="restricted",
    )
    for user in (None, users[Role.PUBLIC]):
        status, body = api("quokka", user)
        assert status == 200
        assert [h["key"] for h in body["results"]] == [f"document:{public.key}"]
        assert body["count"] == 1
        counts = {name: {v["value"]: v["count"] for v in values} for name, values in body["facets"].items()}
        assert counts["type"] == {"report": 1}
        assert "SEN" not in counts["country"] and counts["country"]["MLT"] == 1
        # the restricted document's own words find nothing
        assert api('"quokka secret"', user)[1]["count"] == 0
        assert api("", user, type="news", country="SEN")[1]["count"] == 0
    for role in (Role.OFFICIAL, Role.EDITOR):
        status, body = api("quokka", users[role])
        assert body["count"] == 2
        assert {h["key"] for h in body["results"]} == {f"document:{public.key}", f"document:{secret.key}"}
        counts = {name: {v["value"]: v["count"] for v in values} for name, values in body["facets"].items()}
        assert counts["type"] == {"report": 1, "news": 1} and counts["country"]["MLT"] == 2


def test_restricted_records_are_hidden_in_hits_and_facets(restricted, index, users):
    assert "dialogue:secret-dialogue" not in keys(service.search(None, "secret"))
    assert "dialogue:secret-dialogue" in keys(service.search(users[Role.OFFICIAL], "secret"))
    # a public document mentioning the restricted dialogue does not reveal it in the facets
    with index():
        doc = ingest_text("Capybara talks of the Secret Dialogue.", source="c.txt", title="Capybara").document
    from migis.documents.models import MentionedEntity

    with index():
        MentionedEntity.objects.create(document=doc, type="dialogue", ref="secret-dialogue")
        doc.save()
    public = service.search(None, "capybara")
    assert public["count"] == 1 and public["facets"]["dialogue"] == []
    assert service.search(None, "capybara", {"dialogue": "secret-dialogue"})["count"] == 0
    official = service.search(users[Role.OFFICIAL], "capybara")
    assert [v["value"] for v in official["facets"]["dialogue"]] == ["secret-dialogue"]


# --- consistency with the database --------------------------------------------------------------------


def test_index_follows_saves_and_deletes(index):
    doc = add(index, "The narwhal dives.", title="Narwhal notes")
    assert keys(service.search(None, "narwhal")) == [f"document:{doc.key}"]
    with index():
        doc.title = "Beluga notes"
        doc.save()
    assert keys(service.search(None, "beluga")) == [f"document:{doc.key}"]
    with index():
        doc.visibility = "restricted"
        doc.save()
    assert service.search(None, "beluga")["count"] == 0
    with index():
        doc.delete()
    assert service.search(None, "narwhal")["count"] == 0
    assert backends.get_backend().count() == service_count()


def test_a_new_version_replaces_the_old_one(index):
    first = add(index, "Version one of the ibex report.", title="Ibex", origin="/feeds/ibex.txt")
    with index():
        second = ingest_text("Version two of the ibex.", source="x", title="Ibex", origin="/feeds/ibex.txt")
    assert second.status == "new_version"
    second = second.document
    assert keys(service.search(None, "ibex")) == [f"document:{second.key}"]
    assert first.key != second.key


def test_curated_record_saves_update_the_index(index):
    from migis.dialogues.models import Dialogue

    with index():
        Dialogue.objects.create(slug="tapir-dialogue", name_en="Tapir Dialogue", source_title="test")
    assert keys(service.search(None, "tapir")) == ["dialogue:tapir-dialogue"]
    with index():
        Dialogue.objects.filter(slug="tapir-dialogue").first().delete()
    assert service.search(None, "tapir")["count"] == 0


def service_count() -> int:
    from migis.search import documents

    return sum(1 for _ in documents.all_entries())


def test_reindex_rebuilds(index, capsys):
    doc = Document.objects.create(key="lemur-doc", title="Lemur", text="Lemurs leap.", source_title="t")
    # created without the transaction committing: not indexed yet
    assert service.search(None, "lemur")["count"] == 0
    backends.get_backend().clear()
    assert backends.get_backend().count() == 0
    call_command("reindex")
    out = capsys.readouterr().out
    assert "document" in out and "country" in out and "indexed" in out
    assert backends.get_backend().count() == service_count()
    assert keys(service.search(None, "lemur")) == [f"document:{doc.key}"]


def test_deferred_drains_once_at_the_end(index):
    from migis.search import outbox

    with outbox.deferred():
        for i in range(5):
            add(index, f"Heron count {i}.", title=f"Heron {i}")
        assert service.search(None, "heron")["count"] == 0  # queued, not yet applied
        assert outbox.pending() >= 5
    assert service.search(None, "heron")["count"] == 5
    assert outbox.pending() == 0


# --- errors and pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"unbalanced quote'},
        {"q": "x" * 2000},
        {"q": "-only -excluded"},
        {"q": "ok", "year": "twenty"},
        {"q": "ok", "page": "999"},
    ],
)
def test_bad_queries_get_a_clear_400(index, params):
    response = client_for().get("/api/search", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] in ("invalid_query", "invalid_parameter")
    assert error["message"]


def test_query_syntax_cannot_inject_engine_syntax():
    assert parse("visibility:restricted").tantivy() == '"visibility restricted"'
    assert parse("a* [1 TO 2] title:(x)").tantivy() == 'a 1 to 2 "title x"'
    for q in ["visibility:restricted", "key:*", "year:[0 TO 9999]", "/.*/", "a^100"]:
        parsed = parse(q)
        assert all(w.isalnum() or "_" in w for c in parsed.clauses for w in c.words)
    with pytest.raises(QueryError):
        parse('"')


def test_restricted_field_syntax_finds_nothing(index):
    add(index, "Secret civet files.", title="Civet", visibility="restricted")
    assert service.search(None, "visibility:restricted")["count"] == 0
    assert service.search(None, "civet")["count"] == 0


def test_search_page_shows_snippets_and_facets(index):
    add(index, "The <em>gecko</em> report from Malta.", title="Gecko report")
    response = client_for().get("/search/", {"q": "gecko"})
    html = response.content.decode()
    assert response.status_code == 200
    # the text's own markup is neither obeyed nor shown: snippets are clean text with the words marked
    assert "<mark>gecko</mark>" in html and "&lt;em&gt;" not in html and "<em>gecko" not in html
    assert "Gecko report" in html and "country=MLT" in html
    bad = client_for().get("/search/", {"q": '"gecko'})
    assert bad.status_code == 400 and "unbalanced" in bad.content.decode()


def test_type_and_language_facets_are_named_in_the_readers_language(index):
    add(index, "Le rapport sur les okapis au Sénégal.", title="Okapis", kind="report", language="fr")
    english = service.search(None, "okapis")
    labels = {name: {v["value"]: v["label"] for v in values} for name, values in english["facets"].items()}
    assert labels["type"] == {"report": "report"} and labels["language"] == {"fr": "French"}
    assert english["results"][0]["kind_label"] == "report"
    with translation.override("fr"):
        french = service.search(None, "okapis")
        page = client_for().get("/fr/search/", {"q": "okapis"}).content.decode()
    labels = {name: {v["value"]: v["label"] for v in values} for name, values in french["facets"].items()}
    assert labels["type"] == {"report": "rapport"} and labels["language"] == {"fr": "Français"}
    assert "rapport · 2021 · Français" in page
    assert service.kind_label("country") == "state" and service.language_label("xx") == "xx"


def test_hits_link_to_pages_in_the_readers_language(index):
    doc = add(index, "Les okapis du Sénégal.", title="Okapis", language="fr")
    with translation.override("ar"):  # indexed while another language is active: kept in the default one
        assert search_documents.document_entry(doc)["url"] == f"/documents/{doc.key}/"
    with translation.override("en"):
        assert service.search(None, "okapis")["results"][0]["url"] == f"/documents/{doc.key}/"
    with translation.override("fr"):
        assert service.search(None, "okapis")["results"][0]["url"] == f"/fr/documents/{doc.key}/"
    page = client_for().get("/ar/search/", {"q": "okapis"}).content.decode()
    assert f'href="/ar/documents/{doc.key}/"' in page


def test_api_shape(index):
    add(index, "Dugong sightings.", title="Dugong")
    status, body = api("dugong")
    assert status == 200
    assert set(body) >= {"count", "page", "results", "facets"}
    assert body["results"][0]["snippet_html"].count("<mark>") >= 1
    assert json.dumps(body)


def test_an_entry_of_unknown_visibility_is_not_public(tmp_path):
    from migis.search.backends.tantivy_backend import TantivyBackend

    backend = TantivyBackend(tmp_path / "index")
    entry = {"key": "document:x", "kind": "news", "title": "Serval", "text": "Serval", "url": "/x/"}
    backend.index([entry | {"visibility": ""}, entry | {"key": "document:y", "visibility": "internal"}])
    assert backend.search(parse("serval"), visibility_public_only=True).total == 0
    assert backend.search(parse("serval"), visibility_public_only=False).total == 2
    backend.close()


# --- the database backend on PostgreSQL: RUM, GIN, estimated totals -----------------------------------


def _postgres_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search")


def _entries(n):
    return [
        {
            "key": f"document:civet-{i}",
            "kind": "news" if i % 2 else "report",
            "title": f"Civet {i}",
            "text": "civet " * (i + 1) + "survey",
            "url": f"/documents/civet-{i}/",
            "language": "en",
            "year": 2020,
            "visibility": "public",
            "countries": ["MLT"],
        }
        for i in range(n)
    ]


@pytest.mark.parametrize("rum", [True, False], ids=["rum", "gin"])
def test_postgres_ranks_with_rum_where_available_else_gin(rum, monkeypatch):
    _postgres_only()
    from django.db import connection

    from migis.search.backends.database import DatabaseBackend

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        available = cursor.fetchone() is not None
    if not rum:
        monkeypatch.setattr(DatabaseBackend, "_rum_available", staticmethod(lambda cursor: False))
    backend = DatabaseBackend()
    backend.index(_entries(5))
    with backend._open() as (_cursor, method):
        assert method == ("rum" if rum and available else "gin")
    found = backend.search(parse("civet"), visibility_public_only=True, limit=3)
    # the text that repeats the word most ranks first, under either index
    assert [h.key for h in found.hits] == ["document:civet-4", "document:civet-3", "document:civet-2"]
    assert found.hits[0].score > found.hits[1].score > 0
    assert found.total == 5 and found.exact
    assert "<mark>civet</mark>" in found.hits[0].snippet_html


def test_postgres_estimates_large_totals_and_says_so(monkeypatch):
    _postgres_only()
    from migis.search.backends import database

    monkeypatch.setattr(database, "EXACT_COUNT_ENTRIES", 2)
    backend = database.DatabaseBackend()
    backend.index(_entries(6))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {database.TABLE}")
    found = backend.search(parse("civet"), visibility_public_only=True, limit=2)
    assert not found.exact and found.total >= 2  # the planner's estimate, never below what was shown
    assert sum(n for _, n in found.facets["kind"]) == 6  # the best matches (here all six)
    # the last page, not full, ends the list: its end is the exact total
    last = backend.search(parse("civet"), visibility_public_only=True, limit=4, offset=4)
    assert last.exact and last.total == 6 and len(last.hits) == 2
    # a first page that is not full is its own exact count
    short = backend.search(parse("civet"), visibility_public_only=True, limit=10)
    assert short.exact and short.total == 6
    # and with fewer entries than the limit the count is exact
    monkeypatch.setattr(database, "EXACT_COUNT_ENTRIES", 1000)
    counted = backend.search(parse("civet"), visibility_public_only=True, limit=2)
    assert counted.exact and counted.total == 6


def test_an_estimated_total_reads_about(monkeypatch, index):
    _postgres_only()
    if index.backend != "database":
        pytest.skip("tantivy counts exactly")
    from django.db import connection

    from migis.search.backends import database

    monkeypatch.setattr(database, "EXACT_COUNT_ENTRIES", 2)
    backends.get_backend().index(_entries(25))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {database.TABLE}")
    html = client_for().get("/search/", {"q": "civet"}).content.decode()
    assert re.search(r"About \d+ results", html) and "Counted over part of the matches only." in html
    body = client_for().get("/api/search", {"q": "civet"}).json()
    assert body["count_exact"] is False and body["count"] >= 20
    assert body["num_pages"] >= 2  # a full page of an estimated result always offers the next one


def test_a_name_in_any_language_finds_the_documents_in_every_language(index):
    english = add(index, "The Rabat Process met in Dakar with Malta.", title="Meeting", language="en")
    french = add(index, "Le Processus de Rabat s’est réuni à Dakar.", title="Réunion", language="fr")
    arabic = add(index, "اجتمع مسار الرباط في داكار بحضور مالطة.", title="اجتماع", language="ar")
    every = {english.key, french.key, arabic.key}
    for query in (
        "Rabat Process",
        "Processus de Rabat",
        "مسار الرباط",
        "Euro-African Dialogue on Migration and Development",
    ):
        found = {h["id"] for h in service.search(None, query, page_size=50)["results"]}
        assert every <= found, (query, every - found)
    found = {h["id"] for h in service.search(None, "Malte", page_size=50)["results"]}
    assert {english.key, arabic.key} <= found and french.key not in found
    # a query that is more than one name keeps its exact meaning: every word, in the text
    exact = {h["id"] for h in service.search(None, "Rabat Process Dakar", page_size=50)["results"]}
    assert english.key in exact and arabic.key not in exact and french.key not in exact


def test_a_hidden_record_does_not_widen_a_search(index, users):
    from migis.dialogues.models import Dialogue

    Dialogue.objects.filter(slug="rabat-process").update(visibility="restricted")
    anonymous, official = parse("Rabat Process"), parse("Rabat Process")
    service.expand(anonymous, None)
    service.expand(official, users[Role.OFFICIAL])
    assert anonymous.alternatives == [] and anonymous.entities == {}
    assert ["processus", "de", "rabat"] in official.alternatives
    assert official.entities == {"dialogues": ["rabat-process"]}


def test_one_word_finds_the_texts_that_write_it_in_another_language(index, users):
    """ "الرباط" alone names no record, but the Rabat Process's names say it is "Rabat" in English and
    French; learnt from the names, so a hidden dialogue teaches an anonymous reader nothing."""
    from migis.dialogues.models import Dialogue

    english = add(index, "Ministers met in Rabat in 2006.", title="Rabat", language="en")
    arabic = add(index, "اجتمع الوزراء في الرباط.", title="الرباط", language="ar")
    for query in ("الرباط", "Rabat", "الخرطوم"):
        assert (query == "الخرطوم") != (
            {english.key, arabic.key} <= {h["id"] for h in service.search(None, query)["results"]}
        ), query
    Dialogue.objects.filter(slug="rabat-process").update(visibility="restricted")
    anonymous, official = parse("الرباط"), parse("الرباط")
    service.expand(anonymous, None)
    service.expand(official, users[Role.OFFICIAL])
    assert anonymous.alternatives == [] and official.alternatives == [["rabat"]]
