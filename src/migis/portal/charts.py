"""The charts of the dialogue page and the country profile, made from the rows those pages already hold
(fetched through the reader scope, so a record the reader may not see is not counted). A chart without
data is left out. The conventions are in docs/charts.md; the drawing in migis.core.charts."""

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from migis.core.charts import RAMP, Chart, Column, bars, timeline
from migis.core.collation import sort_key
from migis.dialogues.models import Role

ROLE_COLOURS = {
    role.value: colour for role, colour in zip(Role, RAMP, strict=True)
}  # weakest first, as on the map


def _source() -> str:
    return _("The records listed on this page, each with its source.")


def _latest(records: Iterable) -> date | None:
    """The date the newest of `records` was stated true, if any says so."""
    return max((r.as_of for r in records if getattr(r, "as_of", None)), default=None)


def _role_colours(roles: Iterable[str]) -> dict[str, str]:
    present = set(roles)
    return {str(role.label): ROLE_COLOURS[role.value] for role in Role if role.value in present}


def _year_rows(years: Iterable[int], key: str = "year") -> list[dict]:
    """A row per year from the first to the last of `years`, with the years that count none: on a
    time axis a year without a meeting is a fact, not a gap."""
    counts = Counter(years)
    if not counts:
        return []
    return [{key: y, "count": counts[y]} for y in range(min(counts), max(counts) + 1)]


def _by_name(counts: Counter) -> list[dict]:
    """Rows by count, most first, then by name in the reader's alphabet."""
    return [
        {"name": name, "count": n}
        for name, n in sorted(counts.items(), key=lambda item: (-item[1], sort_key(item[0])))
    ]


# --- the dialogue page --------------------------------------------------------------------------------


def _membership_years(m, stated_year: int | None) -> range:
    """The years `m` is known to hold: from the year it began (or, not recorded, the year its source
    states it) to the year it ended (or the year its source states it)."""
    stated = m.as_of.year if m.as_of else stated_year
    first = m.since or (min(stated, m.until) if stated and m.until else stated or m.until)
    if first is None:
        return range(0)
    last = m.until or max(first, stated or first)
    return range(first, max(first, last) + 1)


def members_over_time(members: list, member_list_as_of: date | None) -> Chart | None:
    stated = member_list_as_of.year if member_list_as_of else None
    counts: Counter = Counter()
    for m in members:
        for year in _membership_years(m, stated):
            counts[(year, m.role)] += 1
    if not counts:
        return None
    rows = [
        {"year": year, "role": str(role.label), "count": counts[(year, role.value)]}
        for year in sorted({y for y, _r in counts})
        for role in Role
        if counts[(year, role.value)]
    ]
    return bars(
        "members",
        _("Members and observers over time"),
        rows,
        Column("year", _("Year"), number=True),
        Column("count", _("Countries"), number=True),
        colour=Column("role", _("Role")),
        colours=_role_colours(m.role for m in members),
        time=True,
        unit=_("number of states"),
        source=_source(),
        as_of=_latest(members) or member_list_as_of,
        note=_(
            "A state is counted in each year it is known to hold its role: from the year it joined (or, "
            "where that is not recorded, the date of the source that names it) to the year it left (or "
            "the date of that source)."
        ),
    )


def chairmanship_timeline(chairs: list) -> Chart | None:
    rows = [
        {
            "holder": c.country.name if c.country else c.organisation.label,
            "role": _("co-chair") if c.co_chair else str(Role.CHAIR.label),
            "since": c.start,
            "until": c.end,
        }
        for c in sorted(chairs, key=lambda c: (c.start, c.end or c.start))
    ]
    if not rows:
        return None
    colours = {str(Role.CHAIR.label): ROLE_COLOURS[Role.CHAIR.value]}
    if any(c.co_chair for c in chairs):
        colours[_("co-chair")] = ROLE_COLOURS[Role.STEERING_COMMITTEE.value]
    return timeline(
        "chairs",
        _("Chairmanship"),
        rows,
        Column("holder", _("Chair")),
        Column("since", capfirst(_("since")), number=True),
        Column("until", capfirst(_("until")), number=True),
        Column("role", _("Role")),
        colours,
        unit=_("years"),
        source=_source(),
        as_of=_latest(chairs),
        note=_("A term with no recorded end is drawn over its first year."),
        open_until_now=False,
    )


def meetings_by_year(events: list, cut: bool) -> Chart | None:
    rows = _year_rows(e.start_date.year for e in events)
    if not rows:
        return None
    return bars(
        "meetings",
        _("Meetings by year"),
        rows,
        Column("year", _("Year"), number=True),
        Column("count", _("Meetings"), number=True),
        time=True,
        unit=_("number of meetings"),
        source=_source(),
        as_of=_latest(events),
        note=_("The most recent meetings only, as listed on this page.") if cut else "",
    )


def _project_note(several: str, none: int, cut: bool) -> str:
    notes = [several]
    if none:
        notes.append(_("Projects without one are not counted: %(n)s.") % {"n": none})
    if cut:
        notes.append(_("The most recent projects only, as listed on this page."))
    return " ".join(notes)


def projects_by(kind: str, projects: list, cut: bool, chart_id: str = "") -> Chart | None:
    """Projects by theme or by donor (`kind`), from their prefetched `themes` or `donors`."""
    counts: Counter = Counter()
    none = 0
    for p in projects:
        names = {t.name for t in p.themes.all()} if kind == "theme" else {o.label for o in p.donors.all()}
        counts.update(names)
        none += not names
    if not counts:
        return None
    if kind == "theme":
        title, header = _("Projects by theme"), _("Theme")
        several = _("A project with several themes is counted under each.")
    else:
        title, header = _("Projects by donor"), _("Donor")
        several = _("A project with several donors is counted under each.")
    return bars(
        chart_id or f"projects-{kind}",
        title,
        _by_name(counts),
        Column("name", header),
        Column("count", _("Projects"), number=True),
        unit=_("number of projects"),
        source=_source(),
        as_of=_latest(projects),
        note=_project_note(several, none, cut),
    )


def projects_by_year(projects: list, cut: bool) -> Chart | None:
    rows = _year_rows((p.start_year for p in projects if p.start_year), key="year")
    if not rows:
        return None
    undated = sum(1 for p in projects if not p.start_year)
    notes = [_("Projects by the year they began.")]
    if undated:
        notes.append(_("Projects without a start year are not counted: %(n)s.") % {"n": undated})
    if cut:
        notes.append(_("The most recent projects only, as listed on this page."))
    return bars(
        "projects-year",
        _("Projects by year"),
        rows,
        Column("year", capfirst(_("start year")), number=True),
        Column("count", _("Projects"), number=True),
        time=True,
        unit=_("number of projects"),
        source=_source(),
        as_of=_latest(projects),
        note=" ".join(notes),
    )


def dialogue_charts(page) -> list[Chart]:
    """The charts of a dialogue page (a `DialoguePage`), in the order of its sections."""
    as_of = page.member_list.as_of if page.member_list else None
    charts = [
        members_over_time(page.members, as_of),
        chairmanship_timeline(page.chairs),
        meetings_by_year(page.events, page.more_events),
        projects_by("theme", page.projects, page.more_projects),
        projects_by("donor", page.projects, page.more_projects),
        projects_by_year(page.projects, page.more_projects),
    ]
    return [c for c in charts if c is not None]


# --- the country profile ------------------------------------------------------------------------------


def dialogues_timeline(roles: list) -> Chart | None:
    """A bar per dialogue and role (`DialogueRole` rows): from the year the state joined (or, where not
    recorded, the date of the source) to the year it left or to now; its chairmanships as well."""
    rows = []
    for entry in roles:
        name = entry.dialogue.name
        for m in entry.roles:
            first = m.since or (m.as_of.year if m.as_of else None)
            if first:
                rows.append(
                    {"dialogue": name, "role": str(m.get_role_display()), "since": first, "until": m.until}
                )
        for c in entry.chairs:
            rows.append(
                {"dialogue": name, "role": str(Role.CHAIR.label), "since": c.start, "until": c.end or c.start}
            )
    if not rows:
        return None
    present = [m.role for e in roles for m in e.roles] + [Role.CHAIR.value for e in roles if e.chairs]
    return timeline(
        "dialogues",
        _("Migration dialogues over time"),
        rows,
        Column("dialogue", _("Dialogue")),
        Column("since", capfirst(_("since")), number=True),
        Column("until", capfirst(_("until")), number=True),
        Column("role", _("Role")),
        _role_colours(present),
        unit=_("years"),
        source=_source(),
        as_of=_latest([m for e in roles for m in e.roles + e.chairs]),
        note=_(
            "Where the year a state joined is not recorded, its bar starts at the date of the source "
            "that names it; a membership with no recorded end runs to this year."
        ),
    )


def profile_charts(profile) -> list[Chart]:
    """The charts of a country profile (a `CountryProfile`)."""
    charts = [
        dialogues_timeline(profile.dialogues),
        projects_by("theme", profile.projects, profile.more_projects),
    ]
    return [c for c in charts if c is not None]
