"""The world map's layers: count classes, units, the table twin as CSV, the organisations offered and
what a dialogue without a member list says."""

import csv
import io
import itertools
import random

import pytest

from migis.core.collation import sort_key
from migis.core.permissions import Role
from migis.portal import maps
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


# --- count classes -------------------------------------------------------------------------------------


def _spread(groups):
    return sum(sum((x - sum(g) / len(g)) ** 2 for x in g) for g in groups)


def _best_spread(values, k):
    """The least squared deviation within classes over every split of the sorted values into k runs
    that keep equal values together (brute force)."""
    distinct = sorted(set(values))
    best = float("inf")
    for cuts in itertools.combinations(range(1, len(distinct)), k - 1):
        edges = [0, *cuts, len(distinct)]
        groups = [
            [v for v in values if distinct[a] <= v <= distinct[b - 1]] for a, b in itertools.pairwise(edges)
        ]
        best = min(best, _spread(groups))
    return best


def _groups(values, classes):
    return [[v for v in values if lo <= v <= hi] for lo, hi in classes]


def test_classes_are_natural_breaks():
    rng = random.Random(7)
    for _ in range(60):
        values = [int(rng.paretovariate(1.2)) for _ in range(rng.randint(1, 30))]
        k = min(5, len(set(values)))
        classes = maps.count_classes(values)
        assert len(classes) == k
        assert _spread(_groups(values, classes)) == pytest.approx(_best_spread(values, k)), values


def test_classes_join_up_and_cover_every_value():
    values = [1] * 54 + [2] * 33 + [3] * 18 + [4] * 22 + [5] * 10 + [6] * 4 + [7] * 24 + [8] * 3 + [9]
    classes = maps.count_classes(values)
    assert classes[0][0] == 1 and classes[-1][1] == 9 and len(classes) == 5
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(classes))  # 3-4 then 5-9: no gap
    assert all(lo <= hi for lo, hi in classes)


def test_skewed_counts_keep_the_few_large_apart():
    # most states have one or two, a few have many: equal steps would put almost all in the first class
    values = [1] * 60 + [2] * 25 + [3] * 8 + [12, 15, 40]
    classes = maps.count_classes(values)
    assert classes[0] == [1, 1]
    assert classes[-1] == [16, 40] and [v for v in values if v >= 16] == [40]


@pytest.mark.parametrize(
    "values, expected",
    [([], []), ([3], [[3, 3]]), ([2, 2, 5], [[2, 2], [3, 5]]), ([1, 2, 3], [[1, 1], [2, 2], [3, 3]])],
)
def test_few_values_make_few_classes(values, expected):
    assert maps.count_classes(values) == expected


@pytest.mark.parametrize(
    "query, unit",
    [
        ("layer=dialogues", "number of dialogues"),
        ("layer=projects", "number of projects"),
        ("layer=mentions&days=30", "news items in the last 30 days"),
        ("layer=mentions&days=1", "news items in the last 1 day"),
        ("layer=dialogue&dialogue=rabat-process", "role"),
        ("layer=organisation&organisation=icmpd", "membership"),
    ],
)
def test_every_layer_states_its_unit(query, unit):
    body = client_for().get(f"/api/map?{query}").json()
    assert body["unit"] == unit
    if body["kind"] == "count":
        assert body["classes"] == maps.count_classes(body["values"].values())
    else:
        assert body["classes"] is None


def test_count_classes_hold_every_value_of_the_layer():
    body = client_for().get("/api/map?layer=dialogues").json()
    classes = body["classes"]
    assert 3 <= len(classes) <= 5
    assert all(any(lo <= v <= hi for lo, hi in classes) for v in body["values"].values())


# --- the table twin as CSV -------------------------------------------------------------------------------


def _csv(response):
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets then read the names as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_holds_the_table_with_the_layer_title_source_and_date():
    client = client_for()
    response = client.get("/?layer=dialogue&dialogue=rabat-process&format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="migis-map-dialogue-rabat-process.csv"'
    header, *rows = _csv(response)
    assert header == ["State", "ISO 3166-1 alpha-3", "Value", "Layer", "Source", "As of"]
    html = client.get("/?layer=dialogue&dialogue=rabat-process").content.decode()
    assert len(rows) == html.count('<th scope="row">') > 50  # the same rows as the page's table
    malta = next(r for r in rows if r[1] == "MLT")
    assert malta[:4] == ["Malta", "MLT", "participating", "Role in Rabat Process"]
    assert malta[4] == "http://testserver/?layer=dialogue&dialogue=rabat-process"
    assert len(malta[5]) == 10 and malta[5][:2] == "20"  # the date, ISO 8601
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=sort_key)


@pytest.mark.parametrize(
    "query, filename",
    [
        ("", "migis-map-dialogues.csv"),
        ("layer=projects&", "migis-map-projects.csv"),
        ("layer=mentions&days=90&", "migis-map-mentions-90-days.csv"),
        ("layer=organisation&organisation=ecowas&", "migis-map-organisation-ecowas.csv"),
    ],
)
def test_csv_is_named_after_the_layer(query, filename):
    response = client_for().get(f"/?{query}format=csv")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_csv_counts_are_numbers_and_the_organisation_layer_gives_its_date():
    _, *rows = _csv(client_for().get("/?format=csv"))
    assert all(r[2].isdigit() for r in rows) and any(r[1] == "MLT" for r in rows)
    _, *rows = _csv(client_for().get("/?layer=organisation&organisation=ecowas&format=csv"))
    assert len(rows) == 15 and {r[2] for r in rows} == {"member state"}
    assert len({r[5] for r in rows}) == 1 and rows[0][5] != ""  # the member list's date


def test_csv_escapes_commas_quotes_and_formulas():
    from migis.geo.models import Country

    Country.objects.filter(iso3="MLT").update(name_en='Malta, "the" Republic')
    Country.objects.filter(iso3="CYP").update(name_en='=HYPERLINK("http://x.example","y")')
    response = client_for().get("/?format=csv")
    raw = response.content.decode()
    assert '"Malta, ""the"" Republic",MLT,' in raw
    rows = _csv(response)
    names = {r[1]: r[0] for r in rows[1:]}
    assert names["MLT"] == 'Malta, "the" Republic'
    assert names["CYP"] == '\'=HYPERLINK("http://x.example","y")'  # text, never a formula


def test_csv_keeps_to_the_reader_scope(users):
    from migis.geo.models import Country

    Country.objects.filter(iso3="MLT").update(visibility="restricted")
    for query in ("", "layer=dialogue&dialogue=rabat-process&"):
        public = _csv(client_for().get(f"/?{query}format=csv"))
        assert "MLT" not in {r[1] for r in public} and "Malta" not in str(public)
        official = _csv(client_for(users[Role.OFFICIAL]).get(f"/?{query}format=csv"))
        assert "MLT" in {r[1] for r in official}


def test_csv_of_a_restricted_dialogue_is_refused_to_the_public(restricted, users):
    response = client_for().get("/?layer=dialogue&dialogue=secret-dialogue&format=csv")
    assert response.status_code == 400 and b"secret-dialogue" in response.content  # as if it did not exist
    rows = _csv(client_for(users[Role.OFFICIAL]).get("/?layer=dialogue&dialogue=secret-dialogue&format=csv"))
    assert [r[1] for r in rows[1:]] == ["MLT"]


def test_csv_follows_the_page_language():
    _, *rows = _csv(client_for().get("/fr/?format=csv"))
    names = {r[1]: r[0] for r in rows}
    assert names["MLT"] == "Malte" and rows[0][4].startswith("http://testserver/fr/")


def test_page_links_to_its_csv():
    html = client_for().get("/?layer=projects").content.decode()
    assert 'href="?layer=projects&amp;format=csv" download' in html


# --- the organisations offered ---------------------------------------------------------------------------


def _offered(html):
    select = html.split('name="organisation"')[1].split("</select>")[0]
    return [part.split('"')[0] for part in select.split('<option value="')[1:]]


def test_membership_of_offers_every_organisation_with_a_member_list_in_order():
    from migis.organisations.models import Organisation

    with_members = Organisation.objects.filter(memberships__isnull=False).distinct()
    expected = [o.slug for o in sorted(with_members, key=lambda o: sort_key(o.label))]
    assert len(expected) >= 5
    assert _offered(client_for().get("/").content.decode()) == expected
    assert [o.slug for o in maps.organisations_with_members(None)] == expected


def test_organisations_are_sorted_in_the_page_language():
    from migis.organisations.models import Organisation

    html = client_for().get("/fr/").content.decode()
    offered = _offered(html)
    by_slug = {o.slug: o for o in Organisation.objects.filter(slug__in=offered)}
    labels = [f"{by_slug[s].name_fr or by_slug[s].name_en} ({by_slug[s].acronym})" for s in offered]
    assert labels == sorted(labels, key=lambda t: sort_key(t, "fr"))


def test_organisations_without_a_member_list_the_reader_sees_are_not_offered(users):
    from migis.geo.models import Country
    from migis.organisations.models import Organisation, OrganisationMembership

    malta = Country.objects.get(iso3="MLT")
    secret = Organisation.objects.create(slug="secret-club", name_en="Secret Club", visibility="restricted")
    OrganisationMembership.objects.create(organisation=secret, country=malta, source_title="test")
    hidden_list = Organisation.objects.create(slug="hidden-list", name_en="Hidden List")
    OrganisationMembership.objects.create(
        organisation=hidden_list, country=malta, visibility="restricted", source_title="test"
    )
    Organisation.objects.create(slug="no-list", name_en="No List")
    public = _offered(client_for().get("/").content.decode())
    assert not {"secret-club", "hidden-list", "no-list"} & set(public)
    official = _offered(client_for(users[Role.OFFICIAL]).get("/").content.decode())
    assert {"secret-club", "hidden-list"} <= set(official) and "no-list" not in official


# --- a dialogue whose members are not held -------------------------------------------------------------


def test_dialogue_without_member_list_says_so_with_its_note():
    html = client_for().get("/?layer=dialogue&dialogue=hld").content.decode()
    notice = html.split('id="map-notice">')[1].split("</p>")[0]
    assert notice.startswith("No member list is held for this dialogue.")
    assert "no list of the states taking part is held" in notice
    body = client_for().get("/api/map?layer=dialogue&dialogue=hld").json()
    assert body["notice"] == notice and body["values"] == {}


def test_dialogue_held_as_organisations_says_it_has_no_member_states():
    body = client_for().get("/api/map?layer=dialogue&dialogue=mme").json()
    assert body["notice"].startswith("No list of member states is held for this dialogue.")
    assert "African Union" in body["notice"]


def test_dialogue_with_members_has_no_notice_and_chairs_alone_keep_it():
    html = client_for().get("/?layer=dialogue&dialogue=rabat-process").content.decode()
    assert 'id="map-notice"' not in html
    body = client_for().get("/api/map?layer=dialogue&dialogue=gfmd").json()
    assert set(body["values"].values()) == {"chair"} and body["notice"].startswith("No member list")


def test_dialogue_without_a_statement_or_members_says_so():
    from migis.dialogues.models import Dialogue

    Dialogue.objects.create(slug="bare", name_en="Bare Dialogue", source_title="test")
    body = client_for().get("/api/map?layer=dialogue&dialogue=bare").json()
    assert body["notice"] == "No member list is held for this dialogue."
    html = client_for().get("/?layer=dialogue&dialogue=bare").content.decode()
    assert html.count("No member list is held for this dialogue.") == 2  # above the map and in the table


def test_organisation_without_members_says_so():
    from migis.organisations.models import Organisation

    Organisation.objects.create(slug="no-list", name_en="No List")
    body = client_for().get("/api/map?layer=organisation&organisation=no-list").json()
    assert body["values"] == {} and body["notice"] == "No member list is held for this organisation."
