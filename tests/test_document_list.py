"""The documents and news lists: the API's filters on the page, pagination, the news feeds advertised."""

import datetime
import re

import pytest
from django.utils import timezone

from migis.ingest.pipeline import ingest_text
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def add(text, title, kind="news", day=1, language="en"):
    published = timezone.make_aware(datetime.datetime(2024, 5, day, 9))
    outcome = ingest_text(
        text, source=f"{title}.txt", title=title, kind=kind, published=published, language=language
    )
    assert outcome.status == "created"
    return outcome.document


def titles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+" dir="auto" lang="\w+">([^<]+)</a>', html)


@pytest.fixture
def items():
    return [
        add("Malta hosted the Rabat Process meeting.", "Malta meeting", day=3),
        add("Senegal and Mauritania signed an agreement.", "Senegal agreement", day=5),
        add("Le Processus de Rabat au Maroc.", "Rabat au Maroc", day=4, language="fr"),
        add("An annual report about Malta.", "Annual report", kind="report", day=6),
    ]


def test_news_lists_news_items_newest_first(items):
    html = client_for().get("/news/").content.decode()
    shown = [t for t in titles(html) if t in {d.title for d in items}]
    assert shown == ["Senegal agreement", "Rabat au Maroc", "Malta meeting"]  # no report, newest first


def test_documents_take_the_apis_filters(items):
    client = client_for()
    reports = titles(client.get("/documents/", {"type": "report", "q": "annual"}).content.decode())
    assert "Annual report" in reports and "Malta meeting" not in reports
    by_state = titles(client.get("/documents/", {"country": "MLT", "since": "2024-05-01"}).content.decode())
    assert set(by_state) == {"Malta meeting", "Annual report"}
    assert titles(client.get("/news/", {"language": "fr"}).content.decode()) == ["Rabat au Maroc"]
    assert titles(client.get("/news/", {"until": "2024-05-03", "since": "2024-05-03"}).content.decode()) == [
        "Malta meeting"
    ]
    api = client.get("/api/documents", {"country": "MLT", "since": "2024-05-01"}).json()
    assert {d["title"] for d in api["results"]} == set(by_state)


def test_a_bad_filter_is_named_and_ignored(items):
    response = client_for().get("/documents/", {"since": "yesterday"})
    html = response.content.decode()
    assert response.status_code == 200 and "since" in html.split('class="problems"')[1]
    assert "Annual report" in titles(html)


def test_documents_are_paginated_with_their_count(items):
    html = client_for().get("/documents/", {"page_size": 2}).content.decode()
    total = client_for().get("/api/documents").json()["count"]
    assert f"{total} results" in html and len(titles(html)) == 2 and 'rel="next"' in html


def test_every_page_advertises_the_news_feeds_and_the_feed_leads_to_news():
    html = client_for().get("/fr/countries/MLT/").content.decode()
    head = html.split("</head>")[0]
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="/news/rss.xml">', head
    )
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="/news/atom.xml">', head
    )
    rss = client_for().get("/news/rss.xml").content.decode()
    assert re.search(r"<channel>.*?<link>http://testserver/news/</link>", rss, re.DOTALL)


def test_feed_descriptions_are_plain_text():
    add("## **Malta** news\n\nThe **Rabat Process** met in 3<sup>rd</sup> week.", "Markdown news", day=7)
    rss = client_for().get("/news/rss.xml").content.decode()
    item = rss.split("<title>Markdown news</title>")[1].split("</item>")[0]
    assert "Malta news The Rabat Process met in 3rd week." in item and "**" not in item
