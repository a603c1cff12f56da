"""Import a statistics file: one function behind `migis import-data`, the editor's upload and the worker.

The file is read by the reader of its layout (indicators.readers), every value is checked the same way
(indicator, place, period, number, range, unit, duplicate key) and written as a new version of its
dataset, in one transaction: a file with problems writes nothing unless `only_clean` is asked, and then
only its clean values; a dry run writes nothing and says what would be written. Re-importing a file
already imported (same dataset, same bytes) changes nothing. Memory stays flat whatever the size: cells
stream from the reader to the database in batches, duplicate keys are found by the database.
"""

import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils.text import slugify

from migis import config
from migis.core.cache import one_bump
from migis.indicators import periods, values
from migis.indicators.areas import Areas
from migis.indicators.models import Dataset, DatasetVersion, Indicator, Observation
from migis.indicators.readers import READERS, Cell, Reader, ReadError
from migis.indicators.writer import ObservationWriter

log = logging.getLogger(__name__)

MAX_PROBLEMS = 200  # listed in full; beyond that, counted
MISSING_FLAGS = {"M", "L", "NA", "N", "NAN", "Z", ":"}  # SDMX OBS_STATUS and Eurostat flags for "no value"
TOTALS = {"_T", "T", "TOTAL", "_Z", "ALL", "BOTHSEXES", "BOTH SEXES"}
SEX = {"f": "F", "female": "F", "females": "F", "women": "F", "m": "M", "male": "M", "males": "M", "men": "M"}


class ImportError_(Exception):
    """The file cannot be imported at all (unreadable, unknown layout, too large); nothing was written."""


@dataclass
class Problem:
    where: str
    field: str
    message: str

    def __str__(self):
        return f"{self.where}, {self.field}: {self.message}"


@dataclass
class Report:
    file: str
    format: str = ""
    dataset: str = ""
    version: int | None = None
    status: str = ""  # imported, unchanged, dry run, refused
    read: int = 0
    written: int = 0
    missing: int = 0  # empty cells: missing values, not stored
    skipped: Counter = field(default_factory=Counter)  # "aggregate WLD" -> values skipped
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    notes: list[str] = field(default_factory=list)

    def problem(self, where: str, field_: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(where, field_, message))

    def summary(self) -> str:
        lines = [
            f"{self.file}: {self.status} ({self.format}, dataset {self.dataset or '-'}"
            + (f", version {self.version})" if self.version else ")"),
            f"  {self.read} values read, {self.written} written, {self.missing} empty cells (missing values)",
        ]
        if self.skipped:
            kinds = Counter(label.split(" ", 1)[0] for label in self.skipped)
            # Unknown areas first: an aggregate is skipped by design, an unknown code may be a mistake.
            ordered = sorted(
                self.skipped.items(), key=lambda item: (not item[0].startswith("unknown"), -item[1])
            )
            shown = ", ".join(f"{label} ({n})" for label, n in ordered[:12])
            lines.append(
                f"  skipped areas: {dict(kinds)}: {shown}" + (" ..." if len(self.skipped) > 12 else "")
            )
        lines += [f"  {note}" for note in self.notes]
        if self.problem_count:
            lines.append(f"  {self.problem_count} problem(s):")
            lines += [f"    {p}" for p in self.problems]
            if self.problem_count > len(self.problems):
                lines.append(f"    ... and {self.problem_count - len(self.problems)} more")
        return "\n".join(lines)


class _Rollback(Exception):
    pass


def reader_for(path: Path, fmt: str | None = None, structure: Path | None = None) -> Reader:
    """The reader of the file's layout: the one named, or the first whose sniff recognises the file."""
    from migis.indicators import readers

    readers.load_all()
    if fmt:
        chosen = [r for r in READERS if r.name == fmt]
        if not chosen:
            raise ImportError_(f"unknown format {fmt!r} (known: {', '.join(r.name for r in READERS)})")
        return chosen[0](path, structure)
    with path.open("rb") as f:
        head = f.read(65536)
    for reader in READERS:
        if reader.sniff(path, head):
            return reader(path, structure)
    raise ImportError_(
        f"{path.name}: not a layout migis reads (tried {', '.join(r.label or r.name for r in READERS)}); "
        "a tidy CSV needs columns indicator, country, period and value"
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _breakdown(cell: Cell) -> str:
    parts = []
    for key, value in sorted(cell.breakdown.items()):
        value = str(value).strip()
        if not value or value.upper() in TOTALS:
            continue
        if key.lower() == "sex":
            value = SEX.get(value.lower(), value)
        parts.append(f"{key.lower()}={value}")
    return ";".join(parts)[:120]


class _Checker:
    """Turns cells into observation rows, reporting each problem where it is."""

    def __init__(self, report: Report, indicator: Indicator | None, areas: Areas):
        self.report = report
        self.forced = indicator
        self.areas = areas
        self.indicators: dict[str, Indicator | None] = {}
        for ind in Indicator.objects.all():
            for code in (ind.code, *ind.source_codes):
                self.indicators[str(code).upper()] = ind
        self.unknown: Counter = Counter()
        self.periods: dict[str, periods.Period | str] = {}

    def indicator(self, cell: Cell) -> Indicator | None:
        if self.forced:
            return self.forced
        found = self.indicators.get(cell.indicator.strip().upper())
        if found is None:
            if not self.unknown[cell.indicator]:
                known = ", ".join(sorted({i.code for i in self.indicators.values() if i})[:40])
                what = f"unknown indicator {cell.indicator!r}" if cell.indicator else "no indicator"
                self.report.problem(
                    cell.where, "indicator", f"{what}; name one with --indicator, or use a code: {known}"
                )
            self.unknown[cell.indicator] += 1
        return found

    def period(self, text) -> periods.Period | str:
        key = str(text)
        if key not in self.periods:
            try:
                self.periods[key] = periods.parse(text)
            except periods.PeriodError as e:
                self.periods[key] = str(e)
        return self.periods[key]

    def row(self, cell: Cell) -> tuple | None:
        """(indicator, country, origin, period, start, breakdown, value, flags), or None: skipped."""
        report = self.report
        indicator = self.indicator(cell)
        place = self.areas.place(cell.place)
        origin = self.areas.place(cell.origin) if cell.origin else None
        for p in (place, origin):
            if p is not None and p.country_id is None:
                report.skipped[f"{p.kind} {p.label or '(empty)'}"] += 1
                return None
        if indicator is None:
            return None
        if indicator.kind == Indicator.Kind.BILATERAL and origin is None:
            report.problem(cell.where, "origin", f"{indicator.code} is one value per origin and destination")
            return None
        period = self.period(cell.period)
        if isinstance(period, str):
            report.problem(cell.where, "period", period)
            return None
        try:
            value = values.parse(cell.value)
        except values.NotANumber as e:
            report.problem(cell.where, "value", str(e))
            return None
        flags = cell.flags.strip()[:20]
        if value is None:
            if flags.upper() not in MISSING_FLAGS:
                report.missing += 1
                return None  # an empty cell is a missing value, never a zero
        else:
            value = value * 10**cell.scale if cell.scale else value
            if problem := _out_of_range(indicator, value):
                report.problem(cell.where, "value", problem)
                return None
        if cell.unit and not _same_unit(cell.unit, indicator.unit):
            report.problem(
                cell.where, "unit", f"{cell.unit!r} is not the unit of {indicator.code} ({indicator.unit})"
            )
            return None
        origin_id = origin.country_id if origin else None
        breakdown = _breakdown(cell) if cell.breakdown else ""
        return (indicator.pk, place.country_id, origin_id, period.code, period.start, breakdown, value, flags)


def _out_of_range(indicator: Indicator, value: float) -> str:
    if indicator.minimum is not None and value < indicator.minimum:
        return f"{value:g} is below the smallest plausible value of {indicator.code} ({indicator.minimum:g})"
    if indicator.maximum is not None and value > indicator.maximum:
        return f"{value:g} is above the largest plausible value of {indicator.code} ({indicator.maximum:g})"
    return ""


def _same_unit(given: str, unit: str) -> bool:
    def norm(u):
        return u.strip().lower().replace("number of ", "").rstrip("s")

    return norm(given) in (
        norm(unit),
        "",
        "number",
        "nr",
        "pers",
        "person",
        "persons",
        "pc" if "%" in unit else "-",
    )


def _dataset(reader: Reader, slug: str | None, path: Path) -> Dataset:
    pub = reader.publication
    if slug:
        return Dataset.objects.get_or_create(slug=slug, defaults={"title": pub.title or slug})[0]
    title = pub.title or path.stem
    words = _words(title)
    for known in Dataset.objects.all():  # "Refugee Data Finder population figures" is the catalogue's
        theirs = _words(known.title)
        if min(len(words), len(theirs)) >= 3 and (words <= theirs or theirs <= words):  # longer title
            return known
    base = slugify(title)[:80].rstrip("-")
    return Dataset.objects.get_or_create(
        slug=base or "dataset",
        defaults={
            "title": title[:300],
            "publisher": pub.publisher[:200],
            "licence": pub.licence[:200],
            "source_url": pub.url[:500],
            "source_title": title[:300],
        },
    )[0]


# Fetches an address into a folder and returns the file: registered by the feeds app, which holds the
# guarded HTTP client (private addresses refused, size and time limits), so this app stays below it.
FETCHERS: list = []


def download(url: str, folder: Path) -> Path:
    if not FETCHERS:
        raise ImportError_("fetching addresses is not available here: download the file and import it")
    return FETCHERS[0](url, folder, max_bytes())


def _words(title: str) -> set[str]:
    return set(re.findall(r"\w+", title.casefold()))


def max_bytes() -> int:
    return config.integer("MIGIS_IMPORT_MAX_MB") * 1024 * 1024


def import_data(
    path: Path | str,
    *,
    indicator: str | None = None,
    structure: Path | str | None = None,
    dataset: str | None = None,
    fmt: str | None = None,
    dry_run: bool = False,
    only_clean: bool = False,
    user: str = "",
    url: str = "",
) -> Report:
    """Import one file; returns its Report. Raises ImportError_ when the file cannot be read at all."""
    path = Path(path)
    report = Report(file=path.name)
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    size = path.stat().st_size
    if size > max_bytes():
        raise ImportError_(
            f"{path.name} is {size / 2**20:,.0f} MB; the limit is {max_bytes() / 2**20:,.0f} MB "
            "(MIGIS_IMPORT_MAX_MB)"
        )
    forced = None
    if indicator:
        forced = Indicator.objects.filter(code=indicator).first()
        if forced is None:
            raise ImportError_(f"--indicator {indicator!r}: no such indicator (see /api/indicators)")
    reader = reader_for(path, fmt, Path(structure) if structure else None)
    report.format = reader.label or reader.name
    sha = _sha256(path)
    try:
        cells = reader.cells()
        first = next(cells, None)  # readers fill their publication before the first cell
    except ReadError as e:
        raise ImportError_(f"{path.name}: {e}") from e
    try:
        with one_bump(), transaction.atomic():
            _write(report, reader, first, cells, forced, path, sha, dataset, dry_run, only_clean, user, url)
    except _Rollback:
        pass
    except ReadError as e:
        raise ImportError_(f"{path.name}: {e}") from e
    return report


def _write(report, reader, first, cells, forced, path, sha, dataset, dry_run, only_clean, user, url):
    areas = Areas.load()
    areas.aggregates |= set(getattr(reader, "aggregates", ()) or ())
    checker = _Checker(report, forced, areas)
    pub = reader.publication
    # In the transaction: a dry run or a refused file does not leave a new dataset behind either.
    target = _dataset(reader, dataset, path)
    report.dataset = target.slug
    done = DatasetVersion.objects.filter(dataset=target, sha256=sha).first()
    if done:
        report.status, report.version = "unchanged", done.number
        report.notes.append(f"this file was imported on {done.imported:%Y-%m-%d} as version {done.number}")
        raise _Rollback
    number = (DatasetVersion.objects.filter(dataset=target).aggregate(n=Max("number"))["n"] or 0) + 1
    version = DatasetVersion.objects.create(
        dataset=target,
        number=number,
        edition=pub.edition[:100],
        released=_date(pub.released),
        file_name=path.name[:300],
        url=url[:500],
        sha256=sha,
        format=reader.name,
        imported_by=user[:150],
    )
    report.version = number
    writer = ObservationWriter()
    number_read = 0
    for number_read, cell in enumerate(_chain(first, cells), 1):
        row = checker.row(cell)
        if row is not None:
            writer.add((version.pk, *row, number_read))
    writer.flush()
    report.read = number_read
    _duplicates(report, reader, version, only_clean)
    report.written = Observation.objects.filter(version=version).count()
    report.notes += pub.notes
    if report.problem_count and not only_clean:
        report.status, report.version = "refused", None
        report.written = 0
        report.notes.append(
            "nothing was imported: mend the problems below, or import the clean values with --only-clean"
        )
        raise _Rollback
    if not report.written:
        report.status, report.version = "refused", None
        report.notes.append("no value could be imported")
        raise _Rollback
    if dry_run:
        report.status, report.version = "dry run", None
        report.notes.append("dry run: nothing was written")
        raise _Rollback
    version.observations = report.written
    version.skipped = dict(report.skipped.most_common(500))
    version.coverage = coverage(version)
    version.save(update_fields=["observations", "skipped", "coverage"])
    DatasetVersion.objects.filter(dataset=target).exclude(pk=version.pk).update(is_current=False)
    report.status = "imported" if not report.problem_count else "imported the clean values"


def coverage(version: DatasetVersion) -> dict:
    """What the version holds per indicator: values, states, first and last period."""
    rows = (
        Observation.objects.filter(version=version)
        .values("indicator__code")
        .annotate(
            n=Count("pk"), countries=Count("country", distinct=True), first=Min("period"), last=Max("period")
        )
    )
    return {
        r["indicator__code"]: {
            "values": r["n"],
            "countries": r["countries"],
            "first": r["first"],
            "last": r["last"],
        }
        for r in rows
    }


def _where_of(reader: Reader, ordinals: set[int]) -> dict[int, str]:
    """Where the values with these ordinals are in the file: read again, only when duplicates exist."""
    out = {}
    for number, cell in enumerate(type(reader)(reader.path, reader.structure).cells(), 1):
        if number in ordinals:
            out[number] = cell.where
            if len(out) == len(ordinals):
                break
    return out


def _duplicates(report: Report, reader: Reader, version: DatasetVersion, only_clean: bool) -> None:
    """Two values for one key (indicator, place, origin, period, breakdown) in a file: found by the
    database, so memory stays flat; with only_clean, the first is kept."""
    key = ["indicator_id", "country_id", "origin_id", "period", "breakdown"]
    rows = Observation.objects.filter(version=version)
    dup = rows.values(*key).annotate(n=Count("pk"), first=Min("row"), last=Max("row")).filter(n__gt=1)
    found = list(dup[: MAX_PROBLEMS + 1])
    where = _where_of(reader, {n for d in found for n in (d["first"], d["last"])}) if found else {}
    for d in found:
        report.problem(
            where.get(d["last"], f"value {d['last']}"),
            "key",
            f"a second value for {_label(d)} (the first is at {where.get(d['first'], d['first'])})",
        )
    if found and only_clean:
        first = rows.values(*key).annotate(keep=Min("pk")).values("keep")
        rows.exclude(pk__in=first).delete()


def _label(d: dict) -> str:
    from migis.geo.models import Country

    names = dict(Country.objects.filter(pk__in=[d["country_id"], d["origin_id"]]).values_list("pk", "iso3"))
    indicator = Indicator.objects.filter(pk=d["indicator_id"]).values_list("code", flat=True).first()
    where = names.get(d["country_id"], "?") + (f" from {names.get(d['origin_id'])}" if d["origin_id"] else "")
    return f"{indicator} {where} {d['period']}" + (f" ({d['breakdown']})" if d["breakdown"] else "")


def _chain(first, cells):
    if first is not None:
        yield first
        yield from cells


def _date(text: str):
    import datetime

    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
