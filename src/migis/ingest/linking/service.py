"""The linker the platform uses: built once per process from the reference files and the projects in the
database, and built again when the projects, dialogues or organisations in the database change."""

import threading

from migis.ingest.linking.linker import Linker

_lock = threading.Lock()
_cached: dict = {}


def database_projects():
    """(slug, acronym, title) of every project in the database, or None when there is no database."""
    try:
        from migis.projects.models import Project

        return list(Project.objects.values_list("slug", "acronym", "title"))
    except Exception:  # no database configured or not migrated: use the demo projects
        return None


def _signature():
    """What the names depend on in the database: counts and last changes of the named records."""
    try:
        from django.db.models import Count, Max

        from migis.dialogues.models import Dialogue
        from migis.organisations.models import Organisation
        from migis.projects.models import Project

        return tuple(
            tuple(model.objects.aggregate(n=Count("pk"), last=Max("updated")).values())
            for model in (Project, Dialogue, Organisation)
        )
    except Exception:  # no database
        return None


def get_linker(use_database: bool = True) -> Linker:
    signature = _signature() if use_database else None
    with _lock:
        if _cached.get("signature", ...) != signature or "linker" not in _cached:
            from migis.ingest.linking import gazetteer

            projects = database_projects() if use_database else None
            _cached["linker"] = Linker(gazetteer.build(projects))
            _cached["signature"] = signature
        return _cached["linker"]
