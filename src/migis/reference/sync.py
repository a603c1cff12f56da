"""Keep the database equal to the reference files: write what changed, remove what the files dropped.

Every record the loader writes is remembered in `Loaded` with the file it came from. A run matches each
row of a file to a stored record (its explicit `key`, then its natural key, then a looser key that only
matches a record the same file made), saves it only when a value differs, and at the end removes the
records the files it read made earlier but no longer hold. Records made in the back office are never in
`Loaded`, so they are never removed: a removal that would take one with it stops the load instead.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

from migis.core.models import Curated
from migis.reference.models import Loaded
from migis.reference.yamlio import DataError

# The kinds of record in the report, in the order they are loaded: what refers to others comes later,
# so removals go the other way round (children first).
KINDS = {
    "geo.Region": "regions",
    "geo.Country": "countries",
    "documents.Document": "documents",
    "organisations.Organisation": "organisations",
    "organisations.OrganisationMembership": "organisation memberships",
    "frameworks.Theme": "themes",
    "frameworks.SdgGoal": "SDG goals",
    "frameworks.SdgTarget": "SDG targets",
    "frameworks.GcmObjective": "GCM objectives",
    "indicators.Dataset": "datasets",
    "indicators.Indicator": "indicators",
    "dialogues.Dialogue": "dialogues",
    "dialogues.Membership": "dialogue memberships",
    "dialogues.OrganisationParticipation": "organisation participations",
    "dialogues.Chairmanship": "chairmanships",
    "projects.Project": "projects",
    "events.Event": "events",
    "dialogues.Declaration": "declarations",
    "dialogues.DialogueFact": "dialogue facts",
}
ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"


@dataclass
class Tally:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def loaded(self) -> int:
        """Records the files hold."""
        return self.added + self.changed + self.unchanged

    def __str__(self):
        changes = f"{self.added} added, {self.changed} changed, {self.removed} removed"
        return f"{changes}, {self.unchanged} unchanged"


@dataclass
class Report:
    """What a load did, per kind of record."""

    kinds: dict[str, Tally] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> Tally:
        return self.kinds.get(kind, Tally())

    def total(self) -> Tally:
        out = Tally()
        for tally in self.kinds.values():
            for name in ("added", "changed", "unchanged", "removed"):
                setattr(out, name, getattr(out, name) + getattr(tally, name))
        return out

    def loaded_line(self) -> str:
        """'Loaded 31 regions, 250 countries, ...': the same on every run over the same files."""
        return "Loaded " + ", ".join(f"{t.loaded} {kind}" for kind, t in self.kinds.items()) + "."

    def lines(self) -> list[str]:
        """One line per kind: 'dialogue memberships: 2 added, 1 changed, 3 removed, 840 unchanged'."""
        return [f"{kind}: {tally}" for kind, tally in self.kinds.items()]


@dataclass
class Row:
    """One record as a file describes it."""

    file: str  # "data/dialogues.yaml"
    lookup: dict  # the natural key: finds the record whoever made it
    values: dict  # the other fields the file sets
    m2m: dict = field(default_factory=dict)  # many-to-many field -> records
    key: str = ""  # an explicit `key` in the file: the surest identity
    line: int | None = None

    def desired(self) -> dict:
        return {**self.lookup, **self.values}


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


def _stored(obj, name: str):
    f = obj._meta.get_field(name)
    return getattr(obj, f.attname if f.is_relation else name)


def _key(obj_or_values, names) -> tuple:
    if isinstance(obj_or_values, dict):
        return tuple(_plain(obj_or_values[n]) for n in names)
    return tuple(_stored(obj_or_values, n) for n in names)


def _label(obj_or_model) -> str:
    return obj_or_model._meta.label


class Writer:
    """Writes rows, remembers what this run saw, and removes what the files no longer hold."""

    def __init__(self):
        self.files: set[str] = set()  # the files read in this run: only their records may be removed
        self.registry = {(e.model, e.object_id): e for e in Loaded.objects.all()}
        self.by_key = {(e.model, e.key): e for e in self.registry.values() if e.key}
        self.seen: dict[tuple, tuple] = {}  # (label, pk) -> (file, key)
        self.status: dict[tuple, str] = {}  # (label, pk) -> added / changed / unchanged
        self.removed: Counter = Counter()

    def read(self, file: str) -> None:
        self.files.add(file)

    def is_stale(self, obj) -> bool:
        """Made from a file read in this run, which no longer holds it (so it will be removed)."""
        entry = self.registry.get((_label(obj), obj.pk))
        return entry is not None and entry.file in self.files and (_label(obj), obj.pk) not in self.seen

    # --- writing ----------------------------------------------------------------------------------

    def sync(self, model, rows: list[Row], looser: tuple = ()) -> list:
        """Write `rows` (one kind of record), returning the records in the same order. `looser` lists
        tuples of field names that identify a record this file made when its natural key changed (a
        membership's role, a corrected title): used only when one row and one such record share them."""
        rows, order = self._distinct(rows)
        matched = self._match(model, rows, looser)
        objs = [self._write(model, row, matched.get(i)) for i, row in enumerate(rows)]
        return [objs[i] for i in order]

    def one(self, model, row: Row):
        return self.sync(model, [row])[0]

    def update(self, obj, values: dict) -> None:
        """Set more fields of a record written in this run (references resolved in a second pass)."""
        changed = self._apply(obj, values)
        ident = (_label(obj), obj.pk)
        if changed and self.status.get(ident) == UNCHANGED:
            self.status[ident] = CHANGED

    @staticmethod
    def _distinct(rows: list[Row]):
        """One row per natural key: a record listed twice is written once, as the later row has it (so a
        re-run writes nothing). Returns the rows and, for each given row, the index of its row."""
        out: list[Row] = []
        index: dict = {}
        keys: dict = {}
        order = []
        for row in rows:
            if row.key and keys.setdefault(row.key, row) is not row:
                first = keys[row.key]
                where = f"{Path(first.file).name}:{first.line}"
                raise DataError(Path(row.file), row.line, "key", f"{row.key!r} is already used at {where}")
            ident = _key(row.lookup, sorted(row.lookup))
            if ident in index:
                out[index[ident]] = row
            else:
                index[ident] = len(out)
                out.append(row)
            order.append(index[ident])
        return out, order

    def _match(self, model, rows: list[Row], looser: tuple) -> dict[int, models.Model]:
        """Pair rows with stored records: by explicit key, then by natural key, then by a looser key."""
        label = _label(model)
        keyed = {
            row.key: self.by_key[(label, row.key)].object_id
            for row in rows
            if (label, row.key) in self.by_key
        }
        found = self._existing(model, rows, keyed.values())
        names = sorted(rows[0].lookup) if rows else []
        natural = {_key(obj, names): obj for obj in found.values()}
        matched: dict[int, models.Model] = {}
        taken: set = set()
        for i, row in enumerate(rows):
            obj = found.get(keyed.get(row.key)) or natural.get(_key(row.lookup, names))
            if obj is not None and obj.pk not in taken:
                matched[i] = obj
                taken.add(obj.pk)
        if looser and len(matched) < len(rows):
            self._match_loosely(model, rows, looser, matched, taken)
        return matched

    def _match_loosely(self, model, rows: list[Row], looser: tuple, matched: dict, taken: set) -> None:
        """A record a file made whose natural key changed (a membership's role, a corrected title) is
        matched on a looser key when exactly one unmatched row, and one such record of its file, share it."""
        label = _label(model)
        mine = self._registered(model, {row.file for row in rows})
        for names in looser:
            rest = [i for i in range(len(rows)) if i not in matched]
            wanted = Counter(_key(rows[i].desired(), names) for i in rest)
            have = defaultdict(list)
            for obj in mine:
                if obj.pk not in taken:
                    have[(self.registry[(label, obj.pk)].file, _key(obj, names))].append(obj)
            for i in rest:
                loose = _key(rows[i].desired(), names)
                candidates = have[(rows[i].file, loose)]
                if wanted[loose] == 1 and len(candidates) == 1:
                    matched[i] = candidates[0]
                    taken.add(candidates[0].pk)

    def _existing(self, model, rows: list[Row], pks) -> dict:
        """Stored records that may match: by the first field of the natural key, and by explicit key."""
        if not rows:
            return {}
        first = model._meta.get_field(sorted(rows[0].lookup)[0])
        values = {_plain(row.lookup[first.name]) for row in rows}
        where = models.Q(**{f"{first.attname}__in": values})
        if pks:
            where |= models.Q(pk__in=list(pks))
        return {obj.pk: obj for obj in self._with_m2m(model.objects.filter(where), rows)}

    def registered(self, model, file: str) -> list:
        """The records `file` made in earlier runs."""
        return self._registered(model, {file})

    def _registered(self, model, files: set[str]) -> list:
        label = _label(model)
        pks = [pk for (lbl, pk), entry in self.registry.items() if lbl == label and entry.file in files]
        return list(model.objects.filter(pk__in=pks)) if pks else []

    @staticmethod
    def _with_m2m(qs, rows):
        names = sorted({name for row in rows for name in row.m2m})
        return qs.prefetch_related(*names) if names else qs

    def _write(self, model, row: Row, obj):
        if obj is None:
            obj = model(**row.desired())
            obj.save()
            status = ADDED
        else:
            status = CHANGED if self._apply(obj, row.desired()) else UNCHANGED
        for name, targets in row.m2m.items():
            want = {t.pk for t in targets}
            have = set() if status == ADDED else {t.pk for t in getattr(obj, name).all()}
            if want != have:
                getattr(obj, name).set(targets)
                status = status if status == ADDED else CHANGED
        self._saw(obj, row, status)
        return obj

    @staticmethod
    def _apply(obj, values: dict) -> bool:
        """Set and save the fields whose value differs; nothing at all when none does."""
        changed = [name for name, value in values.items() if _stored(obj, name) != _plain(value)]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            extra = ["updated"] if isinstance(obj, Curated) else []
            obj.save(update_fields=changed + extra)
        return bool(changed)

    def _saw(self, obj, row: Row, status: str) -> None:
        ident = (_label(obj), obj.pk)
        if ident in self.seen:  # the same record from two rows of different natural keys
            raise DataError(
                Path(row.file), row.line, "-", f"{obj._meta.verbose_name} {obj} is described twice"
            )
        self.seen[ident] = (row.file, row.key)
        self.status[ident] = status

    # --- the registry and removals -----------------------------------------------------------------

    def finish(self) -> Report:
        """Remember what was written, remove what the files dropped, and report."""
        self._save_registry()
        self._remove_unseen()
        report = Report()
        for label, kind in KINDS.items():
            tally = Tally(removed=self.removed[label])
            for (lbl, _), status in self.status.items():
                if lbl == label:
                    setattr(tally, status, getattr(tally, status) + 1)
            if tally.loaded or tally.removed:
                report.kinds[kind] = tally
        return report

    def _save_registry(self) -> None:
        new, changed = [], []
        for (label, pk), (file, key) in self.seen.items():
            entry = self.registry.get((label, pk))
            if entry is None:
                new.append(Loaded(model=label, object_id=pk, file=file, key=key))
            elif (entry.file, entry.key) != (file, key):
                entry.file, entry.key = file, key
                changed.append(entry)
        # Clear the keys about to move first (from a record the file dropped, or to another record).
        claimed = {(label, key) for (label, _), (_, key) in self.seen.items() if key}
        dropped = [e for ident, e in self.registry.items() if ident not in self.seen]
        moving = [e.pk for e in changed] + [e.pk for e in dropped if (e.model, e.key) in claimed]
        if moving:
            Loaded.objects.filter(pk__in=moving).update(key="")
        if changed:
            Loaded.objects.bulk_update(changed, ["file", "key"])
        Loaded.objects.bulk_create(new)

    def _remove_unseen(self) -> None:
        stale = {
            ident: entry
            for ident, entry in self.registry.items()
            if entry.file in self.files and ident not in self.seen
        }
        for label in reversed(KINDS):
            pks = [pk for (lbl, pk) in stale if lbl == label]
            if not pks:
                continue
            model = _model(label)
            objs = list(model.objects.filter(pk__in=pks))
            self.removed[label] += len(objs)
            for obj in _children_first(model, objs):
                self._delete(obj, stale)
            Loaded.objects.filter(model=label, object_id__in=pks).delete()

    def _delete(self, obj, stale: dict) -> None:
        """Delete one record, unless a record that stays protects it, or would be deleted with it (a
        back-office membership of a dialogue the file dropped). References that are set to null on
        delete (an event's dialogue, a project's links) are cleared, as the back office would."""
        entry = stale[(_label(obj), obj.pk)]
        collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
        try:
            collector.collect([obj])
        except (ProtectedError, RestrictedError) as exc:
            blockers = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
            blocker = next(iter(blockers))
            raise self._blocked(entry, obj, blocker) from None
        for model, instances in collector.data.items():
            if issubclass(model, Curated):
                for other in instances:
                    if (_label(other), other.pk) not in stale:
                        raise self._blocked(entry, obj, other)
        collector.delete()

    def _blocked(self, entry: Loaded, obj, blocker) -> DataError:
        where = "still in the files" if (_label(blocker), blocker.pk) in self.seen else "not from the files"
        return DataError(
            Path(entry.file),
            None,
            "-",
            f"{obj._meta.verbose_name} {str(obj)!r} is no longer in the file, but "
            f"{blocker._meta.verbose_name} {str(blocker)!r} (id {blocker.pk}, {where}) refers to it: "
            "change or delete that record first",
        )


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _children_first(model, objs: list) -> list:
    """Records of a tree (regions in regions) deepest first, so no parent goes before its children."""
    if not any(f.name == "parent" for f in model._meta.concrete_fields):
        return objs
    parents = dict(model.objects.values_list("pk", "parent_id"))

    def depth(pk, seen=()):
        parent = parents.get(pk)
        return 0 if parent is None or parent in seen else 1 + depth(parent, (*seen, pk))

    return sorted(objs, key=lambda o: -depth(o.pk))
