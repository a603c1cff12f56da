"""The statistics API: the indicator catalogue, datasets and observations (JSON, CSV, XLSX, SDMX-CSV)."""

import datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from migis.core import export
from migis.core.api import PageParams, list_response
from migis.core.schemas import CountryRef, ErrorOut, Sourced, SourceOut, paged
from migis.indicators.filters import ObservationFilters
from migis.indicators.services import visible_datasets, visible_indicators, visible_observations

router = Router(tags=["statistics"])


class LangText(Schema):
    en: str
    fr: str
    ar: str


class IndicatorOut(Schema):
    code: str
    name: str
    names: LangText
    kind: str
    unit: str
    periodicity: str
    topic: str
    source_codes: list[str]
    sdg_indicators: list[str]
    url: str

    @staticmethod
    def resolve_name(obj):
        return obj.name

    @staticmethod
    def resolve_names(obj):
        return {"en": obj.name_en, "fr": obj.name_fr, "ar": obj.name_ar}

    @staticmethod
    def resolve_url(obj):
        return f"/api/indicators/{obj.code}"


class IndicatorDetailOut(IndicatorOut, Sourced):
    definition: str
    definitions: LangText
    decimals: int
    minimum: float | None
    maximum: float | None
    disaggregations: list[str]
    source: SourceOut | None

    @staticmethod
    def resolve_definition(obj):
        return obj.definition

    @staticmethod
    def resolve_definitions(obj):
        return {"en": obj.definition_en, "fr": obj.definition_fr, "ar": obj.definition_ar}


class DatasetOut(Schema):
    slug: str
    title: str
    publisher: str
    licence: str
    illustrative: bool
    source_url: str
    versions: list["VersionOut"]

    @staticmethod
    def resolve_versions(obj):
        return list(obj.versions.all())


class VersionOut(Schema):
    number: int
    edition: str
    released: datetime.date | None
    file_name: str
    url: str
    format: str
    observations: int
    is_current: bool
    imported: datetime.datetime


DatasetOut.model_rebuild()


class ObservationOut(Schema):
    indicator: str
    country: CountryRef
    origin: CountryRef | None
    destination: CountryRef | None
    period: str
    breakdown: dict[str, str]
    value: float | None
    flags: str
    dataset: str
    version: int
    edition: str
    source: str = Field(description="publisher and title of the dataset")
    illustrative: bool

    @staticmethod
    def resolve_indicator(obj):
        return obj.indicator.code

    @staticmethod
    def resolve_destination(obj):
        return obj.country if obj.origin_id else None

    @staticmethod
    def resolve_breakdown(obj):
        return dict(part.split("=", 1) for part in obj.breakdown.split(";") if "=" in part)

    @staticmethod
    def resolve_dataset(obj):
        return obj.version.dataset.slug

    @staticmethod
    def resolve_version(obj):
        return obj.version.number

    @staticmethod
    def resolve_edition(obj):
        return obj.version.edition

    @staticmethod
    def resolve_source(obj):
        dataset = obj.version.dataset
        return ", ".join(v for v in (dataset.publisher, dataset.title) if v)

    @staticmethod
    def resolve_illustrative(obj):
        return obj.version.dataset.illustrative


class ObservationPage(PageParams):
    format: Literal["json", "csv", "xlsx", "sdmx-csv"] = Field(  # type: ignore[assignment]
        "json",
        description="csv, xlsx or sdmx-csv (SDMX-CSV 1.0): the whole filtered list as a file "
        f"(at most {export.MAX_ROWS} rows); page and page_size are then ignored",
    )


@router.get(
    "/indicators", response={200: paged(IndicatorOut, "IndicatorList"), 400: ErrorOut}, summary="Indicators"
)
def list_indicators(request, paging: Query[PageParams]):
    return list_response(request, visible_indicators(request.user), paging, IndicatorOut, sources=False)


@router.get("/indicators/{code}", response={200: IndicatorDetailOut, 404: ErrorOut}, summary="An indicator")
def get_indicator(request, code: str):
    indicator = visible_indicators(request.user).with_sources().filter(code=code).first()
    if indicator is None:
        raise Http404(f"No indicator {code!r}.")
    return indicator


@router.get("/datasets", response={200: paged(DatasetOut, "DatasetList"), 400: ErrorOut}, summary="Datasets")
def list_datasets(request, paging: Query[PageParams]):
    qs = visible_datasets(request.user).prefetch_related("versions")
    return list_response(request, qs, paging, DatasetOut, sources=False)


def observations(user, filters: ObservationFilters):
    qs = visible_observations(user).select_related("indicator", "country", "origin", "version__dataset")
    return filters.apply(qs, user).order_by(
        "indicator__code", "country__iso3", "origin__iso3", "period_start", "breakdown"
    )


@router.get(
    "/observations",
    response={200: paged(ObservationOut, "ObservationList"), 400: ErrorOut},
    summary="Values of indicators",
)
def list_observations(request, filters: Query[ObservationFilters], paging: Query[ObservationPage]):
    qs = observations(request.user, filters)
    if paging.format == "sdmx-csv":
        return export.csv_attachment(sdmx_csv(qs[: export.MAX_ROWS]), "observations-sdmx.csv")
    return list_response(request, qs, paging, ObservationOut, sources=False)


def sdmx_csv(rows) -> str:
    """SDMX-CSV 1.0: DATAFLOW, the dimensions, TIME_PERIOD, OBS_VALUE, OBS_STATUS."""
    header = [
        "DATAFLOW",
        "INDICATOR",
        "REF_AREA",
        "COUNTERPART_AREA",
        "BREAKDOWN",
        "TIME_PERIOD",
        "OBS_VALUE",
        "OBS_STATUS",
    ]
    lines = (
        [
            f"MIGIS:{o.version.dataset.slug.upper().replace('-', '_')}(1.0)",
            o.indicator.code,
            o.country.iso3,
            o.origin.iso3 if o.origin_id else "_Z",
            o.breakdown or "_T",
            o.period,
            "" if o.value is None else o.value,  # a number: never taken for a formula
            o.flags,
        ]
        for o in rows
    )
    return export.csv_text(header, lines)


class BacktestOut(Schema):
    model: str
    mase: float | None = Field(
        None, description="mean absolute scaled error over the backtest (naive = 1 in sample)"
    )
    mae: float | None = None
    coverage80: float | None = Field(None, description="share of backtest values inside the 80% interval")
    coverage95: float | None = Field(None, description="share of backtest values inside the 95% interval")
    origins: int = Field(0, description="forecast origins of the rolling backtest")


class ForecastPointOut(Schema):
    period: str
    start: datetime.date
    value: float
    low80: float
    high80: float
    low95: float
    high95: float


class ForecastOut(Schema):
    indicator: str
    country: CountryRef
    model: str = Field(description="the model chosen by rolling-origin backtest, or the naive fallback")
    chosen_by: str
    too_short: bool
    reason: str
    history: int = Field(description="values the forecast is made from")
    backtest: list[BacktestOut]
    points: list[ForecastPointOut]
    released: bool = Field(description="released by an editor: everyone may read it (else officials only)")


class ForecastQuery(Schema):
    indicator: str = Field(pattern=r"^[-a-z0-9_]+$", max_length=60, description="indicator code")
    country: str = Field(pattern=r"^[A-Za-z]{3}$", description="ISO3 code of the state")


@router.get(
    "/forecasts", response={200: ForecastOut, 404: ErrorOut}, summary="A forecast of one state's series"
)
def get_forecast(request, query: Query[ForecastQuery]):
    """ETS, ARIMA and a (seasonal) naive baseline, the model chosen by rolling-origin backtest; 80% and
    95% prediction intervals; the backtest's MASE and interval coverage for every model tried. Officials
    read every forecast; others the ones an editor has released."""
    from migis.geo.models import Country
    from migis.indicators import forecasts

    indicator = visible_indicators(request.user).filter(code=query.indicator).first()
    country = Country.objects.visible_to(request.user).filter(iso3=query.country.upper()).first()
    found = forecasts.forecast_for(request.user, indicator, country) if indicator and country else None
    if found is None or indicator is None or country is None:
        raise Http404(f"No forecast of {query.indicator!r} for {query.country!r} you may read.")
    return {
        "indicator": indicator.code,
        "country": country,
        "model": found.model,
        "chosen_by": found.chosen_by,
        "too_short": found.too_short,
        "reason": found.reason,
        "history": found.history,
        "backtest": found.backtest,
        "points": found.points,
        "released": forecasts.is_released(indicator, country),
    }
