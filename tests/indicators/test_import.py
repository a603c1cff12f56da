"""The importer: every value checked the same way whatever the layout, problems named where they are,
nothing half-written, re-runs idempotent, versions kept."""

import pytest
from django.core.management import CommandError, call_command

from migis.indicators.importing import ImportError_, import_data
from migis.indicators.models import Dataset, DatasetVersion, Indicator, Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def counts():
    """Two indicators of the test's own: a count of people and a bilateral count."""
    common = dict(unit="persons", minimum=0, source_title="test", source_url="https://example.org/def")
    people = Indicator.objects.create(code="zz_people", name_en="People", source_codes=["ZZ.PPL"], **common)
    flows = Indicator.objects.create(code="zz_flows", name_en="Flows", kind="bilateral", **common)
    return people, flows


def write(tmp_path, name: str, text: str, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


TIDY = """indicator,country,period,value,sex
ZZ.PPL,MLT,2019,"1,234,567",
zz_people,Malta,2020,1300000,
zz_people,FRA,2020-Q1,12.5,F
zz_people,WLD,2020,99,
zz_people,DEU,2020,,
"""


def test_a_tidy_file_is_imported_with_its_places_periods_and_breakdowns(tmp_path, counts):
    report = import_data(write(tmp_path, "people.csv", TIDY), dataset="zz-test")
    assert report.status == "imported", report.summary()
    rows = {
        (o.country.iso3, o.period, o.breakdown): o.value
        for o in Observation.objects.filter(version__dataset__slug="zz-test").select_related("country")
    }
    assert rows == {
        ("MLT", "2019", ""): 1234567.0,  # a publisher's code (ZZ.PPL) and thousands separators
        ("MLT", "2020", ""): 1300000.0,  # a name
        ("FRA", "2020-Q1", "sex=F"): 12.5,
    }
    assert report.skipped == {"aggregate WLD": 1}  # and DEU's empty cell is not stored, never a zero
    assert report.written == 3


def test_the_same_file_again_changes_nothing_and_a_new_edition_keeps_the_old_values(tmp_path, counts):
    path = write(tmp_path, "people.csv", TIDY)
    first = import_data(path, dataset="zz-test")
    again = import_data(path, dataset="zz-test")
    assert (again.status, again.version) == ("unchanged", first.version)
    assert DatasetVersion.objects.filter(dataset__slug="zz-test").count() == 1
    newer = import_data(
        write(tmp_path, "people-2.csv", TIDY.replace("1300000", "1400000")), dataset="zz-test"
    )
    assert newer.version == first.version + 1
    versions = {v.number: v.is_current for v in DatasetVersion.objects.filter(dataset__slug="zz-test")}
    assert versions == {first.version: False, newer.version: True}
    values = Observation.objects.filter(country__iso3="MLT", period="2020", indicator__code="zz_people")
    assert sorted(values.values_list("version__number", "value")) == [(1, 1300000.0), (2, 1400000.0)]


BAD = """indicator,country,period,value
zz_people,MLT,2019,12 apples
zz_people,MLT,2030,5
zz_nothing,MLT,2019,5
zz_people,FRA,2019,-4
zz_people,ITA,2019,"1,234"
zz_people,ESP,2019,7
zz_people,ESP,2019,8
zz_people,PRT,2021-W53,9
zz_people,GRC,2019,"=1+1"
"""


def test_every_problem_is_named_where_it_is_and_nothing_is_written(tmp_path, counts):
    path = write(tmp_path, "bad.csv", BAD)
    report = import_data(path, dataset="zz-bad")
    problems = [str(p) for p in report.problems]
    assert (
        report.status == "refused"
        and not Observation.objects.filter(version__dataset__slug="zz-bad").exists()
    )
    expected = [
        ("line 2", "value", "'12 apples' is not a number"),
        ("line 3", "period", "has not begun yet"),
        ("line 4", "indicator", "unknown indicator 'zz_nothing'"),
        ("line 5", "value", "below the smallest plausible value"),
        ("line 6", "value", "ambiguous"),
        ("line 8", "key", "a second value for zz_people ESP 2019"),
        ("line 9", "period", "2021 has 52 ISO weeks"),
        ("line 10", "value", "formula"),
    ]
    for line, field, words in expected:
        assert any(p.startswith(line) and f", {field}: " in p and words in p for p in problems), (
            line,
            problems,
        )
    assert not DatasetVersion.objects.filter(dataset__slug="zz-bad").exists()


def test_only_clean_imports_the_clean_values_and_lists_the_others(tmp_path, counts):
    report = import_data(write(tmp_path, "bad.csv", BAD), dataset="zz-bad", only_clean=True)
    assert report.status == "imported the clean values" and report.problem_count >= 7
    stored = Observation.objects.filter(version__dataset__slug="zz-bad")
    assert list(stored.values_list("country__iso3", "value")) == [("ESP", 7.0)]  # the first of two kept


def test_a_dry_run_writes_nothing(tmp_path, counts):
    report = import_data(write(tmp_path, "people.csv", TIDY), dataset="zz-dry", dry_run=True)
    assert report.status == "dry run" and report.written == 3
    assert (
        not Dataset.objects.filter(slug="zz-dry").exists()
        and not DatasetVersion.objects.filter(file_name="people.csv").exists()
    )


def test_bilateral_values_need_an_origin(tmp_path, counts):
    text = "indicator,origin,destination,year,value\nzz_flows,MAR,ESP,2019,700\nzz_flows,XXA,ESP,2019,3\n"
    report = import_data(write(tmp_path, "flows.csv", text), dataset="zz-flows")
    assert report.status == "imported" and report.skipped == {"unknown XXA": 1}
    (row,) = Observation.objects.filter(version__dataset__slug="zz-flows").select_related("country", "origin")
    assert (row.origin.iso3, row.country.iso3, row.value) == ("MAR", "ESP", 700.0)
    report = import_data(write(tmp_path, "one.csv", "indicator,country,year,value\nzz_flows,ESP,2019,7\n"))
    assert report.status == "refused" and "one value per origin and destination" in str(report.problems[0])


def test_scales_and_units(tmp_path, counts):
    text = "indicator,country,year,value,unit mult\nzz_people,MLT,2019,1.5,3\n"
    import_data(write(tmp_path, "k.csv", text), dataset="zz-k")
    assert Observation.objects.get(version__dataset__slug="zz-k").value == 1500.0
    text = "indicator,country,year,value,unit\nzz_people,MLT,2019,1.5,current US$\n"
    report = import_data(write(tmp_path, "u.csv", text), dataset="zz-u")
    assert report.status == "refused" and "'current US$' is not the unit of zz_people" in str(
        report.problems[0]
    )


def test_an_unreadable_file_is_refused_by_name(tmp_path, counts, settings):
    with pytest.raises(ImportError_, match="not a layout migis reads"):
        import_data(write(tmp_path, "notes.csv", "a,b\n1,2\n"))
    with pytest.raises(ImportError_, match="no such file"):
        import_data(tmp_path / "absent.csv")
    with pytest.raises(ImportError_, match="no such indicator"):
        import_data(write(tmp_path, "people.csv", TIDY), indicator="zz_none")


def test_the_file_size_limit(tmp_path, counts, monkeypatch):
    monkeypatch.setenv("MIGIS_IMPORT_MAX_MB", "0")
    with pytest.raises(ImportError_, match=r"the limit is 0 MB \(MIGIS_IMPORT_MAX_MB\)"):
        import_data(write(tmp_path, "people.csv", TIDY))


def test_the_command_prints_the_report_and_fails_on_a_refused_file(tmp_path, counts, capsys):
    call_command("import_data", str(write(tmp_path, "people.csv", TIDY)), "--dataset", "zz-cmd")
    assert "imported" in capsys.readouterr().out
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_data", str(write(tmp_path, "bad.csv", BAD)), "--dataset", "zz-cmd2")
    out = capsys.readouterr().out
    assert "line 2, column value, value: '12 apples' is not a number" in out and "version" not in out
