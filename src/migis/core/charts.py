"""Charts: a Vega-Lite description made here, drawn in the browser by the vendored Vega (static/migis/
charts.js), each with its table twin and a CSV file of exactly that table (docs/charts.md).

A `Chart` holds the rows once; the spec, the table and the CSV are read from them, so the three cannot
disagree. The builders here know nothing of the domains: pages (portal, statistics, monitoring) shape
their own rows and call `bars` or `timeline`. Words (titles, headers, role names) arrive translated;
the direction of the page decides where time starts (on the right in Arabic) and where axes stand.
"""

import datetime
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import timezone, translation
from django.utils.functional import Promise

from migis.core import export

Text = str | Promise

# Okabe & Ito's eight colours, told apart by readers with any common colour-vision deficiency; the
# first is the colour of a single series.
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
# Ordered categories (a dialogue's roles, weakest to strongest) take a ramp of one hue that differs in
# lightness, as on the map, so order reads without colour; bars carry an outline so the lightest shows.
RAMP = ("#9ecae1", "#6baed6", "#2171b5", "#08306b")
OUTLINE = "#08306b"
FONT = 'system-ui, "Segoe UI", "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif'
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # a name: nothing is fetched
STEP = 22  # pixels per category on a horizontal bar chart or a timeline
FEW_BARS, BAR_SLOT, MIN_WIDTH = 10, 56, 220  # up to FEW_BARS upright bars get BAR_SLOT pixels each


@dataclass(frozen=True)
class Column:
    """One column of the table twin: the key of its value in each row and its header."""

    key: str
    header: Text
    number: bool = False  # counts and years: isolated left-to-right in the table, right-aligned


@dataclass
class Chart:
    id: str  # unique on its page: the `?chart=` of its CSV and the ids of its elements
    title: Text
    columns: list[Column]
    rows: list[dict]  # one dict per table row; keys starting with "_" are for the drawing only
    spec: dict  # Vega-Lite, with the rows inline
    unit: Text  # what the numbers count
    source: Text  # where the rows come from
    as_of: datetime.date = field(default_factory=timezone.localdate)  # the date of the data
    note: Text = ""  # what is counted and how, when the title does not say it all

    @property
    def spec_id(self) -> str:
        return f"chart-spec-{self.id}"

    @property
    def csv_url(self) -> str:
        return f"?chart={self.id}&format=csv"

    @property
    def table(self) -> list[list[tuple]]:
        """The rows as cells in column order: (value, is a number)."""
        return [[(row.get(c.key), c.number) for c in self.columns] for row in self.rows]


def find(charts: list[Chart], chart_id: str | None) -> Chart | None:
    return next((c for c in charts if c.id == chart_id), None)


def by_section(charts: list[Chart]) -> dict[str, list[Chart]]:
    """Charts by the section of the page they stand in: the part of their id before any hyphen
    ("projects-theme" goes to "projects")."""
    out: dict[str, list[Chart]] = {}
    for chart in charts:
        out.setdefault(chart.id.split("-")[0], []).append(chart)
    return out


# --- the specs -----------------------------------------------------------------------------------------


def _rtl() -> bool:
    return translation.get_language_bidi()


def _base(title: Text, rows: list[dict], rtl: bool) -> dict:
    return {
        "$schema": SCHEMA,
        "description": str(title),  # Vega gives it to the drawing as its accessible name
        "width": "container",
        "background": None,  # the page's own
        "data": {"values": rows},
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": 12,
                "labelLimit": 280,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "grid": False,
            },
            "axisQuantitative": {"grid": True, "gridColor": "#e3e7eb", "tickMinStep": 1, "format": "d"},
            "legend": {
                "orient": "left" if rtl else "right",
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
            },
            "bar": {"color": CATEGORICAL[0]},
        },
    }


def _side(rtl: bool) -> str:
    """Where an upright axis stands: on the reader's starting side."""
    return "right" if rtl else "left"


def _category_axis(rtl: bool) -> dict:
    # no title: the figure's caption and the table's header name the categories
    return {"orient": _side(rtl), "title": None}


def _count_axis(rtl: bool) -> dict:
    """An upright axis of counts, its title written level above it (not turned on its side)."""
    return {
        "orient": _side(rtl),
        "titleAngle": 0,
        "titleAlign": _side(rtl),
        "titleBaseline": "bottom",
        "titleX": 0,
        "titleY": -8,
    }


def _height(rows: list[dict], line: str, colour: str | None = None) -> int:
    """The height of a chart with a line per distinct `line` value, each as tall as its most bars side
    by side (a number, not Vega-Lite's `step`, which cannot go with a width that fits the page)."""
    lines: dict = {}
    for row in rows:
        lines.setdefault(row.get(line), set()).add(row.get(colour) if colour else None)
    most = max((len(bars) for bars in lines.values()), default=1)
    return len(lines) * (STEP + 10 * (most - 1))


def _field(column: Column, kind: str, **extra) -> dict:
    return {"field": column.key, "type": kind, "title": str(column.header), **extra}


def _colour(column: Column, colours: dict[str, str], rtl: bool) -> dict:
    return _field(
        column,
        "nominal",
        scale={"domain": list(colours), "range": list(colours.values())},
        legend={"orient": "left" if rtl else "right", "title": None},
    )


def bars(
    chart_id: str,
    title: Text,
    rows: list[dict],
    category: Column,
    value: Column,
    *,
    unit: Text,
    source: Text,
    as_of: datetime.date | None = None,
    note: Text = "",
    time: bool = False,
    colour: Column | None = None,
    colours: dict[str, str] | None = None,
) -> Chart:
    """Bars of `value` by `category`: upright along a time axis (`time`: years, in order, from the right
    in a right-to-left page), else lying, in the order of the rows (longest first, as a rule). With
    `colour`, the bars of one category stand side by side, coloured by that column (`colours`: label ->
    colour, in legend order)."""
    rtl = _rtl()
    spec = _base(title, rows, rtl)
    quantity = _field(value, "quantitative")
    if time:
        spec["height"] = 220
        # few bars stay bar-sized rather than stretch across the page
        slots = len({r.get(category.key) for r in rows}) * max(1, len(colours or {}))
        spec["mark"] = {"type": "bar"}
        if slots <= FEW_BARS:
            spec["width"] = max(MIN_WIDTH, BAR_SLOT * slots)
            spec["mark"]["width"] = round(BAR_SLOT * 0.7)
        spec["encoding"] = {
            "x": _field(category, "ordinal", axis={"labelAngle": 0, "title": None}, scale={"reverse": rtl}),
            "y": {**quantity, "axis": _count_axis(rtl)},
        }
    else:
        spec["height"] = _height(rows, category.key, colour.key if colour else None)
        spec["mark"] = {"type": "bar"}
        quantity["scale"] = {"reverse": rtl}
        quantity["axis"] = {"orient": "bottom"}
        spec["encoding"] = {
            "y": _field(category, "nominal", sort=None, axis=_category_axis(rtl)),  # rows come in order
            "x": quantity,
        }
    tips = [_field(category, "ordinal" if time else "nominal"), _field(value, "quantitative")]
    if colour is not None:
        spec["mark"].update(stroke=OUTLINE, strokeWidth=0.5)
        spec["encoding"]["color"] = _colour(colour, colours or {}, rtl)
        spec["encoding"]["xOffset" if time else "yOffset"] = {
            "field": colour.key,
            "type": "nominal",
            "scale": {"domain": list(colours or {})},
        }
        tips.insert(1, _field(colour, "nominal"))
    spec["encoding"]["tooltip"] = tips
    columns = [category, colour, value] if colour else [category, value]
    return Chart(
        chart_id,
        title,
        [c for c in columns if c],
        rows,
        spec,
        unit,
        source,
        as_of or timezone.localdate(),
        note,
    )


def timeline(
    chart_id: str,
    title: Text,
    rows: list[dict],
    label: Column,
    start: Column,
    end: Column,
    colour: Column,
    colours: dict[str, str],
    *,
    unit: Text,
    source: Text,
    as_of: datetime.date | None = None,
    note: Text = "",
    open_until_now: bool = True,
) -> Chart:
    """A bar per row over the years from its `start` to its `end` (both whole years; a row without an
    end runs to this year, or with `open_until_now` False stays within its first year), one line per
    `label` in the order of the rows, the bars of one line side by side by `colour`. Time runs from the
    right in a right-to-left page."""
    rtl = _rtl()
    this_year = timezone.localdate().year
    for row in rows:
        last = row.get(end.key) or (this_year if open_until_now else row[start.key])
        row["_after"] = max(last, row[start.key]) + 1  # the bar covers the whole last year
    spec = _base(title, rows, rtl)
    spec["height"] = _height(rows, label.key, colour.key)
    spec["mark"] = {"type": "bar", "stroke": OUTLINE, "strokeWidth": 0.5}
    spec["encoding"] = {
        "y": _field(label, "nominal", sort=None, axis=_category_axis(rtl)),
        "x": _field(
            start,
            "quantitative",
            scale={"zero": False, "nice": False, "reverse": rtl},
            axis={"format": "d", "tickMinStep": 1, "title": None},
        ),
        "x2": {"field": "_after"},
        "yOffset": {"field": colour.key, "type": "nominal", "scale": {"domain": list(colours)}},
        "color": _colour(colour, colours, rtl),
        "tooltip": [_field(c, "nominal") for c in (label, colour, start, end)],
    }
    return Chart(
        chart_id, title, [label, colour, start, end], rows, spec, unit, source, as_of or this_date(), note
    )


def this_date() -> datetime.date:
    return timezone.localdate()


# --- the CSV twin ----------------------------------------------------------------------------------------


def csv_text(chart: Chart) -> str:
    return export.csv_text(
        [c.header for c in chart.columns], ([row.get(c.key) for c in chart.columns] for row in chart.rows)
    )


def filename(chart: Chart, page: str) -> str:
    return f"migis-{page}-{chart.id}-{timezone.localdate().isoformat()}.csv"


def csv_response(chart: Chart, page: str) -> HttpResponse:
    """The chart's table as a CSV file; `page` names the page it belongs to (a dialogue's slug, a state's
    code)."""
    return export.csv_attachment(csv_text(chart), filename(chart, page))


def download(request, chart_list: list[Chart], page: str) -> HttpResponse:
    """?chart=<id>&format=csv: the table of one of the page's charts as a CSV file."""
    if request.GET.get("format") != "csv":
        return HttpResponseBadRequest("format=csv is the one format of a chart", content_type="text/plain")
    chart = find(chart_list, request.GET["chart"])
    if chart is None:
        raise Http404("No such chart on this page")
    return csv_response(chart, page)


def band(
    chart_id: str,
    title: Text,
    rows: list[dict],
    time: Column,
    value: Column,
    bands: tuple[tuple[Column, Column], ...],
    *,
    unit: Text,
    source: Text,
    as_of: datetime.date | None = None,
    note: Text = "",
    extra: tuple[Column, ...] = (),
) -> Chart:
    """A line along time with shaded intervals around part of it (a forecast's 95% and 80% prediction
    intervals, widest first and lightest): rows without the bands' values draw the line only. The time
    axis runs from the right in a right-to-left page."""
    rtl = _rtl()
    spec = _base(title, rows, rtl)
    spec["height"] = 240
    spec["config"]["axisQuantitative"] = {**spec["config"]["axisQuantitative"], "format": ",~r"}
    x = _field(time, "ordinal", axis={"labelAngle": 0, "title": None}, scale={"reverse": rtl})
    layers = []
    for shade, (low, high) in zip((0.18, 0.32), bands, strict=False):
        layers.append(
            {
                "mark": {"type": "area", "opacity": shade, "color": CATEGORICAL[0]},
                "transform": [{"filter": f"isValid(datum['{low.key}'])"}],
                "encoding": {
                    "x": x,
                    "y": {**_field(low, "quantitative"), "axis": _count_axis(rtl)},
                    "y2": {"field": high.key},
                },
            }
        )
    layers.append(
        {
            "mark": {"type": "line", "point": True, "color": CATEGORICAL[0]},
            "encoding": {
                "x": x,
                "y": {**_field(value, "quantitative"), "axis": _count_axis(rtl)},
                "tooltip": [_field(time, "ordinal"), _field(value, "quantitative")],
            },
        }
    )
    spec["layer"] = layers
    columns = [time, value, *[c for pair in bands for c in pair], *extra]
    return Chart(chart_id, title, columns, rows, spec, unit, source, as_of or timezone.localdate(), note)
