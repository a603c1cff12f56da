"""The data version behind cached pages: every write path bumps it exactly once, when its transaction
commits (never before, never twice), bulk operations and the loader included."""

import datetime

import pytest

from migis.core.cache import data_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def bumps(django_capture_on_commit_callbacks):
    """Run a block as one transaction that commits at its end; return how often the version moved
    (checking it did not move before the commit)."""
    from django.db import connection

    def run(block):
        connection._migis_bump = None  # a bump scheduled outside this block (a fixture) never runs
        before = int(data_version())
        with django_capture_on_commit_callbacks(execute=True):
            block()
            assert int(data_version()) == before, "bumped before the commit"
        return int(data_version()) - before

    return run


def _project():
    from migis.projects.models import Project

    return Project.objects.order_by("pk").first()


def test_save(bumps):
    def block():
        project = _project()
        project.title += " (changed)"
        project.save()
        project.save()  # twice in one transaction: still one bump

    assert bumps(block) == 1


def test_create_and_delete(bumps):
    from migis.frameworks.models import Theme

    assert bumps(lambda: Theme.objects.create(slug="cache-test", name_en="Cache test")) == 1
    assert bumps(lambda: Theme.objects.get(slug="cache-test").delete()) == 1


def test_many_to_many(bumps):
    from migis.geo.models import Country

    assert bumps(lambda: _project().countries.add(Country.objects.get(iso3="ISL"))) == 1


def test_queryset_update(bumps):
    from migis.dialogues.models import DialogueFact

    assert bumps(lambda: DialogueFact.objects.update(year=2001)) == 1
    assert bumps(lambda: DialogueFact.objects.filter(pk=-1).update(year=2002)) == 0  # nothing changed


def test_queryset_delete(bumps):
    from migis.dialogues.models import DialogueFact

    assert bumps(lambda: DialogueFact.objects.filter(dialogue__slug="rabat-process").delete()) == 1


def test_bulk_create_and_bulk_update(bumps):
    from migis.frameworks.models import Theme

    themes = [Theme(slug=f"bulk-{i}", name_en=f"Bulk {i}") for i in range(3)]
    assert bumps(lambda: Theme.objects.bulk_create(themes)) == 1

    def rename():
        rows = list(Theme.objects.filter(slug__startswith="bulk-"))
        for t in rows:
            t.name_fr = "Lot"
        Theme.objects.bulk_update(rows, ["name_fr"])

    assert bumps(rename) == 1


def test_mentions_written_in_bulk(bumps):
    """Pages list the documents that mention a record: mentions written by bulk_create count too."""
    from migis.documents.models import Document
    from migis.ingest.pipeline import store_mentions

    document = Document.objects.exclude(text="").order_by("pk").first()
    assert bumps(lambda: store_mentions(document)) == 1


def test_ingestion_of_a_document(bumps):
    from migis.ingest.pipeline import ingest_text

    assert bumps(lambda: ingest_text("Malta and Tunisia met in Valletta.", source="n.txt")) == 1


def test_a_bulk_run_bumps_once(bumps, tmp_path):
    """`migis ingest` stores each document in its own transaction and bumps once at the end."""
    from migis.ingest.pipeline import ingest_paths

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Note {i}: Malta met Tunisia on {datetime.date(2024, 1, i + 1)}.")
    outcomes = []
    assert bumps(lambda: outcomes.extend(ingest_paths([tmp_path]))) == 1
    assert [o.status for o in outcomes] == ["created"] * 3


def test_link_unlinked_and_relink(bumps):
    from migis.ingest.pipeline import link_unlinked, relink

    assert bumps(relink) == 1
    assert bumps(link_unlinked) == 0  # nothing left unlinked: nothing changed, no bump


def test_the_loader(bumps):
    from migis.dialogues.models import DialogueFact
    from migis.reference.loader import load

    def block():
        DialogueFact.objects.filter(dialogue__slug="rabat-process").delete()
        load(demo=True)  # puts them back

    assert bumps(block) == 1


def test_pages_follow_a_bulk_change(bumps):
    """The point of it: a cached page shows the change once the transaction has committed."""
    from migis.dialogues.models import DialogueFact
    from tests.conftest import client_for

    assert "Milestones" in client_for().get("/dialogues/rabat-process/").content.decode()
    bumps(lambda: DialogueFact.objects.filter(dialogue__slug="rabat-process").update(visibility="restricted"))
    assert "Milestones" not in client_for().get("/dialogues/rabat-process/").content.decode()
