"""The World Bank WDI bulk download: wide years, preamble, BOM, CRLF and the country companion."""

import os
from pathlib import Path

import pytest

from migis.indicators.readers import ReadError
from migis.indicators.readers.tidy import TidyReader
from migis.indicators.readers.unhcr import UNHCRReader
from migis.indicators.readers.wdi import WDIReader

DATA = Path(os.environ.get("MIGIS_SHARED_DATA", "/work/shared/data")) / "statistics"
REAL = DATA / "wdi" / "API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv"
NAME = "API_SM.POP.NETM_DS2_en_csv_v2_1.csv"
HEADER = '"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020","2021",'
ROWS = [
    '"Aruba","ABW","Net migration","SM.POP.NETM","-569","","157",',
    '"World","WLD","Net migration","SM.POP.NETM","0","0","0",',
    '"Not classified","INX","Net migration","SM.POP.NETM","","","",',
]


def write(path: Path, lines: list[str]) -> Path:
    """As the World Bank publishes it: UTF-8 with BOM, CRLF, a blank line at the end."""
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join([*lines, ""]).encode())
    return path


def download(tmp_path: Path, preamble: bool = True) -> Path:
    head = ['"Data Source","World Development Indicators",', "", '"Last Updated Date","2024-06-28",', ""]
    return write(tmp_path / NAME, [*(head if preamble else []), HEADER, *ROWS])


def sniff(reader, path: Path) -> bool:
    return reader.sniff(path, path.read_bytes()[: 64 * 1024])


def test_one_cell_per_filled_year(tmp_path):
    reader = WDIReader(download(tmp_path))
    cells = list(reader.cells())
    assert [(c.place, c.period, c.value, c.where) for c in cells[:2]] == [
        ("ABW", "2019", "-569", "line 6, column 2019"),
        ("ABW", "2021", "157", "line 6, column 2021"),  # 2020 is empty: missing, not zero
    ]
    assert len(cells) == 5  # INX has no value at all
    assert {c.indicator for c in cells} == {"SM.POP.NETM"}
    assert cells[-1].where == "line 7, column 2021"
    p = reader.publication
    assert (p.publisher, p.title, p.released, p.licence) == (
        "World Bank",
        "World Development Indicators",
        "2024-06-28",
        "CC BY 4.0",
    )


def test_without_preamble(tmp_path):
    """The full WDIData.csv starts with the header."""
    cells = list(WDIReader(download(tmp_path, preamble=False)).cells())
    assert cells[0].where == "line 2, column 2019"
    assert len(cells) == 5


def test_aggregates_from_the_companion(tmp_path):
    path = download(tmp_path)
    assert WDIReader(path).aggregates == set()  # no companion: the importer's own list decides
    write(
        tmp_path / f"Metadata_Country_{NAME}",
        [
            '"Country Code","Region","IncomeGroup","SpecialNotes","TableName",',
            '"ABW","Latin America & Caribbean","High income","","Aruba",',
            '"WLD","","","World total,\r\nall economies","World",',  # a multi-line note
        ],
    )
    assert WDIReader(path).aggregates == {"WLD"}


def test_sniff_claims_only_wdi(tmp_path):
    path = download(tmp_path)
    assert sniff(WDIReader, path)
    assert not sniff(TidyReader, path) and not sniff(UNHCRReader, path)
    other = tmp_path / "other.csv"
    other.write_text("country,year,value\nFR,2019,1\n")
    assert not sniff(WDIReader, other)


def test_no_header(tmp_path):
    path = write(tmp_path / NAME, ['"Data Source","World Development Indicators",', '"Country Code"'])
    with pytest.raises(ReadError, match="Country Code"):
        list(WDIReader(path).cells())


@pytest.mark.skipif(not REAL.exists(), reason="shared statistics corpus not available")
def test_real_download():
    reader = WDIReader(REAL)
    assert sniff(WDIReader, REAL)
    cells = list(reader.cells())
    assert len(cells) == 16_960  # the non-empty year cells
    assert int(cells[-1].where.split()[1].rstrip(",")) - 5 == 266  # rows after the header on line 5
    places = {c.place for c in cells}
    assert len(places) == 265 and "INX" not in places  # INX "Not classified" has no value
    assert reader.publication.released == "2024-06-28"
    assert len(reader.aggregates) == 48 and {"WLD", "ARB", "AFE"} <= reader.aggregates
    assert "ABW" not in reader.aggregates
