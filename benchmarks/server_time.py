"""Server time and query counts of the main migis pages, measured in-process with Django's test client.

A fresh data folder (and, with --database-url, a fresh scratch PostgreSQL database whose name ends in
`_bench`) is initialised with `migis init --demo --no-static`. Then, as an anonymous user, every endpoint is
requested round-robin (so noise hits all alike) after a warm-up; the time around `client.get` covers the
full middleware stack, the view, the visibility-filtered queries and the rendering ("server time"), not the
network. Pages are cached under the data version (see migis.core.cache), so a second table measures the
same endpoints with the cache emptied before every request. /health is the floor every p95 is compared
with. Last, related records of Malta are multiplied and
the query counts measured again: they must not grow with the data.

    .venv/bin/python benchmarks/server_time.py [--database-url postgresql://postgres@127.0.0.1:5432/migis]
"""

import argparse
import contextlib
import datetime
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import init_demo, migis_env, percentile, scratch_database, verdict

FLOOR = "/health"
PROFILES = ["/countries/MLT/", "/api/countries/MLT"]
MAP_DATA = ["/api/map?layer=dialogues&index=true", "/api/map?layer=dialogue&dialogue=rabat-process"]
ENDPOINTS = [FLOOR, *PROFILES, *MAP_DATA, "/dialogues/rabat-process/", "/projects/"]
GROWTH_ENDPOINTS = [*PROFILES, "/projects/"]
PROFILE_P95_MS = 50.0
PROFILE_FLOOR_RATIO = 10.0
MAP_FLOOR_RATIO = 5.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL; a scratch `<name>_bench` is used")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per endpoint")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per endpoint")
    parser.add_argument("--grow", type=int, default=200, help="extra projects and events linked to Malta")
    parser.add_argument("--grow-memberships", type=int, default=20, help="extra dialogue memberships (Malta)")
    return parser.parse_args(argv)


def start_django(env: dict):
    """Set up Django in this process with the benchmark environment; return an anonymous test client."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "migis.settings"
    # --no-static leaves STATIC_ROOT empty on purpose; WhiteNoise's warning about it is noise here.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.test import Client

    # A browser sends Accept-Encoding: gzip, so GZipMiddleware's work is part of the server time.
    return Client(SERVER_NAME="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")


def timed_get(client, url: str, cold: bool = False) -> float:
    """Milliseconds spent in `client.get(url)`; any status but 200 aborts the benchmark.
    With `cold`, the cache is emptied first (outside the timing): the page is rendered anew."""
    if cold:
        from django.core.cache import cache

        cache.clear()
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return elapsed


def measure(client, urls: list[str], rounds: int, warmup: int, cold: bool = False) -> dict[str, list[float]]:
    """Round-robin over `urls`; each round starts one endpoint later so none is always first."""
    for _ in range(warmup):
        for url in urls:
            timed_get(client, url, cold)
    times = {url: [] for url in urls}
    for i in range(rounds):
        for url in urls[i % len(urls) :] + urls[: i % len(urls)]:
            times[url].append(timed_get(client, url, cold))
    return times


def query_count(client, url: str) -> int:
    """Queries of one request rendered anew (cache emptied first)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def link(m2m, rows: list[dict]) -> None:
    """Bulk-insert rows of the through table of the many-to-many descriptor `m2m`."""
    m2m.through.objects.bulk_create(m2m.through(**row) for row in rows)


def grow_malta(n_records: int, n_memberships: int) -> None:
    """Link `n_records` extra projects and events and `n_memberships` dialogue memberships to Malta."""
    from migis.dialogues.models import Dialogue, Membership
    from migis.events.models import Event
    from migis.frameworks.models import Theme
    from migis.geo.models import Country
    from migis.organisations.models import Organisation
    from migis.projects.models import Project

    malta = Country.objects.get(iso3="MLT")
    rabat = Dialogue.objects.get(slug="rabat-process")
    theme, donor = Theme.objects.first(), Organisation.objects.first()
    projects = Project.objects.bulk_create(
        Project(slug=f"bench-project-{i}", acronym=f"B{i:03}", title=f"Bench project {i}", start_year=2020)
        for i in range(n_records)
    )
    link(Project.countries, [{"project": p, "country": malta} for p in projects])
    link(Project.themes, [{"project": p, "theme": theme} for p in projects])
    link(Project.donors, [{"project": p, "organisation": donor} for p in projects])
    link(Project.dialogues, [{"project": p, "dialogue": rabat} for p in projects])
    events = Event.objects.bulk_create(
        Event(
            key=f"bench-event-{i}",
            title=f"Benchmark event {i}",
            start_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
            country=malta if i % 2 else None,
            dialogue=rabat,
            project=projects[i % len(projects)] if projects else None,
        )
        for i in range(n_records)
    )
    link(Event.participant_countries, [{"event": e, "country": malta} for e in events])
    dialogues = Dialogue.objects.bulk_create(
        Dialogue(slug=f"bench-dialogue-{i}", name_en=f"Benchmark dialogue {i}") for i in range(n_memberships)
    )
    Membership.objects.bulk_create(Membership(dialogue=d, country=malta, since=2010) for d in dialogues)
    from migis.core.cache import bump

    bump()  # bulk_create sends no signals: make the cached pages stale as a real change would


def print_times(times: dict[str, list[float]], counts: dict[str, int], targets: bool = True) -> list[str]:
    """Print p50/p95, the ratio to the floor and the query count of each endpoint; return failed targets."""
    floor = percentile(times[FLOOR], 95)
    failures = []
    print(f"{'endpoint':52} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p95/floor':>9} {'queries':>7}  target")
    for url, samples in times.items():
        p95 = percentile(samples, 95)
        ratio = p95 / floor
        target, ok = target_of(url, p95, ratio) if targets else ("", True)
        if not ok:
            failures.append(f"{url}: {target} (p95 {p95:.2f} ms, {ratio:.1f}x floor)")
        status = f"{target} {verdict(ok)}" if target else ""
        print(
            f"{url:52} {len(samples):>4} {percentile(samples, 50):>8.2f} {p95:>8.2f} "
            f"{ratio:>8.1f}x {counts.get(url, ''):>7}  {status}"
        )
    return failures


def target_of(url: str, p95: float, ratio: float) -> tuple[str, bool]:
    if url in PROFILES:
        target = f"p95 < {PROFILE_P95_MS:g} ms and <= {PROFILE_FLOOR_RATIO:g}x floor"
        return target, p95 < PROFILE_P95_MS and ratio <= PROFILE_FLOOR_RATIO
    if url in MAP_DATA:
        return f"p95 <= {MAP_FLOOR_RATIO:g}x floor", ratio <= MAP_FLOOR_RATIO
    return "", True


def print_growth(before: dict[str, int], after: dict[str, int], args) -> list[str]:
    print(
        f"\nQuery counts after linking {args.grow} projects, {args.grow} events and "
        f"{args.grow_memberships} dialogue memberships more to Malta:"
    )
    print(f"{'endpoint':52} {'before':>6} {'after':>6}  does not grow")
    failures = []
    for url in before:
        # Fewer is fine: a query is skipped when the rows shown carry nothing to look up (the extra
        # records have no source documents, so no query fetches them).
        ok = after[url] <= before[url]
        if not ok:
            failures.append(f"{url}: {before[url]} queries before growth, {after[url]} after")
        print(f"{url:52} {before[url]:>6} {after[url]:>6}  {verdict(ok)}")
    return failures


def print_growth_times(times: dict[str, list[float]]) -> None:
    floor = percentile(times[FLOOR], 95)
    print("\nServer time after the growth (same method):")
    print(f"{'endpoint':52} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p95/floor':>9}")
    for url, samples in times.items():
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        print(f"{url:52} {len(samples):>4} {p50:>8.2f} {p95:>8.2f} {p95 / floor:>8.1f}x")


def benchmark(database_url: str, args) -> list[str]:
    engine = "PostgreSQL" if database_url else "SQLite"
    with tempfile.TemporaryDirectory(prefix="migis-bench-") as data_dir:
        env = migis_env(Path(data_dir), database_url)
        print(f"== server time, {engine}: migis init --demo --no-static ...", flush=True)
        init_demo(env)
        client = start_django(env)
        counts = {url: query_count(client, url) for url in ENDPOINTS}
        times = measure(client, ENDPOINTS, args.requests, args.warmup)
        print(f"\n{engine}, anonymous, {args.requests} requests per endpoint after {args.warmup} warm-up:")
        failures = print_times(times, counts)
        print("\nThe same with the cache emptied before every request (pages rendered anew; no targets):")
        print_times(
            measure(client, ENDPOINTS, args.requests // 2, args.warmup // 2, cold=True), counts, False
        )
        grow_malta(args.grow, args.grow_memberships)
        after = {url: query_count(client, url) for url in GROWTH_ENDPOINTS}
        failures += print_growth({url: counts[url] for url in GROWTH_ENDPOINTS}, after, args)
        print_growth_times(measure(client, [FLOOR, *GROWTH_ENDPOINTS], args.requests, args.warmup))
        from django.db import connections

        connections.close_all()
    return failures


def main(argv=None) -> int:
    args = parse_args(argv)
    scratch = scratch_database(args.database_url) if args.database_url else contextlib.nullcontext("")
    with scratch as database_url:
        failures = benchmark(database_url, args)
    print("\nFailed targets: " + ("; ".join(failures) if failures else "none"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
