"""Browser tests: a real `migis serve` on a fresh data folder (made by `migis init --demo`), driven in
Debian's headless Chromium through Playwright. No browser is downloaded."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BIN = Path(sys.executable).parent
SETUP = """
from migis.accounts.services import create_user
from migis.geo.models import Country
from migis.projects.models import Project
create_user("e2e-official", "official", password="e2e-Official-pw-1")
create_user("e2e-editor", "editor", password="e2e-Editor-pw-1")
p, _ = Project.objects.update_or_create(slug="e2e-restricted", defaults=dict(
    acronym="E2ESECRET", title="Restricted e2e project", visibility="restricted", source_title="e2e fixture"))
p.countries.add(Country.objects.get(iso3="MLT"))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("migis-e2e")
    env = {**os.environ, "MIGIS_DATA_DIR": str(data), "MIGIS_DATABASE_URL": ""}
    subprocess.run([BIN / "migis", "init", "--demo"], env=env, check=True, capture_output=True)
    subprocess.run([BIN / "migis", "manage", "shell", "-v", "0", "-c", SETUP], env=env, check=True)
    port = _free_port()
    proc = subprocess.Popen([BIN / "migis", "serve", "--port", str(port)], env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
