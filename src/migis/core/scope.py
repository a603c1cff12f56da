"""The reader scope: what one reader may see, decided in one place for rows and the records they carry.

    Model.objects.visible_to(user)      the rows `user` may read, as a queryset

The rule, for a reader who does not read restricted records (anonymous visitors, the `public` role):

- a curated row is visible when it is public and every curated record it cannot exist without (a
  non-null foreign key: the dialogue of a membership, the goal of an SDG target) is visible too;
- on rows fetched through `visible_to`, a nullable foreign key to a hidden record reads as None (a
  restricted secretariat, host country or source document), and a many-to-many or reverse relation
  lists only visible records, whether it is prefetched (`prefetch_related("countries")` is scoped by
  itself, in the spirit of NetBox's RestrictedPrefetch) or read later (`project.countries.all()`);
- related records reached from such rows carry the reader on, so `membership.country.region` is
  checked as well.

Officials and above read everything: their querysets are the plain ones. Code that needs the rule for
one record uses `reader_for(user).sees(obj)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Self

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.fields import related_descriptors as rd
from django.db.models.query import ModelIterable

from migis.core.permissions import can_see_restricted

PUBLIC = "public"
READER = "_migis_reader"  # instance attribute: the reader a row was fetched for


@dataclass(frozen=True)
class Reader:
    """Who reads. Only the reader class matters today (restricted records or not); the monitoring
    capability may add the countries a focal point reports for."""

    restricted: bool = False

    def sees(self, obj) -> bool:
        """The rule of `visible_to`, for one record (its required parents included)."""
        if obj is None:
            return False
        if self.restricted or not is_curated(type(obj)):
            return True
        if obj.visibility != PUBLIC:
            return False
        for field in required_parents(type(obj)):  # type: ignore[arg-type]  # a class is hashable
            if not self.sees(getattr(obj, field.name, None)):
                return False
        return True


PUBLIC_READER = Reader(restricted=False)
FULL_READER = Reader(restricted=True)


def reader_for(who) -> Reader:
    """The reader of a user (anonymous, inactive or signed in), or a Reader as is."""
    if isinstance(who, Reader):
        return who
    return FULL_READER if can_see_restricted(who) else PUBLIC_READER


def is_curated(model) -> bool:
    manager = getattr(model, "_default_manager", None)
    return manager is not None and issubclass(manager._queryset_class, VisibleQuerySet)


@cache
def required_parents(model) -> tuple:
    """The non-null foreign keys of `model` to curated records: without them the row means nothing."""
    return tuple(
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.many_to_one | f.one_to_one and not f.null and is_curated(f.related_model)
    )


@cache
def required_paths(model, depth: int = 0) -> tuple[str, ...]:
    """Lookup paths to every required curated parent, grandparents included."""
    if depth > 5:  # a chain of required keys cannot loop in a database that accepts rows; be safe
        return ()
    out = []
    for f in required_parents(model):
        out.append(f.name)
        out += [f"{f.name}__{p}" for p in required_paths(f.related_model, depth + 1)]
    return tuple(out)


def visible_q(model) -> Q:
    """The condition a row must meet for a reader of public records only."""
    return Q(visibility=PUBLIC, **{f"{path}__visibility": PUBLIC for path in required_paths(model)})


def _scoped(queryset, reader: Reader):
    if isinstance(queryset, VisibleQuerySet) and queryset._reader is None:
        return queryset.visible_to(reader)
    return queryset


def scoped_lookups(model, lookups, reader: Reader) -> list:
    """Prefetch lookups with every step that reaches a curated model limited to what `reader` sees."""
    out: list = []
    done: set[str] = set()
    for lookup in lookups:
        if isinstance(lookup, Prefetch):
            if lookup.queryset is not None:
                copy = Prefetch(lookup.prefetch_through, _scoped(lookup.queryset, reader), lookup.to_attr)
                out.append(copy)
                done.add(lookup.prefetch_to)
                continue
            lookup = lookup.prefetch_through
        current, path = model, []
        for part in lookup.split("__"):
            path.append(part)
            step = "__".join(path)
            try:
                related = current._meta.get_field(part).related_model
            except FieldDoesNotExist:  # not a model field (a to_attr): leave it
                related = None
            if step not in done:
                if related is not None and is_curated(related):
                    out.append(Prefetch(step, related._default_manager.visible_to(reader)))
                elif step == lookup:
                    out.append(step)
                done.add(step)
            if related is None:
                break
            current = related
    return out


if TYPE_CHECKING:

    class _QuerySet(models.QuerySet):
        """The private parts of Django's QuerySet that VisibleQuerySet extends, which django-stubs leaves
        out (Django 5.2, django/db/models/query.py)."""

        _iterable_class: type[Any]
        _prefetch_related_lookups: tuple
        _prefetch_done: bool

        def _clone(self) -> Self: ...
        def _prefetch_related_objects(self) -> None: ...
        def _iterator(self, use_chunked_fetch: bool, chunk_size: int | None) -> Iterator[Any]: ...

    # The descriptors the mixins below are mixed into (by `install`, never subclassed here).
    _ForwardBase = rd.ForwardManyToOneDescriptor
    _ReverseOneBase = rd.ReverseOneToOneDescriptor
    _ManyBase = rd.ReverseManyToOneDescriptor
else:
    _QuerySet = models.QuerySet
    _ForwardBase = _ReverseOneBase = _ManyBase = object


class VisibleQuerySet(_QuerySet):
    _reader: Reader | None = None

    def _clone(self):
        clone = super()._clone()
        clone._reader = self._reader
        return clone

    def visible_to(self, who):
        """The rows `who` may read, carrying the reader to every related record (see the module)."""
        reader = reader_for(who)
        if reader.restricted:
            return self.all()
        qs = self.filter(visible_q(self.model))
        qs._reader = reader
        if qs._prefetch_related_lookups:
            qs._prefetch_related_lookups = tuple(
                scoped_lookups(self.model, qs._prefetch_related_lookups, reader)
            )
        return qs

    def prefetch_related(self, *lookups):
        if self._reader is not None and lookups != (None,):
            lookups = tuple(scoped_lookups(self.model, lookups, self._reader))
        return super().prefetch_related(*lookups)

    def _mark(self, obj):
        if isinstance(obj, models.Model):
            obj.__dict__[READER] = self._reader
        return obj

    def _fetch_all(self):
        # Django's own _fetch_all, with the rows marked before their relations are prefetched.
        if self._result_cache is None:
            self._result_cache = list(self._iterable_class(self))
            if self._reader is not None and issubclass(self._iterable_class, ModelIterable):
                for obj in self._result_cache:
                    self._mark(obj)
        if self._prefetch_related_lookups and not self._prefetch_done:
            self._prefetch_related_objects()

    def _iterator(self, use_chunked_fetch, chunk_size):
        rows = super()._iterator(use_chunked_fetch, chunk_size)
        if self._reader is None or not issubclass(self._iterable_class, ModelIterable):
            yield from rows
        else:
            for obj in rows:
                yield self._mark(obj)


# --- related records read from scoped rows --------------------------------------------------------------


def _reader_of(instance) -> Reader | None:
    return instance.__dict__.get(READER) if instance is not None else None


def _pass_on(obj, reader: Reader):
    if obj is not None:
        obj.__dict__.setdefault(READER, reader)
    return obj


class _ScopedForward(_ForwardBase):
    """`row.secretariat`: None when the reader may not see it (raises like a missing row when the key
    is required)."""

    def __get__(self, instance, cls=None):
        obj = super().__get__(instance, cls)
        reader = _reader_of(instance)
        if reader is None or obj is None or obj is self:
            return obj
        if not reader.sees(obj):
            if not self.field.null:
                raise self.RelatedObjectDoesNotExist(f"{type(instance).__name__} has no {self.field.name}.")
            return None
        return _pass_on(obj, reader)


class _ScopedReverseOne(_ReverseOneBase):
    """`document.next_version`: missing when the reader may not see it."""

    def __get__(self, instance, cls=None):
        obj = super().__get__(instance, cls)
        reader = _reader_of(instance)
        if reader is None or obj is self:
            return obj
        if not reader.sees(obj):
            raise self.RelatedObjectDoesNotExist(f"{type(instance).__name__} has no {self.related.name}.")
        return _pass_on(obj, reader)


@cache
def _scoped_manager(base):
    # A subclass of whichever related manager class Django made for the relation: mypy cannot see it.
    class ScopedRelatedManager(base):  # type: ignore[misc, valid-type]
        def get_queryset(self):
            qs = super().get_queryset()
            if qs._result_cache is not None:  # prefetched, already scoped by prefetch_related
                return qs
            return _scoped(qs, self.instance.__dict__[READER])

    ScopedRelatedManager.__name__ = f"Scoped{base.__name__}"
    return ScopedRelatedManager


class _ScopedMany(_ManyBase):
    """`project.countries.all()`, `dialogue.memberships.all()`: visible records only."""

    def __get__(self, instance, cls=None):
        manager = super().__get__(instance, cls)
        if _reader_of(instance) is None or manager is self:
            return manager
        manager.__class__ = _scoped_manager(type(manager))  # type: ignore[arg-type]  # a class is hashable
        return manager


@cache
def _subclass(mixin, base):
    return type(f"Scoped{base.__name__}", (mixin, base), {})


def _target(descriptor):
    """The model a relation descriptor leads to."""
    if isinstance(descriptor, rd.ManyToManyDescriptor):
        return descriptor.rel.related_model if descriptor.reverse else descriptor.rel.model
    if isinstance(descriptor, rd.ReverseManyToOneDescriptor):
        return descriptor.rel.related_model
    if isinstance(descriptor, rd.ReverseOneToOneDescriptor):
        return descriptor.related.related_model
    return descriptor.field.related_model


def install(models_) -> int:
    """Give every relation that leads to a curated model the scoped behaviour above (at start-up, once
    every model and reverse accessor exists). Returns how many descriptors were changed."""
    kinds = (
        (rd.ForwardManyToOneDescriptor, _ScopedForward),  # ForwardOneToOneDescriptor included
        (rd.ReverseOneToOneDescriptor, _ScopedReverseOne),
        (rd.ReverseManyToOneDescriptor, _ScopedMany),  # ManyToManyDescriptor included
    )
    changed = 0
    for model in models_:
        for descriptor in list(vars(model).values()):
            for base, mixin in kinds:
                if isinstance(descriptor, base) and not isinstance(descriptor, mixin):
                    if is_curated(_target(descriptor)):
                        descriptor.__class__ = _subclass(mixin, type(descriptor))  # type: ignore[arg-type]  # a class is hashable
                        changed += 1
                    break
    return changed
