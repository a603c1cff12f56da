"""Shared fixtures: the reference and demo data are loaded once per test database; each test runs in a
transaction rolled back afterwards. `restricted` adds one restricted record of each kind."""

import datetime

import pytest
from django.test import Client

from migis.core.permissions import Role


@pytest.fixture(scope="session", autouse=True)
def private_data_dir(tmp_path_factory):
    """The search index and other files of the test run go to a folder of their own, not ./data."""
    from django.conf import settings

    from migis.search import backends

    settings.DATA_DIR = tmp_path_factory.mktemp("migis-data")
    backends.reset()
    return settings.DATA_DIR


@pytest.fixture(scope="session")
def django_db_setup(private_data_dir, django_db_setup, django_db_blocker):
    from migis.accounts.services import ensure_editor_group
    from migis.reference.loader import load

    with django_db_blocker.unblock():
        ensure_editor_group()
        load(demo=True)
        from migis.indicators import demo as statistics

        statistics.load()


def pytest_collection_modifyitems(session, config, items):
    """Fail the run when a curated model has no generated permission test (tests/permissions.py finds
    them through `_meta`; a model left out of the generator must not go unnoticed)."""
    generated = [i for i in items if i.originalname == "test_restricted_record_never_leaks"]
    if not generated or config.getoption("keyword") or config.getoption("markexpr") == "e2e":
        return  # a partial run: the guard applies to whole runs only
    from tests.permissions import curated_models, model_label

    covered = {i.callspec.params["model"] for i in generated}
    missing = [model_label(m) for m in curated_models() if m not in covered]
    if missing:
        raise pytest.UsageError(f"curated models without a generated permission test: {missing}")


@pytest.fixture(autouse=True)
def empty_cache():
    # Each test's records are rolled back afterwards; cached pages from one test must not reach the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Hashing strength is not under test; PBKDF2 would make each user cost a third of a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROLES = [Role.PUBLIC, Role.OFFICIAL, Role.FOCAL_POINT, Role.EDITOR, Role.ADMIN]
READERS = {Role.OFFICIAL, Role.FOCAL_POINT, Role.EDITOR, Role.ADMIN}


@pytest.fixture
def users(db):
    from migis.accounts.services import create_user

    out = {}
    for role in ROLES:
        countries = ["MLT"] if role == Role.FOCAL_POINT else []
        out[role], _ = create_user(f"user-{role}", role, countries=countries, password="pw-for-tests-only-1")
    return out


def committed():
    """A block whose on-commit work (the cache version bump, search drains) runs at its end, as if its
    transaction had committed (each test's own transaction never commits)."""
    from django.db import connection
    from django.test import TestCase

    connection._migis_bump = connection._migis_drain = None  # scheduled earlier: never run in tests
    return TestCase.captureOnCommitCallbacks(execute=True)


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def restricted(db):
    """A restricted dialogue with Malta as member, a restricted project and event in Malta."""
    from migis.dialogues.models import Dialogue, Membership
    from migis.events.models import Event
    from migis.geo.models import Country
    from migis.organisations.models import Organisation
    from migis.projects.models import Project

    malta = Country.objects.get(iso3="MLT")
    dialogue = Dialogue.objects.create(
        slug="secret-dialogue",
        name_en="Secret Dialogue",
        visibility="restricted",
        source_title="test fixture",
    )
    Membership.objects.create(dialogue=dialogue, country=malta, role="participating", visibility="restricted")
    donor = Organisation.objects.create(slug="secret-donor", name_en="Secret Donor", visibility="restricted")
    project = Project.objects.create(
        slug="secret-project",
        acronym="SECRETPRJ",
        title="Secret Project",
        visibility="restricted",
        start_year=2020,
        end_year=2021,
        source_title="test fixture",
    )
    project.countries.add(malta)
    project.dialogues.add(dialogue)
    project.donors.add(donor)
    event = Event.objects.create(
        key="secret-event",
        title="Secret Event",
        start_date=datetime.date(2020, 5, 1),
        country=malta,
        dialogue=dialogue,
        project=project,
        visibility="restricted",
        source_title="test fixture",
    )
    return {"dialogue": dialogue, "project": project, "event": event, "donor": donor}
