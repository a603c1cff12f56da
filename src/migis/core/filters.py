"""Shared pieces of the list filters. Each list has one filter class (a pydantic schema) that both the
web page and the API use: the page validates request.GET with it, the API declares it as query
parameters (and so in the OpenAPI document, with the bounds the server enforces)."""

import datetime
import re

from django.db.models import Q
from ninja import Schema
from pydantic import ValidationError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value):
    """A day written YYYY-MM-DD, nothing else: pydantic would read "0" as 1970-01-01."""
    if value in (None, "") or isinstance(value, datetime.date):
        return value or None
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a day as YYYY-MM-DD, e.g. 2024-06-30")
    return value


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

    @classmethod
    def from_query(cls, query) -> tuple["ListFilters", list[str]]:
        """Validate a QueryDict; return the filters and readable messages for fields that were ignored."""
        raw = {name: query.get(name) for name in cls.model_fields if query.get(name) not in (None, "")}
        try:
            return cls(**raw), []
        except ValidationError as exc:
            bad = {str(err["loc"][0]) for err in exc.errors()}
            messages = [f"{name}: {err['msg']}" for err in exc.errors() for name in [str(err["loc"][0])]]
            return cls(**{k: v for k, v in raw.items() if k not in bad}), messages
