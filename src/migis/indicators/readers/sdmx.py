"""SDMX data: SDMX-ML 2.1 data messages (GenericData, StructureSpecificData) and SDMX-CSV (1.0, 2.0).

Each observation becomes one cell. The area dimension (REF_AREA, GEO, COUNTRY, AREA, LOCATION, or
COUNTERPART_AREA when there is no other) is the place; a counterpart (COUNTERPART_AREA, CITIZEN,
PARTNER, C_BIRTH) next to an area is the origin; TIME_PERIOD the period; INDICATOR or MEASURE the
indicator, else the dataflow's id; OBS_STATUS / OBS_FLAG the flags; UNIT_MULT the scale; UNIT_MEASURE or
UNIT the unit. The other dimensions go to the breakdown (ids in lower case) when they take more than
one code in the file (SEX and AGE always), a total code (_T, _Z, TOTAL) left out; dimensions with a
single code throughout are listed in `publication.notes`. Files are read twice (the codes each
dimension takes, then the cells), streaming both times.

A structure message (`structure`) is read with sdmx1 and makes the reading exact (which components are
dimensions, the dataflow's name); a data message that does not fit it is refused. Without one,
StructureSpecificData components are told apart by name and a note says so. Codes are not checked
against code lists here: the importer does that.

The data messages themselves are parsed by a streaming lxml parser rather than `sdmx.read_sdmx`: sdmx1
2.28 holds the whole message in memory and refuses valid headers (a `common:Name` in the header, as in
INE's messages, ends in "1 uncollected items"). XML with a DOCTYPE is refused before anything else
reads it: no entity is ever expanded and no external file or address is fetched.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from migis.indicators.readers import register
from migis.indicators.readers.base import Cell, Reader, ReadError

SDMX21 = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/"
MESSAGE_NS = SDMX21 + "message"
COMMON_NS = SDMX21 + "common"
GENERIC_NS = SDMX21 + "data/generic"
DATA_ROOTS = (
    "GenericData",
    "StructureSpecificData",
    "GenericTimeSeriesData",
    "StructureSpecificTimeSeriesData",
)
DATA_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:" + "|".join(DATA_ROOTS).encode() + rb")[\s>]")

AREA_IDS = ("REF_AREA", "GEO", "COUNTRY", "AREA", "LOCATION", "COUNTERPART_AREA")
COUNTERPART_IDS = ("COUNTERPART_AREA", "CITIZEN", "PARTNER", "C_BIRTH")
INDICATOR_IDS = ("INDICATOR", "MEASURE")
FLAG_IDS = ("OBS_STATUS", "OBS_FLAG")
UNIT_IDS = ("UNIT_MEASURE", "UNIT")
FREQ_IDS = ("FREQ", "FREQUENCY")  # the period says it ("2020-Q1"): never a breakdown
ALWAYS_BREAKDOWN = ("SEX", "AGE")  # kept even with one code: sex=F alone must not look like a total
TOTAL_CODES = {"_T", "_Z", "TOTAL", "_TOTAL", "ALL"}
MISSING_VALUES = {"", "NAN"}
# Attribute ids common in SDMX data; only used to tell dimensions from attributes in a
# StructureSpecificData message read without its structure.
KNOWN_ATTRIBUTES = {
    "OBS_STATUS", "OBS_FLAG", "OBS_CONF", "CONF_STATUS", "OBS_PRE_BREAK", "OBS_COM", "OBS_COMMENT",
    "COMMENT", "COMMENT_OBS", "COMMENT_TS", "COMMENT_DSET", "UNIT_MULT", "DECIMALS", "DECIMALS_DISPLAYED",
    "TIME_FORMAT", "TIME_PER_COLLECT", "TITLE", "TITLE_COMPL", "TITLE_GRP", "BASE_PER", "BASE_YEAR",
    "COMPILATION", "SOURCE_AGENCY", "SOURCE_PUB", "COLL_METHOD", "DATA_COMP", "EMBARGO_TIME", "NAT_TITLE",
    "PUBL_PUBLIC", "PUBL_ECB", "PUBL_MU", "SCALE", "SERIES_NAME", "COUNTRY_UPDATE_DATE", "OVERLAP",
    "UNIT_INDEX_BASE", "REF_YEAR_PRICE", "METHODOLOGY", "METHODOLOGY_NOTES", "LICENSE", "PUBLISHER",
}  # fmt: skip
# Dataset attributes and XML attributes of the DataSet element that are not statistics at all.
DATASET_XML = {
    "action", "setID", "structureRef", "dataScope", "reportingBeginDate", "reportingEndDate",
    "validFromDate", "validToDate", "publicationYear", "publicationPeriod",
}  # fmt: skip
AGENCIES = {
    "ESTAT": "Eurostat",
    "OECD": "OECD",
    "IMF": "International Monetary Fund",
    "ECB": "European Central Bank",
    "ILO": "International Labour Organization",
    "UNSD": "United Nations Statistics Division",
    "WB": "World Bank",
    "BIS": "Bank for International Settlements",
    "UNICEF": "UNICEF",
}
# Unit codes of SDMX code lists (CL_UNIT, Eurostat's unit) -> (unit as the importer names it, scale).
# Other codes are handed over as written, so a unit the indicator does not have is reported, not
# silently taken for persons.
UNITS = {
    "PS": ("persons", 0),
    "PER": ("persons", 0),
    "PERS": ("persons", 0),
    "NR": ("number", 0),
    "THS_PER": ("persons", 3),
    "THS": ("number", 3),
    "MIO_PER": ("persons", 6),
}
CSV_STRUCTURE_COLUMNS = {"DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "ACTION", "LAST UPDATE"}
FLOW_REF = re.compile(r"^(?:(?P<agency>[\w.@-]+):)?(?P<id>[\w.@-]+?)(?:\((?P<version>[^)]*)\))?$")


@functools.lru_cache(maxsize=1024)
def _split(tag: str) -> tuple[str, str]:
    """ "{namespace}local" -> (namespace, local); a message has few distinct tags."""
    qname = etree.QName(tag)
    return qname.namespace or "", qname.localname


def _local(tag: Any) -> str:
    return _split(tag)[1] if isinstance(tag, str) else ""


def _ns(tag: Any) -> str:
    return _split(tag)[0] if isinstance(tag, str) else ""


def _plain(attrib) -> dict[str, str]:
    """An element's attributes without a namespace, names in upper case."""
    return {k.upper(): v for k, v in attrib.items() if not k.startswith("{")}


def _flow_id(text: str) -> str:
    """The dataflow's id: "OECD.ELS.SAE:DSD_POPULATION@DF_POP_HIST(1.0)" -> "DF_POP_HIST",
    "ESTAT:PROJ_19NP(1.0)" -> "PROJ_19NP"."""
    match = FLOW_REF.match(text.strip())
    flow = match.group("id") if match else text.strip()
    return flow.rsplit("@", 1)[-1]


def _agency_name(agency: str) -> str:
    if not agency:
        return ""
    return AGENCIES.get(agency) or AGENCIES.get(agency.split(".")[0]) or agency


def _iso_date(text: str) -> str:
    """An ISO date from an SDMX timestamp ("2015-06-11T15:00:05+02:00") or Eurostat's "20/07/20 23:00:00"."""
    text = text.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    for pattern in ("%d/%m/%y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return ""


def refuse_doctype(path: Path, what: str) -> None:
    """Raise ReadError when the XML file declares a DOCTYPE (entities, external files): SDMX never does."""
    try:
        events = etree.iterparse(
            str(path),
            events=("start",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        for _event, element in events:
            info = element.getroottree().docinfo
            if info.doctype or info.internalDTD is not None or info.system_url:
                raise ReadError("XML with a DOCTYPE (entity declarations) is refused", what)
            return
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"not well-formed XML ({exc})", what) from exc


@dataclass
class _Structure:
    """What a structure message says about the data's DSD."""

    dsd_id: str
    dimensions: list[str]  # upper-case ids, time dimension included
    time: str
    attributes: set[str]
    measures: set[str]
    dataflows: dict[str, str] = field(default_factory=dict)  # id -> name, for this DSD
    name: str = ""
    agency: str = ""


@dataclass
class _Obs:
    key: dict[str, str]  # dimension id (upper case) -> code, the time dimension left out
    period: str
    value: str | None
    attrs: dict[str, str]  # attribute id (upper case) -> value
    where: str
    flow: str = ""


@dataclass
class _Layout:
    place: str
    origin: str
    indicator: str
    breakdown: list[str]
    unit: str


@register
class SDMXReader(Reader):
    name = "sdmx"
    label = "SDMX (SDMX-ML 2.1 data message or SDMX-CSV)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        if MESSAGE_NS.encode() in head and DATA_ROOT.search(head):
            return True
        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
        try:
            columns = next(csv.reader([first]))
        except (csv.Error, StopIteration):
            return False
        return bool(columns) and columns[0].split(":")[0].strip().upper() in {"DATAFLOW", "STRUCTURE"}

    def __init__(self, path: Path, structure: Path | None = None):
        super().__init__(path, structure)
        self._dsd: _Structure | None = None
        self._guessed = False  # StructureSpecificData read without its structure

    def cells(self) -> Iterator[Cell]:
        with open(self.path, "rb") as handle:
            head = handle.read(65536)
        is_xml = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
        if is_xml:
            refuse_doctype(self.path, self.path.name)
        structures = self._read_structure(Path(self.structure)) if self.structure else []
        observations = self._xml_observations if is_xml else self._csv_observations
        codes: dict[str, set[str]] = {}
        order: list[str] = []
        for obs in observations(check=structures):
            for dim, code in obs.key.items():
                if dim not in codes:
                    codes[dim] = set()
                    order.append(dim)
                codes[dim].add(code)
        layout = self._layout(order, codes)
        for obs in observations(check=None):
            yield self._cell(obs, layout)

    # -- structure message ------------------------------------------------------------------------

    def _read_structure(self, path: Path) -> list[_Structure]:
        import sdmx

        where = "structure message"
        refuse_doctype(path, where)
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # sdmx1 prints its parse stack on errors
                message = sdmx.read_sdmx(path)
        except Exception as exc:  # sdmx1 raises many kinds for a bad file
            raise ReadError(f"cannot be read ({type(exc).__name__}: {exc})", where) from exc
        dsds = getattr(message, "structure", None) or {}
        if not dsds:
            raise ReadError("holds no data structure definition (DSD)", where)
        result = []
        for dsd in dsds.values():
            dims = [d.id.upper() for d in dsd.dimensions]
            times = [d.id.upper() for d in dsd.dimensions if type(d).__name__ == "TimeDimension"]
            flows = {
                flow.id: str(flow.name)
                for flow in (getattr(message, "dataflow", None) or {}).values()
                if flow.structure is not None and flow.structure.id == dsd.id
            }
            maintainer = getattr(dsd, "maintainer", None)
            result.append(
                _Structure(
                    dsd_id=dsd.id,
                    dimensions=dims,
                    time=times[0] if times else "TIME_PERIOD",
                    attributes={a.id.upper() for a in dsd.attributes},
                    measures={m.id.upper() for m in dsd.measures} or {"OBS_VALUE"},
                    dataflows=flows,
                    name=str(dsd.name) if dsd.name else "",
                    agency=getattr(maintainer, "id", "") or "",
                )
            )
        return result

    def _choose(self, structures: list[_Structure], dsd_id: str, flow_id: str) -> _Structure:
        """The structure the data names, or ReadError saying what the data names and what is there."""
        for structure in structures:
            if flow_id and flow_id in structure.dataflows:
                return structure
        for structure in structures:
            if dsd_id and dsd_id == structure.dsd_id:
                return structure
        named = f"dataflow {flow_id}" if flow_id else f"DSD {dsd_id}"
        if flow_id and dsd_id:
            named = f"dataflow {flow_id} (DSD {dsd_id})"
        there = ", ".join(
            f"DSD {s.dsd_id}" + "".join(f", dataflow {f}" for f in s.dataflows) for s in structures
        )
        raise ReadError(
            f"the data is structured by {named}, the structure message defines {there}", "structure"
        )

    def _check_dimensions(self, seen: list[str], where: str) -> None:
        dsd = self._dsd
        if dsd is None:
            return
        unknown = [d for d in seen if d not in dsd.dimensions]
        if unknown:
            raise ReadError(
                f"dimension {', '.join(unknown)} is not a dimension of DSD {dsd.dsd_id} "
                f"({', '.join(dsd.dimensions)})",
                where,
            )
        missing = [d for d in dsd.dimensions if d not in seen and d != dsd.time]
        if missing:
            raise ReadError(
                f"dimension {', '.join(missing)} of DSD {dsd.dsd_id} is missing from the data", where
            )

    # -- SDMX-CSV ---------------------------------------------------------------------------------

    def _csv_observations(self, check: list[_Structure] | None) -> Iterator[_Obs]:
        """Rows of an SDMX-CSV file, streamed. `check` is given on the first pass: the first row then
        fills the publication, and the columns are compared with the structure message (if any)."""
        top = f"{self.path.name}, line 1"
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader)
                first = next(reader, [])
            except StopIteration:
                raise ReadError("empty file", top) from None
            except (csv.Error, UnicodeDecodeError) as exc:
                raise ReadError(f"not a CSV file ({exc})", top) from exc
        labelled = any(": " in column for column in header)  # SDMX-CSV with labels: "REF_AREA: Area"
        ids = [column.split(": ", 1)[0].strip().upper() for column in header]
        if not ids or ids[0] not in {"DATAFLOW", "STRUCTURE"}:
            raise ReadError("the first column is not DATAFLOW or STRUCTURE", top)
        if "OBS_VALUE" not in ids:
            raise ReadError("no OBS_VALUE column", top)
        value_at = ids.index("OBS_VALUE")
        flow_at = ids.index("STRUCTURE_ID") if "STRUCTURE_ID" in ids else 0
        time_id = self._dsd.time if self._dsd else "TIME_PERIOD"

        def code(text: str) -> str:
            text = text.strip()
            return text.split(": ", 1)[0].strip() if labelled else text

        flow = code(first[flow_at]) if len(first) > flow_at else ""
        if check is not None:
            match = FLOW_REF.match(flow)
            pub = self.publication
            pub.publisher = _agency_name((match.group("agency") or "") if match else "")
            pub.title = _flow_id(flow)
            if "LAST UPDATE" in ids and len(first) > ids.index("LAST UPDATE"):
                pub.released = _iso_date(first[ids.index("LAST UPDATE")])
            if check:
                flow_id = (match.group("id") if match else flow) or ""
                self._dsd = dsd = self._choose(check, "", flow_id)
                time_id = dsd.time
                dims = [c for c in ids[:value_at] if c not in CSV_STRUCTURE_COLUMNS and c != time_id]
                self._check_dimensions(dims, top)
                unknown = [
                    c for c in ids[value_at + 1 :] if c not in dsd.attributes and c not in dsd.measures
                ]
                if unknown:
                    raise ReadError(
                        f"column {', '.join(unknown)} is not an attribute of DSD {dsd.dsd_id}", top
                    )
                pub.title = dsd.dataflows.get(flow_id) or pub.title
        if time_id not in ids:
            raise ReadError(f"no {time_id} column", top)
        time_at = ids.index(time_id)
        dims_at = [i for i, c in enumerate(ids[:value_at]) if c not in CSV_STRUCTURE_COLUMNS and i != time_at]
        attrs_at = list(range(value_at + 1, len(ids)))
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            try:
                next(reader)
                for row in reader:
                    where = f"line {reader.line_num}"
                    if not any(cell.strip() for cell in row):
                        continue
                    if len(row) != len(ids):
                        raise ReadError(f"{len(row)} columns where the header has {len(ids)}", where)
                    value = row[value_at].strip()
                    yield _Obs(
                        key={ids[i]: code(row[i]) for i in dims_at},
                        period=code(row[time_at]),
                        value=None if value.upper() in MISSING_VALUES else value,
                        attrs={ids[i]: code(row[i]) for i in attrs_at if row[i].strip()},
                        where=where,
                        flow=_flow_id(code(row[flow_at])),
                    )
            except (csv.Error, UnicodeDecodeError) as exc:
                raise ReadError(f"cannot be read as CSV ({exc})", f"line {reader.line_num}") from exc

    # -- SDMX-ML ----------------------------------------------------------------------------------

    def _xml_observations(self, check: list[_Structure] | None) -> Iterator[_Obs]:
        """Observations of a GenericData or StructureSpecificData message, streamed.

        `check` is given on the first pass: the header then fills the publication, and the data is
        compared with the structure message (when there is one)."""
        events = etree.iterparse(
            str(self.path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        state = _XMLState()
        seen_dims: list[str] = []
        try:
            for event, element in events:
                local = _local(element.tag)
                ns = _ns(element.tag)
                if state.root is None:
                    state.root = local
                    if ns != MESSAGE_NS or local not in DATA_ROOTS:
                        raise ReadError(
                            f"not an SDMX-ML 2.1 data message (the root element is {local})", self.path.name
                        )
                    state.generic = local.startswith("Generic")
                    continue
                if event == "end" and local == "Header" and ns == MESSAGE_NS:
                    state.read_header(element)
                    element.clear()
                    continue
                if local == "DataSet" and ns == MESSAGE_NS:
                    if event == "start":
                        self._start_dataset(element, state, check)
                    else:
                        element.clear()
                    continue
                if state.generic:
                    yield from self._generic_event(event, element, local, state, seen_dims)
                else:
                    yield from self._ss_event(event, element, local, state, seen_dims)
        except etree.XMLSyntaxError as exc:
            raise ReadError(f"not well-formed XML ({exc})", self.path.name) from exc
        if state.root is None:
            raise ReadError("empty XML file", self.path.name)
        if check is not None:
            self._check_dimensions(seen_dims, self.path.name)

    def _start_dataset(self, element, state: _XMLState, check: list[_Structure] | None) -> None:
        state.dataset_attrs = {}
        if not state.generic:
            for name, value in element.attrib.items():
                if not _ns(name) and name not in DATASET_XML:
                    state.dataset_attrs[name.upper()] = value
        state.reset_groups()
        dsd_id, flow_id = state.structure_ref(element)
        state.flow = flow_id or state.dataset_id or dsd_id
        if check is None:
            return
        if check:
            self._dsd = self._choose(check, dsd_id, flow_id)
            self._component_check(state.dataset_attrs, f"line {element.sourceline}")
        elif not state.generic:
            self._guessed = True
        pub = self.publication
        attrs = state.dataset_attrs
        pub.publisher = (
            state.sender_name
            or attrs.get("PUBLISHER", "")
            or _agency_name(state.sender_id)
            or _agency_name(state.agency)
        )
        flow_name = self._dsd.dataflows.get(flow_id, "") if self._dsd else ""
        pub.title = flow_name or state.name or state.dataset_id or flow_id or dsd_id
        pub.released = _iso_date(attrs.get("PUBLICATION_DATE", "")) or _iso_date(state.prepared)
        pub.licence = attrs.get("LICENSE", "") or attrs.get("LICENCE", "")

    def _is_dimension(self, name: str, state: _XMLState) -> bool:
        if self._dsd is not None:
            return name in self._dsd.dimensions
        return name not in KNOWN_ATTRIBUTES

    def _component_check(self, names, where: str) -> None:
        dsd = self._dsd
        if dsd is None:
            return
        for name in names:
            if name not in dsd.dimensions and name not in dsd.attributes and name not in dsd.measures:
                raise ReadError(f"component {name} is not in DSD {dsd.dsd_id}", where)

    def _ss_event(self, event, element, local: str, state: _XMLState, seen: list[str]) -> Iterator[_Obs]:
        if event == "start" and local == "Group":
            values = _plain(element.attrib)
            self._component_check(values, f"line {element.sourceline}")
            state.add_group({k: v for k, v in values.items() if self._is_dimension(k, state)}, values)
        elif event == "start" and local == "Series":
            values = _plain(element.attrib)
            self._component_check(values, f"line {element.sourceline}")
            state.series_key = {k: v for k, v in values.items() if self._is_dimension(k, state)}
            state.series_attrs = {k: v for k, v in values.items() if k not in state.series_key}
        elif event == "end" and local == "Obs":
            values = _plain(element.attrib)
            where = f"line {element.sourceline}"
            self._component_check(values, where)
            time = self._dsd.time if self._dsd else "TIME_PERIOD"
            measure = next(iter(sorted(self._dsd.measures))) if self._dsd else "OBS_VALUE"
            key = dict(state.series_key)
            attrs = state.attributes_for(key)
            for name, value in values.items():
                if name == measure:
                    continue
                if self._dsd is not None and name in self._dsd.dimensions:
                    key[name] = value
                elif self._dsd is None and (state.all_dimensions or name in (time, state.obs_dim)):
                    if self._is_dimension(name, state):
                        key[name] = value
                    else:
                        attrs[name] = value
                else:
                    attrs[name] = value
            period = key.pop(time, "")  # at the observation, or at the series of a cross-section
            yield self._observation(key, period, values.get(measure), attrs, where, state, seen)
            _free(element)
        elif event == "end" and local == "Series":
            state.series_key, state.series_attrs = {}, {}
            _free(element)

    def _generic_event(self, event, element, local: str, state: _XMLState, seen: list[str]) -> Iterator[_Obs]:
        if event != "end":
            return
        if local == "Group":
            key = _values(element, "GroupKey")
            state.add_group(key, {**key, **_values(element, "Attributes")})
            _free(element)
        elif local == "SeriesKey":
            state.series_key = _values(element)
        elif local == "Attributes" and _local(element.getparent().tag) == "Series":
            state.series_attrs = _values(element)
        elif local == "Attributes" and _local(element.getparent().tag) == "DataSet":
            state.dataset_attrs.update(_values(element))
        elif local == "Obs":
            where = f"line {element.sourceline}"
            key = dict(state.series_key)
            key.update(_values(element, "ObsKey"))
            attrs = state.attributes_for(key)
            attrs.update(_values(element, "Attributes"))
            value = None
            for child in element:
                name = _local(child.tag)
                if name == "ObsDimension":
                    key[(child.get("id") or state.obs_dim).upper()] = child.get("value", "")
                elif name == "ObsValue":
                    value = child.get("value")
            period = key.pop(self._dsd.time if self._dsd else "TIME_PERIOD", "")
            yield self._observation(key, period, value, attrs, where, state, seen)
            _free(element)
        elif local == "Series":
            state.series_key, state.series_attrs = {}, {}
            _free(element)

    def _observation(self, key, period, value, attrs, where, state: _XMLState, seen: list[str]) -> _Obs:
        for dim in key:
            if dim not in seen:
                seen.append(dim)
        value = None if value is None or value.strip().upper() in MISSING_VALUES else value.strip()
        return _Obs(key=key, period=period, value=value, attrs=attrs, where=where, flow=state.flow)

    # -- cells ------------------------------------------------------------------------------------

    def _layout(self, order: list[str], codes: dict[str, set[str]]) -> _Layout:
        place = next((d for d in AREA_IDS if d in codes), "")
        if not place:
            raise ReadError(
                "no dimension names a place (one of "
                + ", ".join(AREA_IDS)
                + "); the file's dimensions are "
                + (", ".join(order) or "none"),
                self.path.name,
            )
        origin = next((d for d in COUNTERPART_IDS if d in codes and d != place), "")
        indicator = next((d for d in INDICATOR_IDS if d in codes), "")
        unit = next((d for d in UNIT_IDS if d in codes), "")
        breakdown, fixed = [], []
        for dim in order:
            if dim in (place, origin, indicator) or dim in FREQ_IDS:
                continue
            values = codes[dim]
            totals = all(_is_total(dim, c) for c in values)
            if len(values) > 1 or (dim in ALWAYS_BREAKDOWN and not totals):
                breakdown.append(dim)
            else:
                fixed.append(f"{dim}={next(iter(values))}")
        notes = self.publication.notes
        if fixed:
            notes.append(
                "dimensions with one code throughout, left out of the breakdown: " + ", ".join(fixed)
            )
        if self._guessed:
            notes.append(
                "read without its structure message: dimensions and attributes were told apart by name"
            )
        return _Layout(place=place, origin=origin, indicator=indicator, breakdown=breakdown, unit=unit)

    def _cell(self, obs: _Obs, layout: _Layout) -> Cell:
        key, attrs = obs.key, obs.attrs
        origin = key.get(layout.origin, "") if layout.origin else ""
        if _is_total(layout.origin, origin):
            origin = ""
        scale = 0
        multiplier = attrs.get("UNIT_MULT", "").strip()
        if multiplier:
            try:
                scale = int(multiplier)
            except ValueError:
                raise ReadError(f"UNIT_MULT {multiplier!r} is not a whole number", obs.where) from None
        unit = key.get(layout.unit, "") if layout.unit else ""
        unit = unit or next((attrs[u] for u in UNIT_IDS if attrs.get(u)), "")
        if unit.upper() in UNITS:
            unit, implied = UNITS[unit.upper()]
            scale = scale or implied
        return Cell(
            place=key.get(layout.place, ""),
            period=obs.period,
            value=obs.value,
            where=obs.where,
            indicator=key.get(layout.indicator, "") if layout.indicator else obs.flow,
            origin=origin,
            flags=" ".join(attrs[f] for f in FLAG_IDS if attrs.get(f)),
            breakdown={
                d.lower(): key[d] for d in layout.breakdown if key.get(d) and not _is_total(d, key[d])
            },
            scale=scale,
            unit=unit,
        )


def _is_total(dim: str, code: str) -> bool:
    code = code.strip().upper()
    return code in TOTAL_CODES or (dim == "SEX" and code == "T")


def _values(element, container: str = "") -> dict[str, str]:
    """generic:Value id/value pairs of `element` (or of its child `container`), ids in upper case."""
    if container:
        element = next((c for c in element if _local(c.tag) == container), None)
        if element is None:
            return {}
    return {c.get("id", "").upper(): c.get("value", "") for c in element if _local(c.tag) == "Value"}


def _free(element) -> None:
    """Drop a read element and the siblings before it, so a long message is never held whole."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


class _XMLState:
    """What the parser knows at the current point of a message."""

    def __init__(self):
        self.root: str | None = None
        self.generic = False
        self.prepared = ""
        self.sender_id = ""
        self.sender_name = ""
        self.name = ""
        self.dataset_id = ""
        self.agency = ""
        self.obs_dim = "TIME_PERIOD"  # dimensionAtObservation: the time, or another for a cross-section
        self.all_dimensions = False
        self.structures: dict[str, tuple[str, str, str]] = {}  # structureID -> (dsd id, flow id, agency)
        self.flow = ""
        self.dataset_attrs: dict[str, str] = {}
        self.series_key: dict[str, str] = {}
        self.series_attrs: dict[str, str] = {}
        # group dimension ids -> their codes -> the group's attributes
        self._group_index: dict[tuple[str, ...], dict[tuple[str, ...], dict[str, str]]] = {}

    def read_header(self, header) -> None:
        for child in header:
            local = _local(child.tag)
            if local == "Prepared":
                self.prepared = (child.text or "").strip()
            elif local == "Sender":
                self.sender_id = child.get("id", "")
                names = {n.get("{http://www.w3.org/XML/1998/namespace}lang", ""): (n.text or "").strip()
                         for n in child if _local(n.tag) == "Name"}  # fmt: skip
                self.sender_name = names.get("en") or next(iter(names.values()), "")
            elif local == "Name" and not self.name:
                self.name = (child.text or "").strip()
            elif local == "DataSetID":
                self.dataset_id = (child.text or "").strip()
            elif local == "Structure":
                at_obs = child.get("dimensionAtObservation", "TIME_PERIOD")
                if at_obs == "AllDimensions":
                    self.all_dimensions = True
                else:
                    self.obs_dim = at_obs.upper()
                dsd_id = flow_id = agency = ""
                for ref_holder in child:
                    kind = _local(ref_holder.tag)
                    ref = next((r for r in ref_holder if _local(r.tag) == "Ref"), None)
                    urn = next((r for r in ref_holder if _local(r.tag) == "URN"), None)
                    ref_id, ref_agency = "", ""
                    if ref is not None:
                        ref_id, ref_agency = ref.get("id", ""), ref.get("agencyID", "")
                    elif urn is not None and urn.text:
                        match = re.search(r"=([^:]+):([^(]+)", urn.text)
                        if match:
                            ref_agency, ref_id = match.group(1), match.group(2)
                        kind = "StructureUsage" if "Dataflow=" in urn.text else kind
                    if kind == "StructureUsage":
                        flow_id = ref_id
                    elif kind in ("Structure", "ProvisionAgrement", "ProvisionAgreement"):
                        dsd_id = dsd_id or ref_id
                    agency = agency or ref_agency
                self.structures[child.get("structureID", "")] = (dsd_id, flow_id, agency)
                self.agency = self.agency or agency

    def structure_ref(self, dataset) -> tuple[str, str]:
        ref = next((v for k, v in dataset.attrib.items() if _local(k) == "structureRef"), "")
        dsd_id, flow_id, agency = self.structures.get(ref) or next(
            iter(self.structures.values()), ("", "", "")
        )
        self.agency = agency or self.agency
        return dsd_id, flow_id

    def reset_groups(self) -> None:
        self._group_index = {}

    def add_group(self, key: dict[str, str], values: dict[str, str]) -> None:
        if not key:
            return
        names = tuple(sorted(key))
        attrs = {k: v for k, v in values.items() if k not in key}
        self._group_index.setdefault(names, {})[tuple(key[n] for n in names)] = attrs

    def attributes_for(self, key: dict[str, str]) -> dict[str, str]:
        """Dataset, group and series attributes that apply to an observation with this key."""
        attrs = dict(self.dataset_attrs)
        for names, groups in self._group_index.items():
            if all(n in key for n in names):
                attrs.update(groups.get(tuple(key[n] for n in names), {}))
        attrs.update(self.series_attrs)
        return attrs
