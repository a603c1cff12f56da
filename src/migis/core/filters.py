"""Shared pieces of the list filters. Each list has one filter class (a pydantic schema) that both the
web page and the API use: the page validates request.GET with it, the API declares it as query
parameters (and so in the OpenAPI document, with the bounds the server enforces)."""

import datetime
import re
from typing import Annotated, ClassVar

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import BeforeValidator, StringConstraints, ValidationError

MAX_VALUES = 20  # values of one filter (several states, dialogues ...)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value):
    """A day written YYYY-MM-DD, nothing else: pydantic would read "0" as 1970-01-01."""
    if value in (None, "") or isinstance(value, datetime.date):
        return value or None
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a day as YYYY-MM-DD, e.g. 2024-06-30")
    return value


def several(value) -> list:
    """Several values of one filter, repeated (`?country=MLT&country=TUN`) or comma-separated."""
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else [value]
    out = [part.strip() for item in items for part in str(item).split(",") if part.strip()]
    return list(dict.fromkeys(out))[:MAX_VALUES]


# Filters that take several values, each checked: states by ISO 3166-1 alpha-3 code, records by slug.
IsoCodes = Annotated[
    list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]], BeforeValidator(several)
]
Slugs = Annotated[list[Annotated[str, StringConstraints(max_length=120)]], BeforeValidator(several)]


# What a reader is told about a value that was ignored, by pydantic's error type.
REASONS = {
    "string_pattern_mismatch": gettext_lazy("not a valid code"),
    "string_too_long": gettext_lazy("too long"),
    "int_parsing": gettext_lazy("not a whole number"),
    "greater_than_equal": gettext_lazy("too small"),
    "less_than_equal": gettext_lazy("too large"),
    "value_error": gettext_lazy("not a day written YYYY-MM-DD"),
}


def visible(model, user, **lookup):
    """The records of `model` matching `lookup` that `user` may see: a filter on a hidden record's code or
    slug then matches nothing, exactly like a filter on one that does not exist."""
    return model.objects.visible_to(user).filter(**lookup)


class ListFilters(Schema):
    """Base: subclasses declare fields and implement `conditions(user)` returning a list of Q objects."""

    def conditions(self, user) -> list[Q]:
        raise NotImplementedError

    def apply(self, queryset, user):
        for condition in self.conditions(user):
            queryset = queryset.filter(condition)
        return queryset.distinct()

    def active(self) -> dict:
        return {k: v for k, v in self.model_dump().items() if v not in (None, "")}

    # Each filter's name as a reader sees it (the page's labels); subclasses add theirs.
    labels: ClassVar[dict] = {}

    @classmethod
    def from_query(cls, query) -> tuple["ListFilters", list[str]]:
        """Validate a QueryDict; return the filters and, in the reader's language, a message for every
        value that was ignored."""
        raw = {}
        for name, field in cls.model_fields.items():
            several_values = "list" in str(field.annotation)
            value = query.getlist(name) if several_values else query.get(name)
            if value not in (None, "", []):
                raw[name] = value
        try:
            return cls(**raw), []
        except ValidationError as exc:
            bad = {str(err["loc"][0]) for err in exc.errors()}
            messages = [cls._message(err) for err in exc.errors()]
            return cls(**{k: v for k, v in raw.items() if k not in bad}), messages

    @classmethod
    def _message(cls, err) -> str:
        name = str(err["loc"][0])
        label = cls.labels.get(name, name)
        reason = REASONS.get(err["type"], gettext_lazy("not a valid value"))
        value = err.get("input")
        return _("%(filter)s: “%(value)s” is %(reason)s, and was ignored.") % {
            "filter": label,
            "value": value if isinstance(value, str | int) else ", ".join(map(str, value or [])),
            "reason": reason,
        }
