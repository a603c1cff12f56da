"""SDMX: SDMX-ML 2.1 GenericData and StructureSpecificData (with and without the structure message),
SDMX-CSV (1.0, the Eurostat flavour), and the real IMF, INE, Eurostat and OECD files when present."""

import os
from pathlib import Path

import pytest

from migis.indicators.readers import ReadError
from migis.indicators.readers.sdmx import SDMXReader as Reader

DATA = Path(os.environ.get("MIGIS_SHARED_DATA", "/work/shared/data")) / "statistics"
real = pytest.mark.skipif(not DATA.exists(), reason="shared statistics corpus not available")

NS = (
    'xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" '
    'xmlns:structure="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure" '
    'xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"'
)


def structure_message(dsd: str = "DSD_MIG", flow: str = "DF_MIG", dims=("REF_AREA", "SEX", "FREQ")) -> str:
    """A small SDMX-ML 2.1 structure message: a dataflow, its concepts and its DSD."""

    def concept(cid: str) -> str:
        return (
            f'<structure:ConceptIdentity><Ref id="{cid}" maintainableParentID="CS_MIG" '
            'maintainableParentVersion="1.0" agencyID="TEST" package="conceptscheme" class="Concept"/>'
            "</structure:ConceptIdentity>"
        )

    ids = [*dims, "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MULT"]
    concepts = "".join(
        f'<structure:Concept id="{c}"><common:Name xml:lang="en">{c}</common:Name></structure:Concept>\n'
        for c in ids
    )
    dimensions = "".join(
        f'<structure:Dimension id="{d}" position="{i}">{concept(d)}</structure:Dimension>\n'
        for i, d in enumerate(dims, start=1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<message:Structure {NS}>
  <message:Header>
    <message:ID>STR1</message:ID><message:Test>false</message:Test>
    <message:Prepared>2024-05-01T10:00:00</message:Prepared><message:Sender id="TEST"/>
  </message:Header>
  <message:Structures>
    <structure:Dataflows>
      <structure:Dataflow id="{flow}" agencyID="TEST" version="1.0">
        <common:Name xml:lang="en">Immigrants by sex</common:Name>
        <structure:Structure>
          <Ref id="{dsd}" agencyID="TEST" version="1.0" package="datastructure" class="DataStructure"/>
        </structure:Structure>
      </structure:Dataflow>
    </structure:Dataflows>
    <structure:Concepts>
      <structure:ConceptScheme id="CS_MIG" agencyID="TEST" version="1.0">
        <common:Name xml:lang="en">Concepts</common:Name>
{concepts}      </structure:ConceptScheme>
    </structure:Concepts>
    <structure:DataStructures>
      <structure:DataStructure id="{dsd}" agencyID="TEST" version="1.0">
        <common:Name xml:lang="en">Migration DSD</common:Name>
        <structure:DataStructureComponents>
          <structure:DimensionList id="DimensionDescriptor">
{dimensions}            <structure:TimeDimension id="TIME_PERIOD" position="{len(dims) + 1}">
              {concept("TIME_PERIOD")}
            </structure:TimeDimension>
          </structure:DimensionList>
          <structure:AttributeList id="AttributeDescriptor">
            <structure:Attribute id="OBS_STATUS" assignmentStatus="Conditional">
              {concept("OBS_STATUS")}
              <structure:AttributeRelationship>
                <structure:PrimaryMeasure><Ref id="OBS_VALUE"/></structure:PrimaryMeasure>
              </structure:AttributeRelationship>
            </structure:Attribute>
            <structure:Attribute id="UNIT_MULT" assignmentStatus="Conditional">
              {concept("UNIT_MULT")}
              <structure:AttributeRelationship>
                <structure:Dimension><Ref id="{dims[0]}"/></structure:Dimension>
              </structure:AttributeRelationship>
            </structure:Attribute>
          </structure:AttributeList>
          <structure:MeasureList id="MeasureDescriptor">
            <structure:PrimaryMeasure id="OBS_VALUE">{concept("OBS_VALUE")}</structure:PrimaryMeasure>
          </structure:MeasureList>
        </structure:DataStructureComponents>
      </structure:DataStructure>
    </structure:DataStructures>
  </message:Structures>
</message:Structure>
"""


STRUCTURE = structure_message()

SS_DATA = """<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
  xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
  xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
  xmlns:ns1="urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=TEST:DF_MIG(1.0):ObsLevelDim:TIME_PERIOD"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <message:Header>
    <message:ID>D1</message:ID>
    <message:Test>false</message:Test>
    <message:Prepared>2024-06-30T08:00:00Z</message:Prepared>
    <message:Sender id="NSO">
      <common:Name xml:lang="en">National Statistics Office</common:Name>
    </message:Sender>
    <common:Name>Immigration</common:Name>
    <message:Structure structureID="TEST_DF_MIG" dimensionAtObservation="TIME_PERIOD">
      <common:StructureUsage><Ref agencyID="TEST" id="DF_MIG" version="1.0"/></common:StructureUsage>
    </message:Structure>
  </message:Header>
  <message:DataSet ss:structureRef="TEST_DF_MIG" xsi:type="ns1:DataSetType" ss:dataScope="DataStructure">
    <Series REF_AREA="MT" SEX="F" FREQ="A" UNIT_MULT="3">
      <Obs TIME_PERIOD="2019" OBS_VALUE="12.5" OBS_STATUS="A"/>
      <Obs TIME_PERIOD="2020" OBS_VALUE="NaN" OBS_STATUS="M"/>
    </Series>
    <Series REF_AREA="MT" SEX="M" FREQ="A">
      <Obs TIME_PERIOD="2019" OBS_VALUE="14"/>
    </Series>
  </message:DataSet>
</message:StructureSpecificData>
"""

GENERIC = """<?xml version="1.0" encoding="UTF-8"?>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
  xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
  xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">
  <message:Header>
    <message:ID>G1</message:ID>
    <message:Test>false</message:Test>
    <message:Prepared>2014-07-18T07:04:39</message:Prepared>
    <message:Sender id="ESTAT"><common:Name xml:lang="en">Eurostat</common:Name></message:Sender>
    <message:Structure structureID="ESTAT_DSD_migr_1_0" dimensionAtObservation="TIME_PERIOD">
      <common:Structure><Ref agencyID="ESTAT" id="DSD_migr_imm" version="1.0"/></common:Structure>
    </message:Structure>
    <message:DataSetID>migr_imm</message:DataSetID>
  </message:Header>
  <message:DataSet structureRef="ESTAT_DSD_migr_1_0">
    <generic:Group type="SiblingGroup">
      <generic:GroupKey><generic:Value id="GEO" value="BE"/></generic:GroupKey>
      <generic:Attributes><generic:Value id="UNIT_MULT" value="3"/></generic:Attributes>
    </generic:Group>
    <generic:Series>
      <generic:SeriesKey>
        <generic:Value id="UNIT" value="NR"/>
        <generic:Value id="SEX" value="T"/>
        <generic:Value id="CITIZEN" value="TOTAL"/>
        <generic:Value id="GEO" value="BE"/>
        <generic:Value id="FREQ" value="A"/>
      </generic:SeriesKey>
      <generic:Obs>
        <generic:ObsDimension value="2019"/>
        <generic:ObsValue value="150.5"/>
      </generic:Obs>
      <generic:Obs>
        <generic:ObsDimension value="2020"/>
        <generic:ObsValue value="NaN"/>
        <generic:Attributes><generic:Value id="OBS_STATUS" value="na"/></generic:Attributes>
      </generic:Obs>
    </generic:Series>
    <generic:Series>
      <generic:SeriesKey>
        <generic:Value id="UNIT" value="NR"/>
        <generic:Value id="SEX" value="F"/>
        <generic:Value id="CITIZEN" value="SY"/>
        <generic:Value id="GEO" value="MT"/>
        <generic:Value id="FREQ" value="A"/>
      </generic:SeriesKey>
      <generic:Attributes><generic:Value id="OBS_STATUS" value="e"/></generic:Attributes>
      <generic:Obs>
        <generic:ObsDimension value="2019"/>
        <generic:ObsValue value="812"/>
      </generic:Obs>
    </generic:Series>
  </message:DataSet>
</message:GenericData>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
<message:Header><message:ID>&lol9;</message:ID></message:Header>
</message:GenericData>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path, structure: Path | None = None):
    reader = Reader(path, structure)
    return reader, list(reader.cells())


def sniff(path: Path) -> bool:
    return Reader.sniff(path, path.read_bytes()[:65536])


# -- SDMX-ML --------------------------------------------------------------------------------------


def test_structure_specific_with_its_structure(tmp_path):
    reader, cells = read(write(tmp_path, "data.xml", SS_DATA), write(tmp_path, "structure.xml", STRUCTURE))
    assert [(c.place, c.period, c.value, c.flags, c.breakdown, c.scale) for c in cells] == [
        ("MT", "2019", "12.5", "A", {"sex": "F"}, 3),
        ("MT", "2020", None, "M", {"sex": "F"}, 3),  # NaN with its flag: kept, never dropped
        ("MT", "2019", "14", "", {"sex": "M"}, 0),
    ]
    assert {c.indicator for c in cells} == {"DF_MIG"}  # no indicator dimension: the dataflow
    first = next(n for n, line in enumerate(SS_DATA.splitlines(), start=1) if "<Obs " in line)
    assert cells[0].where == f"line {first}"
    pub = reader.publication
    assert (pub.publisher, pub.title, pub.released) == (
        "National Statistics Office",
        "Immigrants by sex",
        "2024-06-30",
    )
    assert pub.notes == []  # FREQ is never a breakdown nor worth a note


def test_structure_specific_without_its_structure_is_read_by_names(tmp_path):
    reader, cells = read(write(tmp_path, "data.xml", SS_DATA))
    assert [(c.place, c.value, c.breakdown, c.scale) for c in cells] == [
        ("MT", "12.5", {"sex": "F"}, 3),
        ("MT", None, {"sex": "F"}, 3),
        ("MT", "14", {"sex": "M"}, 0),
    ]
    assert reader.publication.title == "Immigration"  # the header's name, no dataflow name to hand
    assert any("without its structure" in n for n in reader.publication.notes)


def test_generic_data_groups_flags_origin_and_totals(tmp_path):
    reader, cells = read(write(tmp_path, "generic.xml", GENERIC))
    assert [(c.place, c.origin, c.period, c.value, c.flags, c.scale, c.breakdown) for c in cells] == [
        ("BE", "", "2019", "150.5", "", 3, {}),  # SEX=T, CITIZEN=TOTAL: a total; UNIT_MULT from the group
        ("BE", "", "2020", None, "na", 3, {}),
        ("MT", "SY", "2019", "812", "e", 0, {"sex": "F"}),  # series attribute, citizen as origin
    ]
    assert {c.indicator for c in cells} == {"migr_imm"}
    assert {c.unit for c in cells} == {"number"}
    pub = reader.publication
    assert (pub.publisher, pub.title, pub.released) == ("Eurostat", "migr_imm", "2014-07-18")
    assert not any("without its structure" in n for n in pub.notes)  # generic data says what is what


def test_a_data_message_for_another_structure_is_refused(tmp_path):
    other = write(
        tmp_path, "structure.xml", STRUCTURE.replace("DF_MIG", "DF_OTHER").replace("DSD_MIG", "DSD_X")
    )
    with pytest.raises(ReadError, match=r"dataflow DF_MIG.*DSD DSD_X"):
        read(write(tmp_path, "data.xml", SS_DATA), other)


def test_a_data_message_missing_a_dimension_is_refused(tmp_path):
    data = SS_DATA.replace(' SEX="F"', "").replace(' SEX="M"', "")
    with pytest.raises(ReadError, match="dimension SEX of DSD DSD_MIG is missing"):
        read(write(tmp_path, "data.xml", data), write(tmp_path, "structure.xml", STRUCTURE))


def test_a_component_the_structure_does_not_have_is_refused(tmp_path):
    data = SS_DATA.replace('FREQ="A" UNIT_MULT="3"', 'FREQ="A" UNIT_MULT="3" AGE="Y15T64"')
    with pytest.raises(ReadError, match="AGE is not in DSD DSD_MIG"):
        read(write(tmp_path, "data.xml", data), write(tmp_path, "structure.xml", STRUCTURE))


def test_no_place_dimension_is_refused_naming_the_dimensions(tmp_path):
    data = SS_DATA.replace("REF_AREA=", "SECTOR=")
    with pytest.raises(ReadError, match=r"no dimension names a place.*dimensions are SECTOR, SEX, FREQ"):
        read(write(tmp_path, "data.xml", data))


def test_billion_laughs_is_refused_before_parsing(tmp_path):
    path = write(tmp_path, "lol.xml", BILLION_LAUGHS)
    assert sniff(path)  # it looks like SDMX: the refusal must say why
    with pytest.raises(ReadError, match="DOCTYPE"):
        read(path)


def test_external_entity_is_refused(tmp_path):
    secret = write(tmp_path, "secret.txt", "secret")
    data = SS_DATA.replace(
        "<message:StructureSpecificData",
        f'<!DOCTYPE message:StructureSpecificData [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        "<message:StructureSpecificData",
    ).replace("<message:ID>D1</message:ID>", "<message:ID>&x;</message:ID>")
    with pytest.raises(ReadError, match="DOCTYPE"):
        read(write(tmp_path, "data.xml", data))
    # and in the structure message too
    bad = STRUCTURE.replace(
        "<message:Structure ", '<!DOCTYPE s SYSTEM "http://127.0.0.1:9/x.dtd">\n<message:Structure ', 1
    )
    with pytest.raises(ReadError, match=r"structure message.*DOCTYPE"):
        read(write(tmp_path, "data.xml", SS_DATA), write(tmp_path, "structure.xml", bad))


def test_malformed_xml_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="not well-formed"):
        read(write(tmp_path, "data.xml", SS_DATA[:-40]))


def test_a_structure_message_is_not_taken_for_data(tmp_path):
    path = write(tmp_path, "structure.xml", STRUCTURE)
    assert not sniff(path)
    with pytest.raises(ReadError, match=r"not an SDMX-ML 2\.1 data message"):
        read(path)


# -- SDMX-CSV -------------------------------------------------------------------------------------

CSV = (
    "DATAFLOW,REF_AREA,MEASURE,SEX,AGE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT\r\n"
    "OECD.ELS:DSD_MIG@DF_MIG(1.0),MLT,IMM,F,_T,2019,12.5,A,3\r\n"
    "OECD.ELS:DSD_MIG@DF_MIG(1.0),MLT,IMM,M,_T,2019,NaN,M,3\r\n"
    "OECD.ELS:DSD_MIG@DF_MIG(1.0),MLT,IMM,_T,Y15T64,2019,30,,0\r\n"
)


def test_sdmx_csv_rows(tmp_path):
    reader, cells = read(write(tmp_path, "data.csv", CSV))
    assert [(c.place, c.indicator, c.period, c.value, c.flags, c.scale, c.breakdown) for c in cells] == [
        ("MLT", "IMM", "2019", "12.5", "A", 3, {"sex": "F"}),
        ("MLT", "IMM", "2019", None, "M", 3, {"sex": "M"}),  # NaN with OBS_STATUS M: kept
        ("MLT", "IMM", "2019", "30", "", 0, {"age": "Y15T64"}),  # _T left out
    ]
    assert cells[1].where == "line 3"
    assert (reader.publication.publisher, reader.publication.title) == ("OECD", "DF_MIG")


def test_eurostat_flavour_lower_case_ids_and_last_update(tmp_path):
    text = (
        "DATAFLOW,LAST UPDATE,freq,citizen,sex,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
        "ESTAT:MIGR_IMM1CTZ(1.0),05/03/24 23:00:00,A,UA,F,THS_PER,DE,2022,1.2,p\n"
        "ESTAT:MIGR_IMM1CTZ(1.0),05/03/24 23:00:00,A,SY,F,THS_PER,DE,2022,0.4,\n"
    )
    reader, cells = read(write(tmp_path, "estat.csv", text))
    assert [(c.place, c.origin, c.value, c.flags, c.breakdown, c.unit, c.scale) for c in cells] == [
        ("DE", "UA", "1.2", "p", {"sex": "F"}, "persons", 3),  # sex=F alone is still a breakdown
        ("DE", "SY", "0.4", "", {"sex": "F"}, "persons", 3),  # thousands of persons
    ]
    assert {c.indicator for c in cells} == {"MIGR_IMM1CTZ"}
    assert (reader.publication.publisher, reader.publication.released) == ("Eurostat", "2024-03-05")


def test_csv_without_a_place_dimension_is_refused(tmp_path):
    text = "DATAFLOW,INDICATOR,SEX,TIME_PERIOD,OBS_VALUE\nX:DF(1.0),POP,F,2020,1\n"
    with pytest.raises(ReadError, match="dimensions are INDICATOR, SEX"):
        read(write(tmp_path, "data.csv", text))


def test_csv_against_its_structure(tmp_path):
    structure = write(tmp_path, "structure.xml", STRUCTURE)
    text = (
        "DATAFLOW,REF_AREA,SEX,FREQ,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT\n"
        "TEST:DF_MIG(1.0),MT,F,A,2019,5,A,0\n"
    )
    reader, cells = read(write(tmp_path, "data.csv", text), structure)
    assert [(c.place, c.value, c.breakdown) for c in cells] == [("MT", "5", {"sex": "F"})]
    assert reader.publication.title == "Immigrants by sex"
    missing = text.replace("SEX,", "").replace("F,A", "A")
    with pytest.raises(ReadError, match="dimension SEX of DSD DSD_MIG is missing"):
        read(write(tmp_path, "missing.csv", missing), structure)
    other = text.replace("DF_MIG", "DF_OTHER")
    with pytest.raises(ReadError, match="dataflow DF_OTHER"):
        read(write(tmp_path, "other.csv", other), structure)


def test_csv_with_a_short_row_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="line 3"):
        read(write(tmp_path, "data.csv", CSV.replace("IMM,M,_T,2019,NaN,M,3", "IMM,M")))


def test_sniff_claims_sdmx_only(tmp_path):
    assert sniff(write(tmp_path, "a.xml", SS_DATA))
    assert sniff(write(tmp_path, "b.xml", GENERIC))
    assert sniff(write(tmp_path, "c.csv", CSV))
    assert sniff(
        write(tmp_path, "d.csv", "\ufeffSTRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,TIME_PERIOD,OBS_VALUE\n")
    )
    assert not sniff(write(tmp_path, "tidy.csv", "indicator,country,period,value\nmigrant_stock,MT,2019,1\n"))
    assert not sniff(write(tmp_path, "other.xml", "<?xml version='1.0'?><feed><DATAFLOW/></feed>"))
    assert not sniff(write(tmp_path, "s.xml", STRUCTURE))


# -- the real files -------------------------------------------------------------------------------


@real
def test_real_ine_structure_specific_data():
    data = DATA / "sdmx-ml" / "INE_to_IMF_ECOFIN_DSD-data.xml"
    assert sniff(data)
    # the structure's code lists are cut down (ES is not in them): the shape is what counts here
    for structure in (None, DATA / "sdmx-ml" / "IMF_ECOFIN_DSD-structure.xml"):
        reader, cells = read(data, structure)
        assert len(cells) == 106
        assert {c.place for c in cells} == {"ES"}
        assert {c.indicator for c in cells} == {"LU_PE_NUM", "LUR_PE_NUM"}
        assert {c.origin for c in cells} == {""}  # COUNTERPART_AREA=_Z: not applicable
        first = cells[0]
        assert (first.period, first.value, first.flags, first.scale) == ("2002-Q1", "2152.8", "A", 3)
        assert cells[-1].period == "2015-Q1"
        assert {c.scale for c in cells if c.indicator == "LUR_PE_NUM"} == {0}
        assert reader.publication.publisher == "Instituto Nacional de Estadística"
        assert reader.publication.released == "2015-06-11"


@real
def test_real_ine_data_with_the_wrong_structure_is_refused():
    with pytest.raises(ReadError, match=r"DSD ECOFIN_DSD.*DSD_WEO"):
        read(
            DATA / "sdmx-ml" / "INE_to_IMF_ECOFIN_DSD-data.xml",
            DATA / "sdmx-ml" / "IMF_RES_WEO-structure.xml",
        )


@real
def test_real_imf_weo_with_structure():
    reader, cells = read(
        DATA / "sdmx-ml" / "IMF_RES_WEO-data.xml", DATA / "sdmx-ml" / "IMF_RES_WEO-structure.xml"
    )
    assert [(c.place, c.indicator, c.period, c.value) for c in cells] == [
        ("SVK", "NGDP_R", "2018", "94669000000")
    ]
    pub = reader.publication
    assert pub.title == "World Economic Outlook (WEO)"
    assert pub.publisher == "IMF"
    assert "International Monetary Fund" in pub.licence


@real
def test_real_eurostat_generic_data_keeps_nan_with_its_flag():
    reader, cells = read(DATA / "sdmx-ml" / "ESTAT_cdh_e_fos-genericdata.xml")
    assert len(cells) == 4 and {c.place for c in cells} == {"BE"}
    assert sorted((c.period, c.value or "", c.flags) for c in cells) == [
        ("2006", "", "na"),
        ("2006", "", "na"),
        ("2009", "", "na"),
        ("2009", "43.75", ""),
    ]
    assert all(c.value is None for c in cells if c.flags == "na")  # NaN: no value, the flag kept
    assert reader.publication.publisher == "Eurostat"


@real
def test_real_oecd_sdmx_csv():
    data = DATA / "sdmx-csv" / "OECD_DF_POP_HIST-data.csv"
    assert sniff(data)
    reader, cells = read(data, DATA / "sdmx-csv" / "OECD_DF_POP_HIST-structure.xml")
    assert len(cells) == 16224
    assert len({c.place for c in cells}) == 52
    assert {c.indicator for c in cells} == {"POP"}
    assert {c.unit for c in cells} == {"persons"}
    assert len({c.breakdown.get("age") for c in cells}) == 24  # 23 age groups and the total
    assert reader.publication.title == "Historical population data"
    _, bare = read(data)
    assert len(bare) == 16224


@real
def test_real_eurostat_sdmx_csv_excerpt():
    reader, cells = read(DATA / "sdmx-csv" / "ESTAT_PROJ_19NP-excerpt.csv")
    assert len(cells) == 9
    assert {c.place for c in cells} == {"AT", "BE"}
    assert {c.indicator for c in cells} == {"PROJ_19NP"}
    assert cells[0].breakdown == {"sex": "F", "age": "Y1"}
    assert reader.publication.released == "2020-07-20"


@real
def test_sniff_on_the_real_files():
    for path in sorted(DATA.rglob("*")):
        if path.is_file():
            expected = path.parent.name in {"sdmx-ml", "sdmx-csv"} and "-structure" not in path.name
            assert sniff(path) == expected, path
