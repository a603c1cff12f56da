"""The linker the platform uses: built once per process from the reference files and the projects in the
database, and built again when the projects, dialogues or organisations in the database change: at once
when the change is made in this process (signals), within CHECK_SECONDS when another process made it."""

import threading
import time

from migis.ingest.linking.linker import Linker

_lock = threading.Lock()
_cached: dict = {}
CHECK_SECONDS = 5  # how often the database is asked whether the named records changed


def forget(**_) -> None:
    """Drop the linker (a project, dialogue or organisation was saved or deleted in this process)."""
    with _lock:
        _cached.clear()


def link_query(text: str) -> list[tuple[str, str, int, int]]:
    """The records a search query names, with where: search expands a query that names one (the
    linker lives in this app, above search, so it is handed over at start-up)."""
    return [(m.type, m.id, m.start, m.end) for m in get_linker().link(text).mentions]


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from migis.search import service as search

    if link_query not in search.QUERY_LINKERS:
        search.QUERY_LINKERS.append(link_query)

    for label in ("projects.Project", "dialogues.Dialogue", "organisations.Organisation"):
        post_save.connect(forget, sender=label, dispatch_uid=f"migis-linker-save-{label}")
        post_delete.connect(forget, sender=label, dispatch_uid=f"migis-linker-delete-{label}")


def database_projects():
    """(slug, acronym, title) of every project in the database, or None when there is no database."""
    from django.db import DatabaseError

    from migis.projects.models import Project

    try:
        return list(Project.objects.values_list("slug", "acronym", "title"))
    except DatabaseError:  # no database file or not migrated: use the demo projects
        return None


def _signature():
    """What the names depend on in the database: counts and last changes of the named records."""
    from django.db import DatabaseError
    from django.db.models import Count, Max

    from migis.dialogues.models import Dialogue
    from migis.organisations.models import Organisation
    from migis.projects.models import Project

    try:
        return tuple(
            tuple(model.objects.aggregate(n=Count("pk"), last=Max("updated")).values())
            for model in (Project, Dialogue, Organisation)
        )
    except DatabaseError:  # no database file or not migrated
        return None


def get_linker(use_database: bool = True) -> Linker:
    now = time.monotonic()
    if "linker" in _cached and now - _cached.get("checked", 0) < CHECK_SECONDS:
        return _cached["linker"]
    signature = _signature() if use_database else None
    with _lock:
        _cached["checked"] = now
        if _cached.get("signature", ...) != signature or "linker" not in _cached:
            from migis.ingest.linking import gazetteer

            projects = database_projects() if use_database else None
            _cached["linker"] = Linker(gazetteer.build(projects))
            _cached["signature"] = signature
        return _cached["linker"]
