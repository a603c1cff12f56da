"""Permission tests generated for every curated model found through `_meta` (see tests/permissions.py):
a restricted record of each, the records that cannot exist without it, and public records pointing to
them through every foreign key and many-to-many, walked on every route for every role.

Readers of restricted records (officials, focal points, editors, admins) see what an admin sees; the
public (anonymous visitors and the public role) sees none of it: not the records' words, not their keys
in links, ids or filters, not in search. conftest.py fails the session when a curated model has no test
here (as Datasette fails its suite on an undocumented permission).
"""

import re

import pytest

from migis.core.permissions import Role
from migis.search import backends, outbox
from tests.conftest import ROLES, client_for
from tests.permissions import (
    NOT_SHOWN,
    SKIPPED_PREFIXES,
    SKIPPED_ROUTES,
    Probe,
    curated_models,
    model_label,
    routes,
)

pytestmark = pytest.mark.django_db
ANONYMOUS = "anonymous"
PUBLIC_READERS = [ANONYMOUS, Role.PUBLIC]
MODELS = curated_models()
_NEXT = re.compile(r'rel="next" href="([^"]+)"')


@pytest.fixture
def own_index(settings, tmp_path, monkeypatch):
    """Search over this test's records only: an index of its own, filled from the test database."""
    monkeypatch.setenv("MIGIS_SEARCH_BACKEND", "tantivy")
    settings.DATA_DIR = tmp_path
    backends.reset()
    yield
    backends.reset()


def read(client, url: str) -> str:
    """The answer to `url`, every page of a paged list included."""
    bodies, seen = [], set()
    while url and url not in seen and len(seen) < 20:
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        body = response.content.decode()
        bodies.append(body)
        if response.get("Content-Type", "").startswith("application/json") and body.startswith("{"):
            url = response.json().get("next") or ""
        else:
            nxt = _NEXT.search(body)
            path = url.split("?")[0]
            url = path + nxt.group(1).replace("&amp;", "&") if nxt else ""
    return "\n".join(bodies)


def with_page_size(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "page_size=200"


def shown(probe: Probe, url: str, body: str) -> list[str]:
    """The probes of hidden records that `body` shows. A record's words carry " n<number>" after the
    marker, so the query echoed in a search box is not a hit; keys count only in contexts that name a
    record (quoted, in a path, as a tag's text), and not on a page whose own address holds the key."""
    found = [m for m in probe.markers if f"{m} n" in body]
    for key in probe.keys:
        if key in url:
            continue
        contexts = (f'"{key}"', f"'{key}'", f">{key}<", f"/{key}/", f'/{key}"', f"={key}&", f'={key}"')
        found += [f"key {key}" for c in contexts if c in body][:1]
    return found


@pytest.mark.parametrize("model", MODELS, ids=model_label)
def test_restricted_record_never_leaks(model, users, own_index):
    probe = Probe.build(model)
    outbox.drain()  # search sees the test's records
    urls = [with_page_size(u) for u in probe.urls()]
    clients = {ANONYMOUS: client_for(), **{role: client_for(users[role]) for role in ROLES}}

    seen = {}
    for url in urls:
        found = shown(probe, url, read(clients[Role.ADMIN], url))
        if found:
            seen[url] = found
    if model_label(model) in NOT_SHOWN:
        assert not seen, f"{model_label(model)} is shown now: remove it from NOT_SHOWN ({seen})"
    else:
        assert seen, f"no route shows a restricted {model_label(model)} even to an admin: {urls}"

    for who in PUBLIC_READERS:
        leaks = {url: found for url in urls if (found := shown(probe, url, read(clients[who], url)))}
        assert not leaks, f"{who} sees restricted {model_label(model)} records: {leaks}"
    for who in (Role.OFFICIAL, Role.FOCAL_POINT, Role.EDITOR):
        missing = [url for url in seen if not shown(probe, url, read(clients[who], url))]
        assert not missing, f"{who} does not see what an admin sees at {missing}"

    # A filter naming a hidden record matches nothing, exactly like one naming no record.
    for url in probe.urls():
        if url.startswith("/api/") and "?" in url and not re.search(r"[?&](q|layer|format)=", url):
            for who in PUBLIC_READERS:
                response = clients[who].get(url)
                if response.status_code == 200 and "count" in response.json():
                    assert response.json()["count"] == 0, f"{who}: {url} matches hidden records"


def test_every_route_is_walked_or_skipped_for_a_reason():
    """A new route is walked by the generated tests (a record's page or API twin, a list, a filter) or
    named in SKIPPED_ROUTES with the reason."""
    from tests.permissions import LIST_ROUTES

    walked = {u.strip("/").split("?")[0] for u in LIST_ROUTES}
    detail = {
        "countries/",
        "dialogues/",
        "projects/",
        "events/",
        "organisations/",
        "documents/",
        "indicators/",
    }
    unexplained = []
    for route in routes():
        plain = route.strip("/")
        if route in SKIPPED_ROUTES or route.startswith(SKIPPED_PREFIXES) or plain in walked:
            continue
        base = re.sub(r"<[^>]+>/?$", "", route)
        if "<" in route and base.removeprefix("api/") in detail:
            continue  # a record's page or API twin: walked for every record a probe involves
        unexplained.append(route)
    assert not unexplained, f"walk these routes in tests/permissions.py or explain why not: {unexplained}"
