"""What a mention can name. Each domain registers its kind of record when its app is ready (the type of
mention, the model and its natural key), so documents need not import the domains above them.

A mention of a record the reader may not see keeps its text and loses its link and id: `resolve()`
answers only for the records the reader may open.
"""

import builtins
from dataclasses import dataclass
from typing import Any

from migis.core.collation import collated
from migis.core.scope import reader_for


@dataclass(frozen=True)
class Target:
    type: str
    model: builtins.type[Any]  # a curated model (the field `type` hides the builtin here)
    key: str  # natural key field: what Mention.ref holds
    upper: bool = False  # keys compared in upper case (ISO codes)

    def normalise(self, ref: str) -> str:
        return ref.upper() if self.upper else ref


TARGETS: dict[str, Target] = {}


def register(type_: str, model, key: str, *, upper: bool = False) -> None:
    TARGETS[type_] = Target(type_, model, key, upper)


def visible(who, type_: str, refs) -> dict:
    """{ref: record} for the records of `type_` named by `refs` that `who` may see."""
    target = TARGETS[type_]
    keys = {target.normalise(r) for r in refs}
    if not keys:
        return {}
    rows = target.model.objects.visible_to(who).filter(**{f"{target.key}__in": keys})
    return {getattr(row, target.key): row for row in rows}


def visible_refs(who, type_: str, refs):
    """A queryset of the natural keys among `refs` that `who` may see (for filters inside a query)."""
    target = TARGETS[type_]
    keys = [target.normalise(r) for r in refs]
    return target.model.objects.visible_to(who).filter(**{f"{target.key}__in": keys}).values(target.key)


def resolve(who, pairs) -> dict:
    """{(type, ref): url or ""} for the mentioned records `who` may see (one query per type); a pair
    that is absent is hidden from this reader (or names nothing held)."""
    reader = reader_for(who)
    by_type: dict[str, set] = {}
    for type_, ref in pairs:
        by_type.setdefault(type_, set()).add(ref)
    out = {}
    for type_, refs in by_type.items():
        if type_ not in TARGETS:
            continue
        for ref, record in visible(reader, type_, refs).items():
            url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
            out[(type_, ref)] = url
    return out


def choices(who, type_: str) -> list[tuple[str, str]]:
    """[(natural key, name in the reader's language)] of every record of `type_` that `who` may see, in
    the reader's alphabetical order: the options of a filter on what documents mention."""
    target = TARGETS[type_]
    rows = [
        (getattr(row, target.key), str(getattr(row, "name", None) or row))
        for row in target.model.objects.visible_to(who)
    ]
    return collated(rows, key=lambda pair: pair[1])
