"""Page weight of the home page (the world map) as a first-time visitor's browser downloads it.

A fresh SQLite data folder is initialised with `migis init --demo` (which also collects and compresses the
static files), `migis serve` is started on a free port, and `/` is loaded in headless Chromium (the system's
/usr/bin/chromium through Playwright; no browser is ever downloaded) until the map says
`#map[data-ready=true]`. A CDP session sums the bytes transferred over the wire (`encodedDataLength` of
`Network.loadingFinished`: headers + body as sent, compressed when the server compressed it) and the
decoded body sizes (`Network.dataReceived`), resource by resource.

    .venv/bin/python benchmarks/page_weight.py
"""

import argparse
import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import MIGIS, init_demo, migis_env, verdict

BUDGET_BYTES = 1.5 * 1000 * 1000  # 1.5 MB
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", default="/", help="page to weigh")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for the map")
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - the server we started
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


@contextlib.contextmanager
def serving(env: dict):
    """Run `migis serve` on a free port; yield its base URL; stop it (this process only) afterwards."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own migis, fixed arguments
        [MIGIS, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/health")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class NetworkLog:
    """Collects, per request id, the URL, status, transferred bytes and decoded body bytes from CDP events."""

    def __init__(self, cdp):
        self.resources: dict[str, dict] = {}
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)

    def _entry(self, request_id: str) -> dict:
        return self.resources.setdefault(
            request_id, {"url": "", "status": 0, "encoding": "", "wire": 0, "body": 0, "done": False}
        )

    def _sent(self, event):
        self._entry(event["requestId"])["url"] = event["request"]["url"]

    def _received(self, event):
        entry, response = self._entry(event["requestId"]), event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        encoding = headers.get("content-encoding", "")
        entry.update(url=response["url"], status=response["status"], encoding=encoding)

    def _data(self, event):
        self._entry(event["requestId"])["body"] += event["dataLength"]

    def _finished(self, event):
        entry = self._entry(event["requestId"])
        entry.update(wire=int(event["encodedDataLength"]), done=True)

    def finished(self) -> list[dict]:
        return [r for r in self.resources.values() if r["done"]]


def load_page(url: str, timeout: float) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context().new_page()
            cdp = page.context.new_cdp_session(page)
            log = NetworkLog(cdp)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            page.goto(url)
            page.wait_for_selector("#map[data-ready=true]", timeout=timeout * 1000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)  # let the last CDP events arrive
            return log.finished()
        finally:
            browser.close()


def gzip_estimate(base: str, resources: list[dict], static_root: Path) -> int:
    """Bytes on the wire had every uncompressed static file been served from its collected `.gz`."""
    total = 0
    for r in resources:
        path = r["url"].removeprefix(base).split("?")[0]
        gz = static_root / (path.removeprefix("/static/") + ".gz")
        if not r["encoding"] and path.startswith("/static/") and gz.is_file():
            total += r["wire"] - r["body"] + gz.stat().st_size
        else:
            total += r["wire"]
    return total


def kb(n: int) -> str:
    return f"{n / 1000:>9.1f}"


def report(base: str, resources: list[dict], static_root: Path) -> bool:
    wire = sum(r["wire"] for r in resources)
    body = sum(r["body"] for r in resources)
    print(f"{'resource':58} {'status':>6} {'encoding':>8} {'wire KB':>9} {'decoded KB':>10}")
    for r in sorted(resources, key=lambda r: -r["wire"]):
        name = r["url"].removeprefix(base)[:58]
        print(f"{name:58} {r['status']:>6} {r['encoding'] or '-':>8} {kb(r['wire'])} {kb(r['body']):>10}")
    ok = wire <= BUDGET_BYTES
    print(f"{f'total ({len(resources)} responses)':58} {'':>6} {'':>8} {kb(wire)} {kb(body):>10}")
    print(f"\nTransferred {wire / 1000:.1f} KB (budget {BUDGET_BYTES / 1000:.0f} KB): {verdict(ok)}")
    print(f"Uncompressed (decoded bodies) {body / 1000:.1f} KB, for comparison")
    estimate = gzip_estimate(base, resources, static_root)
    if estimate < wire:
        print(
            f"Static files were sent uncompressed although collectstatic wrote .gz files; served from them "
            f"the page would transfer about {estimate / 1000:.1f} KB"
        )
    return ok


def main(argv=None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="migis-bench-") as data_dir:
        env = migis_env(Path(data_dir))
        print("== page weight: migis init --demo (with static files) ...", flush=True)
        init_demo(env, static=True)
        with serving(env) as base:
            resources = load_page(base + args.path, args.timeout)
        print(f"\nGET {args.path} in headless Chromium, first visit (no cache), until #map[data-ready=true]:")
        ok = report(base, resources, Path(data_dir) / "static")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
