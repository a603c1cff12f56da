"""UN DESA International Migrant Stock workbooks: the totals tables (two-row header, thousands, `..`),
the origin-destination matrix, the 2020 header, and the real 2019 and 2015 workbooks when present."""

import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from migis.indicators.readers import ReadError
from migis.indicators.readers.undesa import UNDESAMigrantStockReader as Reader
from migis.indicators.readers.undesa import indicator_for

DATA = Path(os.environ.get("MIGIS_SHARED_DATA", "/work/shared/data")) / "statistics"
TOTAL_2019 = DATA / "undesa" / "UN_MigrantStockTotal_2019.xlsx"
MATRIX_2015 = DATA / "undesa" / "UN_MigrantStockByOriginAndDestination_2015_Table16only.xlsx"
real = pytest.mark.skipif(not DATA.exists(), reason="shared statistics corpus not available")

LICENCE = (
    "Copyright © 2019 by United Nations, made available under a Creative Commons license CC BY 3.0 IGO: "
    "http://creativecommons.org/licenses/by/3.0/igo/"
)
CITATION = "International Migrant Stock 2019 (United Nations database, POP/DB/MIG/Stock/Rev.2019)."
KEYS = [
    "Sort\norder",
    "Major area, region, country or area of destination",
    "Notes",
    "Code",
    "Type of data (a)",
]


def title_block(sheet, column: int, title: str, licence: str = LICENCE, workbook: str = "Test.xlsx") -> None:
    """Rows 1-14 as the Population Division writes them."""
    for row, text in [
        (5, "United Nations"),
        (6, "Population Division"),
        (7, "Department of Economic and Social Affairs"),
        (9, f"Workbook: {workbook}"),
        (10, title),
        (12, licence),
        (13, "Suggested citation: United Nations, Department of Economic and Social Affairs. Population "
         "Division (2019). " + CITATION),
    ]:  # fmt: skip
        sheet.cell(row=row, column=column, value=text)


def table(book, name: str, title: str, groups: list[str], years: list, rows: list[list], keys=KEYS) -> None:
    """A totals table: title block, a group label over each run of years (row 15), the years (row 16)."""
    sheet = book.create_sheet(name)
    title_block(sheet, 5, f"{name} - {title}")
    for col, key in enumerate(keys, start=1):
        sheet.cell(row=15, column=col, value=key)
    col = len(keys) + 1
    for group in groups:
        sheet.cell(row=15, column=col, value=group)
        for year in years:
            sheet.cell(row=16, column=col, value=year)
            col += 1
    for number, row in enumerate(rows, start=17):
        for col, value in enumerate(row, start=1):
            sheet.cell(row=number, column=col, value=value)


def contents(book, lines: list[str]) -> None:
    sheet = book.active
    sheet.title = "CONTENTS"
    sheet["A5"], sheet["A6"] = "United Nations", "Population Division"
    sheet["A12"], sheet["A14"] = LICENCE, CITATION
    sheet["A16"], sheet["B16"] = "TABLE", "TITLE"
    for row, line in enumerate(lines, start=17):
        sheet.cell(row=row, column=1, value=f"Table {row - 16}")
        sheet.cell(row=row, column=2, value=line)


STOCK = "International migrant stock at mid-year by sex and by major area, region, country or area, 1990-2019"
POPULATION = (
    "Total population at mid-year by sex and by major area, region, country or area, 1990-2019 (thousands)"
)


def totals(tmp_path: Path, extra=None) -> Path:
    book = Workbook()
    contents(book, [STOCK, POPULATION])
    table(
        book,
        "Table 1",
        STOCK,
        [f"International migrant stock at mid-year ({s})" for s in ("both sexes", "male", "female")],
        [1990, 2019],
        [
            [1, "WORLD", None, 900, None, 153011473, 271642105, 77661689, 141009001, 75349784, 130633104],
            [2, "UN development groups", None, None, None, "..", "..", "..", "..", "..", ".."],
            [3, "   Malta", None, 470, "B", 15077, 84949, 7012, 45986, 8065, 38963],
            [4, "   Holy See", "7", 336, "C", "..", 800, "..", 500, "..", 300],
        ],
    )
    table(  # no Type of data column: the values start one column earlier
        book,
        "Table 2",
        POPULATION,
        ["Total population of both sexes at mid-year (thousands)g", "Total male population at mid-year"],
        [1990, 2019],
        [[1, "   Malta", None, 470, 362.015, 440.372, 178.261, 220.783]],
        keys=KEYS[:4],
    )
    if extra:
        extra(book)
    path = tmp_path / "UN_MigrantStockTotal_test.xlsx"
    book.save(path)
    return path


def test_two_row_header_gives_indicator_sex_and_year(tmp_path):
    reader = Reader(totals(tmp_path))
    cells = [c for c in reader.cells() if c.indicator == "migrant_stock"]
    malta = {(c.period, c.breakdown.get("sex", "")): c for c in cells if c.place == "470"}
    assert malta["1990", ""].value == 15077
    assert malta["2019", "M"].value == 45986
    assert malta["2019", "F"].value == 38963
    cell = malta["2019", "F"]
    assert cell.where == "sheet Table 1, row 19, column K"
    assert cell.flags == "B" and cell.scale == 0 and cell.origin == ""
    assert malta["1990", ""].breakdown == {}
    # the heading row (no code, only "..") is not a place; the WORLD aggregate is
    assert {c.place for c in cells} == {"900", "470", "336"}
    assert len(cells) == 3 * 6


def test_missing_values_are_handed_over_as_written(tmp_path):
    cells = [c for c in Reader(totals(tmp_path)).cells() if c.place == "336"]
    assert [(c.period, c.breakdown.get("sex"), c.value) for c in cells] == [
        ("1990", None, ".."),
        ("2019", None, 800),
        ("1990", "M", ".."),
        ("2019", "M", 500),
        ("1990", "F", ".."),
        ("2019", "F", 300),
    ]


def test_thousands_in_the_header_set_the_scale(tmp_path):
    cells = [c for c in Reader(totals(tmp_path)).cells() if c.indicator == "population"]
    assert {(c.period, c.breakdown.get("sex"), c.value, c.scale) for c in cells} == {
        ("1990", None, 362.015, 3),
        ("2019", None, 440.372, 3),
        ("1990", "M", 178.261, 3),
        ("2019", "M", 220.783, 3),
    }
    assert cells[0].where == "sheet Table 2, row 17, column E"


def test_thousands_are_read_from_the_text_not_the_table_number(tmp_path):
    def add(book):
        table(
            book,
            "Table 9",
            "International migrant stock at mid-year by sex and by major area, 1990-2019 (thousands)",
            ["International migrant stock at mid-year (both sexes)"],
            [2019],
            [[1, "Malta", None, 470, "B", 84.949]],
        )

    cells = [c for c in Reader(totals(tmp_path, add)).cells() if c.where.startswith("sheet Table 9")]
    assert [(c.indicator, c.value, c.scale) for c in cells] == [("migrant_stock", 84.949, 3)]


def test_unknown_table_is_skipped_with_a_note(tmp_path):
    def add(book):
        table(
            book,
            "Table 7",
            "Average household size by major area, region, country or area, 1990-2019",
            ["Average household size"],
            [2019],
            [[1, "Malta", None, 470, "B", 2.5]],
        )

    reader = Reader(totals(tmp_path, add))
    cells = list(reader.cells())
    assert not [c for c in cells if c.where.startswith("sheet Table 7")]
    assert any("Table 7" in n and "Average household size" in n for n in reader.publication.notes)
    assert {c.indicator for c in cells} == {"migrant_stock", "population"}


def test_publication_from_the_title_block(tmp_path):
    reader = Reader(totals(tmp_path))
    list(reader.cells())
    pub = reader.publication
    assert pub.publisher == "United Nations, Department of Economic and Social Affairs, Population Division"
    assert pub.title == "International Migrant Stock 2019"
    assert pub.edition == "2019"
    assert pub.licence == "CC BY 3.0 IGO"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (STOCK, "migrant_stock"),
        (POPULATION, "population"),
        ("International migrant stock as a percentage of the total population by sex", "migrant_share"),
        ("Female migrants as a percentage of the international migrant stock", "migrant_share_female"),
        ("Annual rate of change of the migrant stock by sex, 1990-2019 (percentage)", "migrant_stock_growth"),
        ("Estimated refugee stock (including asylum seekers) at mid-year by major area", "refugees"),
        ("Total migrant stock at mid-year by origin and by major area, region, country or area of "
         "destination, 2015", "bilateral_migrant_stock"),
        ("Average household size", None),
    ],
)  # fmt: skip
def test_tables_are_recognised_by_their_title(text, code):
    assert indicator_for(text) == code


def matrix(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "CONTENTS"
    sheet["A5"], sheet["A6"] = "United Nations", "Population Division"
    sheet["A9"] = "Trends in International Migrant Stock: Migrants by Destination and Origin"
    sheet["A11"] = "POP/DB/MIG/Stock/Rev.2015"
    sheet["A12"] = "December 2015 - Copyright © 2015 by United Nations. All rights reserved"
    sheet = book.create_sheet("Table 16")
    title_block(
        sheet,
        5,
        "Table 16. Total migrant stock at mid-year by origin and by major area, region, country or area of "
        "destination, 2015",
        licence="December 2015 - Copyright © 2015 by United Nations. All rights reserved",
    )
    for col, key in enumerate([*KEYS[:3], "Country code", "Type of data (a)", "Country of origin"], start=1):
        sheet.cell(row=15, column=col, value=key)
    for col, origin in enumerate(["Total", "Other North", "Afghanistan", "Italy"], start=6):
        sheet.cell(row=16, column=col, value=origin)
    rows = [
        [1, "WORLD", None, 900, None, 243700236, 2139539, 4843117, 2900000],
        [2, "Malta", None, 470, "B", 41442, 28, None, 1823],
    ]
    for number, row in enumerate(rows, start=17):
        for col, value in enumerate(row, start=1):
            sheet.cell(row=number, column=col, value=value)
    path = tmp_path / "UN_MigrantStockByOriginAndDestination_2015.xlsx"
    book.save(path)
    return path


def test_origin_destination_matrix(tmp_path):
    reader = Reader(matrix(tmp_path))
    cells = [c for c in reader.cells() if c.place == "470"]
    assert [(c.indicator, c.origin, c.period, c.value) for c in cells] == [
        ("migrant_stock", "", "2015", 41442),  # the Total column: all origins
        ("bilateral_migrant_stock", "Other North", "2015", 28),
        ("bilateral_migrant_stock", "Italy", "2015", 1823),  # the empty Afghanistan cell is not read
    ]
    assert cells[2].where == "sheet Table 16, row 18, column I"
    assert cells[2].flags == "B" and cells[2].breakdown == {}
    pub = reader.publication
    assert pub.title == "Trends in International Migrant Stock: Migrants by Destination and Origin"
    assert pub.edition == "2015"
    assert pub.licence == "Copyright © 2015 by United Nations. All rights reserved"


def test_2020_layout_key_columns_and_years_on_one_row(tmp_path):
    """The 2020 edition: the years sit on the row of the key columns, "Both sexes" / "Males" above."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Contents"
    sheet["A1"] = "International Migrant Stock 2020"
    sheet["A2"] = "United Nations, Department of Economic and Social Affairs, Population Division"
    sheet = book.create_sheet("Table 1")
    sheet["A1"] = "International Migrant Stock 2020"
    sheet["A5"] = (
        "Table 1: International migrant stock at mid-year by sex and by region, country or area of "
        "destination, 1990-2020"
    )
    sheet["F10"], sheet["H10"] = "Both sexes", "Males"
    header = ["Index", "Region, development group, country or area of destination", "Notes", "Location code",
              "Type of Data", 1990, 2020, 1990, 2020]  # fmt: skip
    for col, value in enumerate(header, start=1):
        sheet.cell(row=11, column=col, value=value)
    for col, value in enumerate([1, "Malta", None, 470, "B", 15077, 115000, 7012, 60000], start=1):
        sheet.cell(row=12, column=col, value=value)
    path = tmp_path / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
    book.save(path)
    assert Reader.sniff(path, path.read_bytes()[:65536])
    reader = Reader(path)
    cells = list(reader.cells())
    assert [(c.indicator, c.period, c.breakdown, c.value) for c in cells] == [
        ("migrant_stock", "1990", {}, 15077),
        ("migrant_stock", "2020", {}, 115000),
        ("migrant_stock", "1990", {"sex": "M"}, 7012),
        ("migrant_stock", "2020", {"sex": "M"}, 60000),
    ]
    assert cells[0].where == "sheet Table 1, row 12, column F"
    assert reader.publication.title == "International Migrant Stock 2020"


def test_sniff_claims_the_workbooks_and_nothing_else(tmp_path):
    for path in (totals(tmp_path), matrix(tmp_path)):
        assert Reader.sniff(path, path.read_bytes()[:65536])
    other = tmp_path / "other.xlsx"
    book = Workbook()
    book.active["A1"] = "country"
    book.active["A2"] = "International migrant stock, total"  # a WDI indicator name, not the UN workbook
    book.save(other)
    assert not Reader.sniff(other, other.read_bytes()[:65536])
    csv = tmp_path / "stock.csv"
    csv.write_text("International migrant stock,Population Division\n")
    assert not Reader.sniff(csv, csv.read_bytes())
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    assert not Reader.sniff(fake, fake.read_bytes())


def test_a_workbook_without_any_table_is_refused(tmp_path):
    path = tmp_path / "empty.xlsx"
    book = Workbook()
    contents(book, [STOCK])
    book.save(path)
    with pytest.raises(ReadError, match="no table"):
        list(Reader(path).cells())


@real
def test_real_2019_totals_workbook():
    assert Reader.sniff(TOTAL_2019, TOTAL_2019.read_bytes()[:65536])
    reader = Reader(TOTAL_2019)
    cells = list(reader.cells())
    pub = reader.publication
    assert (pub.title, pub.edition, pub.licence) == (
        "International Migrant Stock 2019",
        "2019",
        "CC BY 3.0 IGO",
    )
    assert not [n for n in pub.notes if "skipped" in n]
    stock = {(c.period, c.breakdown.get("sex", "")): c.value for c in cells
             if c.indicator == "migrant_stock" and c.place == "470"}  # fmt: skip
    assert [stock[str(y), ""] for y in (1990, 1995, 2000, 2005, 2010, 2015, 2019)] == [
        15077, 17740, 21521, 24560, 33008, 52642, 84949,
    ]  # fmt: skip
    assert (stock["2019", "M"], stock["2019", "F"]) == (45986, 38963)
    # 283 rows a table, 4 of them headings: 279 places, 7 years, three sexes where the table has them
    per_indicator = {}
    for c in cells:
        per_indicator[c.indicator] = per_indicator.get(c.indicator, 0) + 1
    assert per_indicator == {
        "migrant_stock": 279 * 21,
        "population": 279 * 21,
        "migrant_share": 279 * 21,
        "migrant_share_female": 279 * 7,
        "migrant_stock_growth": 279 * 18,
        "refugees": 279 * 7,
        "refugee_share": 279 * 7,
        "refugee_stock_growth": 279 * 6,
    }
    population = [c for c in cells if c.indicator == "population" and c.place == "470" and c.period == "2019"]
    assert [(c.value, c.scale) for c in population if not c.breakdown] == [(440.372, 3)]
    growth = next(c for c in cells if c.indicator == "migrant_stock_growth")
    assert growth.period == "1990-1995"
    assert sum(1 for c in cells if c.value == "..") == 1621
    malta = next(c for c in cells if c.place == "470")
    assert malta.where == "sheet Table 1, row 276, column F" and malta.flags == "B"


@real
def test_real_2015_origin_destination_matrix():
    assert Reader.sniff(MATRIX_2015, MATRIX_2015.read_bytes()[:65536])
    reader = Reader(MATRIX_2015)
    cells = list(reader.cells())
    totals_ = [c for c in cells if c.indicator == "migrant_stock"]
    assert len(totals_) == 265  # destination rows: WORLD, groups, regions, countries
    assert {c.period for c in cells} == {"2015"}
    malta = {c.origin: c.value for c in cells if c.place == "470"}
    assert malta[""] == 41442 and malta["Italy"] == 1823
    assert len({c.origin for c in cells if c.origin}) == 234  # Other North, Other South, 232 countries
    assert reader.publication.edition == "2015"
