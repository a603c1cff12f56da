"""The linker the platform uses: built once per process from the reference files and the projects in the
database, rebuilt when the data version changes."""

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


def get_linker(use_database: bool = True) -> Linker:
    with _lock:
        if "linker" not in _cached:
            from migis.ingest.linking import gazetteer

            projects = database_projects() if use_database else None
            _cached["linker"] = Linker(gazetteer.build(projects))
        return _cached["linker"]
