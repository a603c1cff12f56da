"""Charts (docs/charts.md): each counts what its page lists, within the reader scope; its table twin is in
the page in every language; its CSV is exactly that table."""

import csv
import datetime
import io
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from migis.core import charts as core_charts
from migis.portal import charts
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _dialogue_page(user, slug="rabat-process"):
    from migis.dialogues.services import visible_dialogues
    from migis.portal.dialogue_page import dialogue_page

    return dialogue_page(visible_dialogues(user).get(slug=slug), user, charts=True)


def _profile(user, iso3):
    from migis.portal.profiles import country_profile, get_country

    return country_profile(get_country(iso3, user), user, charts=True)


def _figure(html: str, chart_id: str) -> str:
    start = html.index(f'<figure class="chart" id="chart-{chart_id}"')
    return html[start : html.index("</figure>", start)]


def _spec(html: str, chart_id: str) -> dict:
    pattern = rf'<script id="chart-spec-{chart_id}" type="application/json">(.*?)</script>'
    found = re.search(pattern, html, re.S)
    assert found, chart_id
    return json.loads(found.group(1))


def _csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # the byte-order mark: spreadsheets read it as UTF-8
    return list(csv.reader(io.StringIO(body[1:])))


# --- what the charts count ---------------------------------------------------------------------------


def test_dialogue_charts_count_what_the_page_lists():
    page = _dialogue_page(AnonymousUser())
    by_id = {c.id: c for c in page.charts}
    assert list(by_id) == ["members", "chairs", "meetings", "projects-theme"]  # no donor, no start year held

    meetings = by_id["meetings"]
    assert sum(r["count"] for r in meetings.rows) == len(page.events)
    assert {r["year"] for r in meetings.rows if r["count"]} == {e.start_date.year for e in page.events}

    chairs = by_id["chairs"]
    assert sorted((r["holder"], r["since"]) for r in chairs.rows) == sorted(
        (c.holder.name, c.start) for c in page.chairs
    )

    members = {(r["year"], r["role"]): r["count"] for r in by_id["members"].rows}
    # every role a state holds is counted (the tables show each state once, under its strongest role)
    for role in {m.role for m in page.members}:
        rows = [m for m in page.members if m.role == role]
        year = rows[0].as_of.year  # the Rabat Process's lists are stated as of 2019 and 2015
        label = str(next(m.get_role_display() for m in rows))
        assert members[(year, label)] == len([m for m in rows if m.as_of.year == year])
    assert members[(2019, "participating")] == 56 and members[(2019, "observer")] == 2

    themes = {r["name"]: r["count"] for r in by_id["projects-theme"].rows}
    assert themes == {
        name: sum(1 for p in page.projects if name in {t.name for t in p.themes.all()}) for name in themes
    }
    assert set(themes) == {t.name for p in page.projects for t in p.themes.all()}


def test_projects_by_donor_and_year_appear_with_data():
    from migis.dialogues.models import Dialogue
    from migis.organisations.models import Organisation
    from migis.projects.models import Project

    rabat = Dialogue.objects.get(slug="rabat-process")
    eu = Organisation.objects.get(slug="european-commission")
    for i, year in enumerate((2016, 2016, 2019)):
        p = Project.objects.create(slug=f"chart-{i}", title=f"C{i}", start_year=year, source_title="test")
        p.dialogues.add(rabat)
        p.donors.add(eu)
    page = _dialogue_page(AnonymousUser())
    by_id = {c.id: c for c in page.charts}
    assert by_id["projects-donor"].rows == [{"name": eu.label, "count": 3}]
    # every year from the first to the last, a year without a project included
    assert by_id["projects-year"].rows == [
        {"year": 2016, "count": 2},
        {"year": 2017, "count": 0},
        {"year": 2018, "count": 0},
        {"year": 2019, "count": 1},
    ]
    assert "1" in str(by_id["projects-year"].note)  # the undated project is said to be left out


def test_restricted_records_are_not_counted(restricted, users):
    from migis.core.permissions import Role
    from migis.dialogues.models import Dialogue
    from migis.frameworks.models import Theme

    rabat = Dialogue.objects.get(slug="rabat-process")
    theme = Theme.objects.order_by("pk").first()
    secret = restricted["project"]  # restricted, in Malta, funded by a restricted donor
    secret.dialogues.add(rabat)
    secret.themes.add(theme)
    restricted["event"].dialogue = rabat
    restricted["event"].save()
    membership = restricted["dialogue"].memberships.get()  # Malta in a restricted dialogue
    membership.as_of = datetime.date(2020, 1, 1)
    membership.save()

    def counted(page_charts, chart_id):
        chart = core_charts.find(page_charts, chart_id)
        return {} if chart is None else {r.get("name", r.get("year")): r["count"] for r in chart.rows}

    public, official = AnonymousUser(), users[Role.OFFICIAL]
    before, after = _dialogue_page(public), _dialogue_page(official)
    themes_before = counted(before.charts, "projects-theme")
    assert counted(after.charts, "projects-theme")[theme.name] == themes_before.get(theme.name, 0) + 1
    assert "Secret Donor" not in counted(before.charts, "projects-donor")
    assert counted(after.charts, "projects-donor") == {"Secret Donor": 1}
    assert 2020 not in counted(before.charts, "meetings") and counted(after.charts, "meetings")[2020] == 1

    def dialogues_drawn(user):
        chart = core_charts.find(_profile(user, "MLT").charts, "dialogues")
        return {r["dialogue"] for r in chart.rows}

    assert "Secret Dialogue" not in dialogues_drawn(public) and "Secret Dialogue" in dialogues_drawn(official)
    assert core_charts.find(_profile(public, "MLT").charts, "projects-theme") is None  # only SECRETPRJ there
    assert counted(_profile(official, "MLT").charts, "projects-theme") == {theme.name: 1}
    # and the CSV a public reader downloads holds none of them
    response = client_for().get("/dialogues/rabat-process/?chart=meetings&format=csv")
    assert ["2020", "1"] not in _csv(response)


def test_membership_years_use_what_is_known():
    from types import SimpleNamespace as Row

    def years(since=None, until=None, as_of=None, stated=None):
        m = Row(since=since, until=until, as_of=as_of and datetime.date(as_of, 1, 1))
        return list(charts._membership_years(m, stated))

    assert years(since=2006, as_of=2009) == [2006, 2007, 2008, 2009]  # joined, stated true in 2009
    assert years(as_of=2019) == [2019]  # only the source's date is known
    assert years(stated=2015) == [2015]  # the member list's date
    assert years(since=2010, until=2012, as_of=2020) == [2010, 2011, 2012]
    assert years(until=2012, as_of=2020) == [2012]
    assert years() == []  # no date at all: not counted


def test_a_chart_without_data_is_not_drawn():
    from migis.dialogues.models import Dialogue

    Dialogue.objects.create(slug="bare", name_en="Bare dialogue", source_title="test")
    assert _dialogue_page(AnonymousUser(), "bare").charts == []
    assert charts.meetings_by_year([], cut=False) is None
    assert charts.projects_by("theme", [], cut=False) is None
    assert charts.dialogues_timeline([]) is None
    assert '<figure class="chart"' not in client_for().get("/dialogues/bare/").content.decode()


def test_the_profile_draws_its_dialogues_over_time_and_projects_by_theme():
    profile = _profile(AnonymousUser(), "TUN")
    by_id = {c.id: c for c in profile.charts}
    assert [i for i in by_id if not i.startswith("data-")] == ["dialogues", "projects-theme"]
    assert {i for i in by_id if i.startswith("data-")} == {
        f"data-{s.indicator.code}" for s in profile.data if s.chart
    }
    assert {r["dialogue"] for r in by_id["dialogues"].rows} == {r.dialogue.name for r in profile.dialogues}
    this_year = timezone.localdate().year
    assert all(r["_after"] == (r["until"] or this_year) + 1 for r in by_id["dialogues"].rows)
    themes = {r["name"]: r["count"] for r in by_id["projects-theme"].rows}
    assert sum(themes.values()) == sum(p.themes.count() for p in profile.projects)


# --- the page: table twin, spec, right to left --------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "year", "meetings", "reverse", "axis"),
    [("/fr", "Année", "Réunions", False, "left"), ("/ar", "السنة", "الاجتماعات", True, "right")],
)
def test_the_table_twin_is_in_the_page_in_each_language(prefix, year, meetings, reverse, axis):
    html = client_for().get(f"{prefix}/dialogues/rabat-process/").content.decode()
    figure = _figure(html, "meetings")
    assert "<table" in figure and "<details" in figure
    assert f'<th scope="col" class="num">{year}</th><th scope="col" class="num">{meetings}</th>' in figure
    assert '<th scope="row" class="num"><bdi>2011</bdi></th><td class="num"><bdi>1</bdi></td>' in figure
    assert 'href="?chart=meetings&amp;format=csv"' in figure
    spec = _spec(html, "meetings")
    assert spec["encoding"]["x"]["scale"]["reverse"] is reverse  # time runs from the right in Arabic
    assert spec["encoding"]["y"]["axis"]["orient"] == axis
    assert spec["encoding"]["x"]["title"] == year  # the drawing speaks the page's language
    with translation.override(prefix[1:]):
        chart = core_charts.find(_dialogue_page(AnonymousUser()).charts, "meetings")
    assert spec["data"]["values"] == chart.rows  # the drawing and the table hold the same rows
    chairs = _figure(html, "chairs")
    assert "<bdi>" in chairs and "2015" in chairs


def test_the_profile_has_its_charts_and_table_twins():
    html = client_for().get("/ar/countries/TUN/").content.decode()
    figure = _figure(html, "dialogues")
    assert "الحوار" in figure and "الدور" in figure  # Dialogue, Role
    assert _spec(html, "dialogues")["encoding"]["x"]["scale"]["reverse"] is True
    assert "chart-spec-projects-theme" in html
    assert "migis/charts.js" in html and "migis/charts.css" in html
    assert "style=" not in figure  # the policy forbids inline style


# --- the CSV -------------------------------------------------------------------------------------------


def test_a_chart_downloads_as_csv_of_exactly_its_table():
    response = client_for().get("/fr/dialogues/rabat-process/?chart=chairs&format=csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    stamp = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="migis-rabat-process-chairs-{stamp}.csv"'
    rows = _csv(response)
    assert rows[0] == ["Présidence", "Rôle", "Depuis", "Jusqu'à"]
    with translation.override("fr"):
        chart = core_charts.find(_dialogue_page(AnonymousUser()).charts, "chairs")
        assert rows[1:] == [
            ["" if row[c.key] is None else str(row[c.key]) for c in chart.columns] for row in chart.rows
        ]
    assert ["Maroc", "présidence", "2015", "2015"] in rows


def test_the_profile_chart_downloads_too_and_bad_requests_are_refused():
    client = client_for()
    response = client.get("/countries/TUN/?chart=projects-theme&format=csv")
    assert response.status_code == 200 and _csv(response)[0] == ["Theme", "Projects"]
    assert "migis-TUN-projects-theme-" in response["Content-Disposition"]
    assert client.get("/countries/TUN/?chart=nothing&format=csv").status_code == 404
    assert client.get("/dialogues/rabat-process/?chart=chairs&format=xlsx").status_code == 400


def test_csv_cells_that_look_like_formulas_stay_text():
    with translation.override("en"):
        chart = core_charts.bars(
            "t",
            "Test",
            [{"name": "=HYPERLINK(1)", "count": 1}, {"name": "-x", "count": 2}],
            core_charts.Column("name", "Name"),
            core_charts.Column("count", "Count", number=True),
            unit="things",
            source="here",
        )
    assert list(csv.reader(io.StringIO(core_charts.csv_text(chart)))) == [
        ["Name", "Count"],
        ["'=HYPERLINK(1)", "1"],
        ["'-x", "2"],
    ]
