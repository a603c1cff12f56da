"""Server-rendered pages: profiles, lists, languages, and a fixed number of queries per page."""

import datetime
import json
import os
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migis.dialogues.models import ROLE_RANK
from tests.conftest import client_for, committed

pytestmark = pytest.mark.django_db
QUERY_COUNTS = Path(__file__).parent / "query_counts.json"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/countries/",
        "/countries/MLT/",
        "/countries/XKX/",
        "/dialogues/",
        "/dialogues/rabat-process/",
        "/projects/",
        "/events/",
        "/organisations/",
        "/organisations/icmpd/",
        "/documents/",
        "/about/",
        "/?layer=projects",
        "/?layer=dialogue&dialogue=rabat-process",
        "/?layer=organisation&organisation=icmpd",
    ],
)
def test_pages_render(url):
    assert client_for().get(url).status_code == 200


def test_lower_case_code_redirects():
    response = client_for().get("/countries/mlt/")
    assert response.status_code == 301 and response["Location"] == "/countries/MLT/"


def test_unknown_country_page_is_404():
    assert client_for().get("/countries/XXX/").status_code == 404


def test_profile_sections_follow_the_migration_profile_light_template():
    html = client_for().get("/countries/MLT/").content.decode()
    assert 'id="actors"' in html and "ICMPD" in html
    assert 'id="cooperation"' in html
    assert html.index('id="actors"') < html.index('id="cooperation"') < html.index('id="data"')
    # A state with no values of any indicator has no Data section (and Kosovo is no UN member: the
    # illustrative statistics leave it out).
    assert 'id="data"' not in client_for().get("/countries/XKX/").content.decode()


def test_profile_shows_names_in_three_languages_and_region():
    html = client_for().get("/countries/MLT/").content.decode()
    assert "Malte" in html and "مالطة" in html and "Southern Europe" in html


def test_arabic_pages_are_right_to_left():
    html = client_for().get("/ar/countries/MLT/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "مالطة" in html.split("<h1>")[1]


def test_the_language_is_in_the_address():
    client = client_for()
    assert '<html lang="en" dir="ltr">' in client.get("/countries/MLT/").content.decode()
    html = client.get("/fr/countries/MLT/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html and "<h1>Malte</h1>" in html
    assert 'href="/fr/projects/"' in html  # links inside a French page stay in French
    assert 'data-profile-url="/ar/countries/"' in client.get("/ar/").content.decode()  # and map clicks
    # the address decides, not the browser's preference
    html = client.get("/countries/MLT/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    french = client.get("/fr/dialogues/").content.decode()
    assert 'href="/fr/dialogues/rabat-process/"' in french
    assert 'href="/dialogues/rabat-process/"' not in french


def test_the_language_switch_keeps_the_reader_on_the_same_page():
    html = client_for().get("/fr/projects/?page_size=10").content.decode()
    switch = html.split('<nav class="lang"')[1].split("</nav>")[0]
    assert 'href="http://testserver/projects/?page_size=10" hreflang="en"' in switch
    assert 'href="http://testserver/ar/projects/?page_size=10" hreflang="ar"' in switch
    assert 'hreflang="fr" lang="fr" aria-current="page"' in switch
    head = html.split("</head>")[0]
    for code, prefix in (("en", ""), ("fr", "/fr"), ("ar", "/ar"), ("x-default", "")):
        address = f"http://testserver{prefix}/projects/?page_size=10"
        assert f'<link rel="alternate" hreflang="{code}" href="{address}">' in head


def test_other_spellings_of_a_language_lead_to_its_address():
    client = client_for()
    response = client.get("/en/countries/MLT/?x=1")  # the default language has no prefix
    assert response.status_code == 301 and response["Location"] == "/countries/MLT/?x=1"
    # links made before the language was in the address
    response = client.get("/countries/MLT/?lang=ar&page=2")
    assert response.status_code == 302 and response["Location"] == "/ar/countries/MLT/?page=2"
    # machine-readable addresses have no language versions: ?lang= is their messages' language
    assert client.get("/api/countries/MLT?lang=fr").status_code == 200


def test_list_filters_and_pagination():
    client = client_for()
    page = client.get("/projects/?page_size=10").context["page"]
    assert page.size == 10 and page.num_pages > 1
    bad = client.get("/projects/?year=soon")
    assert bad.status_code == 200 and bad.context["problems"]


def _queries(client, url) -> int:
    from django.core.cache import cache

    cache.clear()  # count the queries of a page rendered anew, not served from the cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_related(start: int, count: int):
    """`count` more projects, events and dialogue memberships tied to Malta."""
    from migis.dialogues.models import Dialogue, Membership
    from migis.documents.models import Document
    from migis.events.models import Event
    from migis.geo.models import Country
    from migis.projects.models import Project

    malta = Country.objects.get(iso3="MLT")
    rabat = Dialogue.objects.get(slug="rabat-process")
    source = Document.objects.order_by("pk").first()  # each record cites a source, as curated ones do
    for i in range(start, start + count):
        p = Project.objects.create(
            slug=f"extra-{i}", title=f"Extra {i}", source_document=source, start_year=2020
        )
        p.countries.add(malta)
        p.dialogues.add(rabat)
        e = Event.objects.create(
            key=f"extra-{i}",
            title=f"Extra {i}",
            start_date=datetime.date(2020, 1, 1),
            country=malta,
            dialogue=rabat,
            project=p,
            source_title="test",
        )
        e.participant_countries.add(malta)
    for d in Dialogue.objects.exclude(memberships__country=malta)[:count]:
        Membership.objects.create(dialogue=d, country=malta, role="observer", source_title="test")


@pytest.mark.parametrize(
    "url",
    [
        "/countries/MLT/",
        "/api/countries/MLT",
        "/projects/?country=MLT",
        "/api/projects?country=MLT",
        "/events/?country=MLT",
        "/api/events?country=MLT",
        "/dialogues/rabat-process/",
        "/api/dialogues/rabat-process",
        "/",
        "/api/map?layer=projects&index=true",
    ],
)
def test_query_count_does_not_grow_with_related_records(url):
    """The queries of each page, with few and with many related records, equal the baseline in
    tests/query_counts.json (as NetBox keeps them): any change shows in the diff. MIGIS_QUERY_COUNTS=write
    records new baselines."""
    client = client_for()
    _add_related(0, 2)
    client.get(url)  # warm Django's own caches (content types)
    few = _queries(client, url)
    _add_related(2, 30)
    many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with few related records, {many} with many"
    baselines = json.loads(QUERY_COUNTS.read_text()) if QUERY_COUNTS.exists() else {}
    if os.environ.get("MIGIS_QUERY_COUNTS") == "write":
        baselines[url] = many
        QUERY_COUNTS.write_text(json.dumps(dict(sorted(baselines.items())), indent=2) + "\n")
    vendor = connection.vendor
    assert baselines.get(url) == many or baselines.get(f"{vendor}:{url}") == many, (
        f"{url}: {many} queries, baseline {baselines.get(url)} (tests/query_counts.json)"
    )


def test_cached_profile_is_invalidated_by_a_change():
    from migis.geo.models import Country
    from migis.projects.models import Project

    client = client_for()
    assert "Freshly added" not in client.get("/countries/MLT/").content.decode()
    with committed():
        project = Project.objects.create(slug="fresh", title="Freshly added", source_title="test")
        project.countries.add(Country.objects.get(iso3="MLT"))
    assert "Freshly added" in client.get("/countries/MLT/").content.decode()


def test_cached_fragments_are_not_shared_between_readers_and_public(users, restricted):
    official = client_for(users["official"])
    assert "Secret Project" in official.get("/countries/MLT/").content.decode()
    assert "Secret Project" not in client_for().get("/countries/MLT/").content.decode()
    assert "Secret Project" not in client_for(users["public"]).get("/countries/MLT/").content.decode()


def test_profile_lists_the_newest_and_links_to_the_rest():
    from migis.portal.profiles import LIMIT

    _add_related(0, LIMIT + 5)
    html = client_for().get("/countries/MLT/").content.decode()
    assert html.count('href="/projects/extra-') == LIMIT
    assert 'href="/projects/?country=MLT"' in html and 'href="/events/?country=MLT"' in html


def test_kosovo_carries_its_designation_footnote_with_its_source():
    from migis.geo.designations import DESIGNATIONS

    note = DESIGNATIONS["XKX"]
    profile = client_for().get("/countries/XKX/").content.decode()
    assert re.search(r"<h1>Kosovo<a class=\"fn\" href=\"#designation-XKX\">\*</a></h1>", profile)
    assert note.text in profile and f'href="{note.source_url}"' in profile
    listing = client_for().get("/fr/countries/").content.decode()
    assert listing.count(note.text) == 1 and 'href="#designation-XKX">*</a>' in listing
    assert client_for().get("/countries/MLT/").content.decode().count('class="designations"') == 0


def test_the_about_page_has_a_boundaries_disclaimer():
    html = client_for().get("/about/").content.decode()
    assert 'id="boundaries"' in html and "legal status of any country" in html


def test_an_organisation_page_names_the_city_of_its_headquarters():
    html = client_for().get("/organisations/icmpd/").content.decode()
    assert re.search(r"Vienna, <a href=\"/countries/AUT/\">Austria</a>", html)


def test_sources_read_as_citations_with_the_facts_words_marked():
    from migis.core.templatetags.migis import fact_words, marked_words
    from migis.dialogues.models import Chairmanship

    chair = Chairmanship.objects.select_related("country", "dialogue").get(
        dialogue__slug="budapest-process", start=2006, co_chair=False
    )
    words = fact_words(chair)
    assert "Türkiye" in words or "Turkey" in words
    assert "2006" in words and "Budapest Process" in words
    assert str(marked_words("<b>Türkiye</b> took over in 2006", ["Türkiye", "2006"])) == (
        "&lt;b&gt;<mark>Türkiye</mark>&lt;/b&gt; took over in <mark>2006</mark>"
    )
    html = client_for().get("/dialogues/budapest-process/").content.decode()
    citation = html.split('<div class="citation">')[1].split("</div>")[0]
    assert "<mark>" in citation and "True as of" in citation and "<blockquote" in citation


def test_a_name_no_source_gives_in_the_readers_language_says_so():
    from migis.organisations.models import Organisation

    untranslated = Organisation.objects.filter(name_ar="").exclude(name_en="").first()
    translated = Organisation.objects.exclude(name_ar="").first()
    html = client_for().get("/ar/organisations/").content.decode()
    assert re.search(
        rf'<bdi lang="en" class="untranslated" title="[^"]+">{re.escape(untranslated.name_en)}</bdi>', html
    )
    assert f">{translated.name_ar}</a>" in html
    english = client_for().get("/organisations/").content.decode()
    assert 'class="untranslated"' not in english


def test_a_state_is_listed_once_under_its_strongest_role_and_no_column_is_left_empty():
    from migis.dialogues.models import Dialogue
    from migis.portal.dialogue_page import dialogue_page

    rabat = Dialogue.objects.get(slug="rabat-process")
    page = dialogue_page(rabat, None)
    shown = [m.country_id for _role, rows in page.members_by_role() for m in rows]
    assert len(shown) == len(set(shown)) < len(page.members)  # some hold two roles: shown once
    for _role, rows in page.members_by_role():
        for m in rows:
            assert all(
                ROLE_RANK[other.role] <= ROLE_RANK[m.role]
                for other in page.members
                if other.country_id == m.country_id
            )
    html = client_for().get("/dialogues/rabat-process/").content.decode()
    members = html.split('id="members"')[1].split("</section>")[0]
    periods = re.findall(r"</th><td>(.*?)</td>", members)
    assert periods and all(p.strip() for p in periods)  # the years, or the date of the list
    profile = client_for().get("/countries/MLT/").content.decode()
    table = profile.split("<h3>Migration dialogues</h3>")[1].split("</table>")[0]
    header = table.split("</thead>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    for column in range(header.count("<th ")):
        cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)[column] for r in rows]
        assert any(c.strip() for c in cells), header  # no column empty on every row
