"""The real published files (../shared/data/statistics, absent from a user's clone: these tests then skip)
imported end to end, as an editor would: values land where the publisher put them."""

import os
from pathlib import Path

import pytest

from migis.indicators.importing import import_data
from migis.indicators.models import Indicator, Observation

DATA = Path(os.environ.get("MIGIS_SHARED_DATA", "/work/shared/data")) / "statistics"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DATA.exists(), reason="shared statistics corpus not available"),
]


def value(indicator: str, iso3: str, period: str, origin: str | None = None, breakdown: str = ""):
    rows = Observation.objects.filter(
        indicator__code=indicator,
        country__iso3=iso3,
        period=period,
        breakdown=breakdown,
        version__is_current=True,
    )
    rows = rows.exclude(version__dataset__illustrative=True)  # the demo's generated values
    rows = rows.filter(origin__iso3=origin) if origin else rows.filter(origin__isnull=True)
    return rows.values_list("value", flat=True).get()


def test_world_bank_download():
    report = import_data(DATA / "wdi" / "API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv")
    assert report.status == "imported" and report.dataset == "wdi"
    assert report.written == 13824  # 16,960 cells less the 48 aggregates' and the Channel Islands'
    assert report.skipped["aggregate WLD"] == 64 and report.skipped["unknown CHI"] == 64
    assert value("net_migration", "MLT", "2023") == 850.0
    again = import_data(DATA / "wdi" / "API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv")
    assert again.status == "unchanged"


def test_un_desa_workbook_values_in_thousands_are_stored_in_persons():
    report = import_data(DATA / "undesa" / "UN_MigrantStockTotal_2019.xlsx")
    assert report.status == "imported" and report.dataset == "undesa_ims_2019", report.summary()
    assert value("migrant_stock", "MLT", "2019") == 84949.0
    assert value("migrant_stock", "MLT", "2019", breakdown="sex=F") > 0
    assert value("population", "MLT", "2019") == pytest.approx(440372, rel=0.01)  # Table 2: thousands
    assert value("migrant_stock_growth", "MLT", "2015-2019") is not None  # a rate over an interval


def test_un_desa_origin_destination_matrix_is_bilateral():
    report = import_data(DATA / "undesa" / "UN_MigrantStockByOriginAndDestination_2015_Table16only.xlsx")
    assert report.status == "imported", report.summary()
    assert value("bilateral_migrant_stock", "FRA", "2015", origin="DZA") > 1_000_000
    assert not Observation.objects.filter(origin__iso3="WLD").exists()


def test_unhcr_population_table(tmp_path):
    # The 2023 rows and the preamble, as published (the whole table takes minutes under coverage; the
    # benchmark and `migis import-data` read it whole).
    lines = (DATA / "unhcr" / "population.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    head = next(i for i, line in enumerate(lines) if line.startswith("Year,"))
    part = tmp_path / "population.csv"
    part.write_text("".join(lines[: head + 1] + [x for x in lines[head + 1 :] if x.startswith("2023,")]))
    report = import_data(part)
    assert report.status == "imported" and report.dataset == "unhcr_population", report.summary()
    assert {label.split()[0] for label in report.skipped} == {"unknown"}  # stateless, unknown origin ...
    assert value("refugees", "DEU", "2023", origin="SYR") > 500_000


def test_sdmx_files_with_their_structure_and_indicator_named():
    # The INE file holds unemployment, which the catalogue does not: an editor adds the indicators.
    for code, source_code, unit in (
        ("zz_unemployed", "LU_PE_NUM", "persons"),
        ("zz_rate", "LUR_PE_NUM", "percent"),
    ):
        Indicator.objects.create(
            code=code, name_en=code, unit=unit, source_codes=[source_code], source_title="t"
        )
    ine = import_data(
        DATA / "sdmx-ml" / "INE_to_IMF_ECOFIN_DSD-data.xml",
        structure=DATA / "sdmx-ml" / "IMF_ECOFIN_DSD-structure.xml",
    )
    assert ine.status == "imported", ine.summary()
    assert Observation.objects.filter(indicator__code="zz_unemployed", country__iso3="ESP").count() == 53
    assert value("zz_rate", "ESP", "2015-Q1") is not None
    oecd = import_data(
        DATA / "sdmx-csv" / "OECD_DF_POP_HIST-data.csv", indicator="population", only_clean=True
    )
    assert oecd.status.startswith("imported"), oecd.summary()
    assert Observation.objects.filter(
        version__dataset__slug=oecd.dataset, breakdown__startswith="age="
    ).exists()


def test_an_sdmx_file_of_an_unknown_indicator_says_which():
    report = import_data(DATA / "sdmx-ml" / "ESTAT_cdh_e_fos-genericdata.xml")
    assert report.status == "refused" and "unknown indicator 'cdh_e_fos'" in str(report.problems[0])
