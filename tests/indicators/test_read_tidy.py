"""The tidy reader: CSV (any delimiter, encoding, buried header) and Excel, one value per row."""

import os
from pathlib import Path

import openpyxl
import pytest

from migis.indicators.readers import ReadError
from migis.indicators.readers.tidy import TidyReader

DATA = Path(os.environ.get("MIGIS_SHARED_DATA", "/work/shared/data")) / "statistics"


def write(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def read(path: Path) -> list:
    return list(TidyReader(path).cells())


def sniff(path: Path) -> bool:
    return TidyReader.sniff(path, path.read_bytes()[: 64 * 1024])


def test_comma_file_with_every_role(tmp_path):
    path = write(
        tmp_path,
        "Year,Indicator,Country,Sex,Age group,Value,OBS_STATUS,Unit,Unit_Mult,Notes\n"
        "2019,SM.POP.TOTL,FR,F,15-64,123.5,E,persons,3,provisional\n",
    )
    (cell,) = read(path)
    assert (cell.place, cell.period, cell.value, cell.indicator) == ("FR", "2019", "123.5", "SM.POP.TOTL")
    assert (cell.flags, cell.unit, cell.scale) == ("E", "persons", 3)
    assert cell.breakdown == {"sex": "F", "age_group": "15-64"}  # Notes is no disaggregation
    assert cell.where == "line 2, column Value"


def test_bom_crlf_and_names_with_spaces(tmp_path):
    path = write(tmp_path, "\ufeff REF_AREA ;Time Period;OBS VALUE\r\nDE;2020;5\r\nIT;2020;6\r\n")
    cells = read(path)
    assert [(c.place, c.period, c.value) for c in cells] == [("DE", "2020", "5"), ("IT", "2020", "6")]
    assert cells[1].where == "line 3, column OBS VALUE"


def test_semicolon_delimiter_keeps_decimal_commas(tmp_path):
    path = write(tmp_path, "country;year;value\nBE;2021;1,5\n")
    assert sniff(path)
    assert read(path)[0].value == "1,5"  # the importer parses numbers, not the reader


def test_tab_delimiter(tmp_path):
    path = write(tmp_path, "geo\ttime\tvalue\tsex\nAT\t2019\t42850\tF\n", name="data.tsv")
    (cell,) = read(path)
    assert (cell.place, cell.value, cell.breakdown) == ("AT", "42850", {"sex": "F"})


def test_breakdown_named_in_another_script(tmp_path):
    (cell,) = read(write(tmp_path, "country,year,value,الجنس\nEG,2019,7,أنثى\n"))
    assert cell.breakdown == {"الجنس": "أنثى"}


def test_cp1252_file_reads_right(tmp_path):
    text = "country;year;value\nCôte d'Ivoire;2019;12\nCuraçao;2020;3\nRéunion;2020;€ 4\n"
    cells = read(write(tmp_path, text.encode("cp1252")))
    assert [c.place for c in cells] == ["Côte d'Ivoire", "Curaçao", "Réunion"]
    assert cells[2].value == "€ 4"


def test_latin1_byte_after_the_sample_of_an_ascii_file(tmp_path):
    """The encoding is chosen from the first 64 KB; a Windows byte further down is still read right."""
    rows = "".join(f"FR,{year},1\n" for year in range(1, 8000))
    path = write(tmp_path, b"country,year,value\n" + rows.encode() + "Curaçao,2020,2\n".encode("cp1252"))
    assert read(path)[-1].place == "Curaçao"


def test_header_buried_under_metadata(tmp_path):
    path = write(
        tmp_path,
        "Dataset: Immigration by citizenship\nSource:,Eurostat\n\nExtracted on 2024-01-05\n"
        "geo,TIME_PERIOD,OBS_VALUE\nES,2022,1200\n",
    )
    reader = TidyReader(path)
    (cell,) = reader.cells()
    assert cell.where == "line 6, column OBS_VALUE"
    assert reader.publication.notes == [
        "Dataset: Immigration by citizenship",
        "Source:,Eurostat",
        "Extracted on 2024-01-05",
    ]


def test_header_missing_names_expected_columns_and_first_lines(tmp_path):
    path = write(tmp_path, "Region,Reported Year,Dead\nMediterranean,2019,5\n")
    assert not sniff(path)
    with pytest.raises(ReadError) as error:
        read(path)
    message = str(error.value)
    assert "ref_area" in message and "year" in message and "obs_value" in message
    assert "line 1: 'Region,Reported Year,Dead'" in message


def test_header_further_than_50_lines_is_not_looked_for(tmp_path):
    path = write(tmp_path, "".join(f"note {n}\n" for n in range(60)) + "country,year,value\nFR,2019,1\n")
    with pytest.raises(ReadError, match="first 50 lines"):
        read(path)


def test_empty_values_skipped_placeholders_kept(tmp_path):
    path = write(tmp_path, "country,year,value\nFR,2019,\nFR,2020,..\n\nFR,2021,  \nFR,2022,-\n")
    cells = read(path)
    assert [(c.period, c.value, c.where) for c in cells] == [
        ("2020", "..", "line 3, column value"),
        ("2022", "-", "line 6, column value"),
    ]


def test_bilateral_table(tmp_path):
    path = write(tmp_path, "Origin,Destination,Year,Value\nSYR,DEU,2020,100\n")
    (cell,) = read(path)
    assert (cell.origin, cell.place) == ("SYR", "DEU")


def test_scale_words_and_bad_scale(tmp_path):
    assert read(write(tmp_path, "country,year,value,scale\nFR,2019,1,thousands\n"))[0].scale == 3
    with pytest.raises(ReadError, match=r"line 2.*not a power of ten"):
        read(write(tmp_path, "country,year,value,scale\nFR,2019,1,lots\n"))


def test_extra_fields_name_the_line(tmp_path):
    path = write(tmp_path, "country,year,value\nFR,2019,1\nFR,2020,1,234\n")
    with pytest.raises(ReadError, match="line 3: 4 fields where the header has 3"):
        read(path)


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    stock = book.active
    stock.title = "Stock"
    stock.append(["Migrant stock, thousands"])
    stock.append([])
    stock.append(["Country", "Year", "Sex", "Value"])
    stock.append(["FR", 2019, "F", 1234.5])
    stock.append(["DE", 2019, "F", "=D4*2"])  # a formula: never evaluated
    stock.append(["IT", 2019, "F", None])  # empty: skipped
    flows = book.create_sheet("Flows")
    flows.append(["origin", "destination", "period", "obs_value"])
    flows.append(["SYR", "DEU", "2020-Q1", 40])
    book.save(path)
    return path


def test_excel_two_sheets_with_a_formula(tmp_path):
    path = workbook(tmp_path / "data.xlsx")
    assert sniff(path)
    cells = read(path)
    assert [(c.place, c.origin, c.period, c.value, c.where) for c in cells] == [
        ("FR", "", "2019", 1234.5, "sheet Stock, row 4, column D"),
        ("DE", "", "2019", "=D4*2", "sheet Stock, row 5, column D"),  # text: the importer refuses it
        ("DEU", "SYR", "2020-Q1", 40, "sheet Flows, row 2, column D"),
    ]
    assert cells[0].breakdown == {"sex": "F"}


def test_excel_without_header(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "About"
    book.active.append(["Notes on the data"])
    book.save(tmp_path / "notes.xlsx")
    assert not sniff(tmp_path / "notes.xlsx")
    with pytest.raises(ReadError, match="sheet About, row 1: 'Notes on the data'"):
        read(tmp_path / "notes.xlsx")


def test_not_a_workbook(tmp_path):
    path = write(tmp_path, "country,year,value\n", name="fake.xlsx")
    assert not sniff(path)
    with pytest.raises(ReadError, match=r"not a readable \.xlsx"):
        read(path)


def test_sniff_leaves_other_layouts_alone(tmp_path):
    assert not sniff(write(tmp_path, "country,year,value\nFR,2019,1\n", name="data.xml"))
    wdi = '"Data Source","World Development Indicators",\n\n"Country Name","Country Code","Indicator Name",'
    assert not sniff(write(tmp_path, wdi + '"Indicator Code","2019",\n', name="wdi.csv"))
    unhcr = "Year,Country of origin,Country of origin (ISO),Country of asylum,Country of asylum (ISO),"
    assert not sniff(write(tmp_path, unhcr + "Asylum-seekers\n2020,Syria,SYR,Germany,DEU,5\n", name="u.csv"))


@pytest.mark.skipif(not DATA.exists(), reason="shared statistics corpus not available")
def test_real_files():
    """Tidy reads the OECD SDMX-CSV (a long table) and claims none of the wide or bilateral layouts."""
    oecd = DATA / "sdmx-csv" / "OECD_DF_POP_HIST-data.csv"
    cells = read(oecd)
    assert len(cells) == 16_224
    assert len({c.place for c in cells}) == 52
    assert cells[0].breakdown.keys() == {"measure", "sex", "age", "time_horiz"}
    for other in [
        "wdi/API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv",
        "unhcr/population.csv",
        "unhcr/asylum-decisions.csv",
        "iom/MissingMigrants-Global-2020-01-28T17-08-10.csv",
        "undesa/UN_MigrantStockTotal_2019.xlsx",
    ]:
        assert not sniff(DATA / other), other
