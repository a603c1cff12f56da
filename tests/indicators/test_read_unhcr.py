"""UNHCR Refugee Data Finder population.csv: bilateral cells by population type."""

import os
from pathlib import Path

import pytest

from migis.indicators.readers import ReadError
from migis.indicators.readers.tidy import TidyReader
from migis.indicators.readers.unhcr import UNHCRReader
from migis.indicators.readers.wdi import WDIReader

DATA = Path(os.environ.get("MIGIS_SHARED_DATA", "/work/shared/data")) / "statistics"
REAL = DATA / "unhcr" / "population.csv"
PREAMBLE = [
    'Extracted:,"United Nations High Commissioner for Refugees"',
    '"Date extracted:","21/07/2024 14:54 UTC"',
    '"Last updated:","13 June 2024"',
    '"Some data presented may differ from statistics published previously."',
    "",
    '"Data table contains the following:","Population figures"',
    '"Content type","End year stock population totals"',
    '"Data quick link",https://www.unhcr.org/refugee-statistics/download/?url=8JxP5x',
    '"Data definitions",https://www.unhcr.org/refugee-statistics/methodology/',
    '"Usage licence",https://creativecommons.org/licenses/by/4.0/',
    '"Population types included","REF,ROC,ASY,IDP,IOC,OIP,OOC,STA"',
    "Years:",
    "Origin:,all",
    '"Country of asylum:",all',
]
HEADER = (
    'Year,"Country of origin","Country of origin (ISO)","Country of asylum","Country of asylum (ISO)",'
    '"Refugees under UNHCR\'s mandate",Asylum-seekers,"IDPs of concern to UNHCR",'
    '"Other people in need of international protection","Stateless persons","Host Community",'
    '"Others of concern"'
)
ROWS = [
    "2015,Afghanistan,AFG,Afghanistan,AFG,0,0,1174306,-,0,0,150317",
    '2023,"Unknown ",UNK,"Curacao ",CUW,12,-,-,-,-,-,-',
    "2023,Stateless,XXA,Germany,DEU,,3,-,-,-,-,-",
]


def write(tmp_path: Path, preamble: bool = True) -> Path:
    path = tmp_path / "population.csv"
    path.write_text("\n".join([*(PREAMBLE if preamble else []), HEADER, *ROWS, ""]), encoding="utf-8")
    return path


def sniff(reader, path: Path) -> bool:
    return reader.sniff(path, path.read_bytes()[: 64 * 1024])


def test_bilateral_cells_by_population_type(tmp_path):
    reader = UNHCRReader(write(tmp_path))
    cells = list(reader.cells())
    first = cells[0]
    assert (first.place, first.origin, first.period, first.indicator, first.value) == (
        "AFG",
        "AFG",
        "2015",
        "REF",
        "0",  # a published zero is a value
    )
    assert first.where == "line 16, column Refugees under UNHCR's mandate"
    assert [c.indicator for c in cells[:6]] == ["REF", "ASY", "IDP", "STA", "HST", "OOC"]  # OIP is "-"
    assert [(c.place, c.origin, c.indicator, c.value, c.where) for c in cells[6:]] == [
        ("CUW", "UNK", "REF", "12", "line 17, column Refugees under UNHCR's mandate"),
        ("DEU", "XXA", "ASY", "3", "line 18, column Asylum-seekers"),  # the empty REF is skipped
    ]
    p = reader.publication
    assert (p.publisher, p.released, p.licence) == ("UNHCR", "2024-06-13", "CC BY 4.0")
    assert p.url.endswith("?url=8JxP5x")


def test_without_preamble(tmp_path):
    cells = list(UNHCRReader(write(tmp_path, preamble=False)).cells())
    assert len(cells) == 8
    assert cells[0].where == "line 2, column Refugees under UNHCR's mandate"


def test_without_origin_columns(tmp_path):
    path = tmp_path / "by-asylum.csv"
    path.write_text('Year,"Country of asylum","Country of asylum (ISO)",Asylum-seekers\n2020,Chad,TCD,7\n')
    (cell,) = UNHCRReader(path).cells()
    assert (cell.place, cell.origin, cell.indicator) == ("TCD", "", "ASY")


def test_sniff_claims_only_population_tables(tmp_path):
    path = write(tmp_path)
    assert sniff(UNHCRReader, path)
    assert not sniff(TidyReader, path) and not sniff(WDIReader, path)
    decisions = tmp_path / "asylum-decisions.csv"
    decisions.write_text(
        'Year,"Country of origin","Country of origin (ISO)","Country of asylum","Country of asylum (ISO)",'
        'Authority,"Recognized decisions"\n2015,Afghanistan,AFG,Australia,AUS,G,145\n'
    )
    assert not sniff(UNHCRReader, decisions)
    with pytest.raises(ReadError, match="population type"):
        list(UNHCRReader(decisions).cells())


@pytest.mark.skipif(not REAL.exists(), reason="shared statistics corpus not available")
def test_real_download():
    reader = UNHCRReader(REAL)
    assert sniff(UNHCRReader, REAL)
    cells = list(reader.cells())
    lines = {c.where.split(",")[0] for c in cells}
    assert len(lines) == 48_731  # every row has at least one figure
    assert len(cells) == 48_731 * 7 - 48_615  # every cell but the "-"
    assert len({c.place for c in cells}) == 186 and len({c.origin for c in cells}) == 211
    assert reader.publication.released == "2024-06-13"
    assert reader.publication.licence == "CC BY 4.0"
