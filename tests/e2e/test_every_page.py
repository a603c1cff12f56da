"""Every page a reader can open, in the three languages, on a desktop and on a phone: it answers, says
its language and direction, has one heading, raises no script error, asks no other host for anything,
links to itself in the other languages and, on a phone, does not overflow sideways. A screenshot of
each, and one contact sheet per language and width, go to SCREENSHOTS."""

import html
import tempfile
from pathlib import Path

import pytest

from tests.e2e.test_browser import SCREENSHOTS
from tests.e2e.test_layout import overflow

pytestmark = pytest.mark.e2e

# (name, address without the language prefix, expected status). The demo data's records: Malta, the
# Rabat Process, ICMPD, the international migrant stock, the FMM West Africa project, a Prague Process
# meeting, an ICMPD report. Left out, as no reader page: the admin, the API and its docs, the news
# feeds (XML), a document's original file (a download), the upload form (editors only: 403) and
# sign-out (a POST).
PAGES = [
    ("home", "/", 200),
    ("countries", "/countries/", 200),
    ("country", "/countries/MLT/", 200),
    ("dialogues", "/dialogues/", 200),
    ("dialogue", "/dialogues/rabat-process/", 200),
    ("organisations", "/organisations/", 200),
    ("organisation", "/organisations/icmpd/", 200),
    ("statistics", "/indicators/", 200),
    ("statistic", "/indicators/migrant_stock/", 200),
    ("flows", "/flows/", 200),
    ("projects", "/projects/", 200),
    ("project", "/projects/fmm-wa/", 200),
    ("events", "/events/", 200),
    ("event", "/events/prague-process-som-2020/", 200),
    ("documents", "/documents/", 200),
    ("document", "/documents/icmpd-annual-report-2020/", 200),
    ("news", "/news/", 200),
    ("search", "/search/?q=Malta", 200),
    ("about", "/about/", 200),
    ("login", "/accounts/login/", 200),
    ("not-found", "/countries/XXX/", 404),  # what a reader sees after following a stale link
]
LANGUAGES = {"en": "", "fr": "/fr", "ar": "/ar"}
WIDTHS = {
    1280: dict(viewport={"width": 1280, "height": 800}),
    390: dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True),
}
THUMB = {1280: 300, 390: 160}  # contact-sheet thumbnail widths
SHEET_COLUMNS = {1280: 4, 390: 6}
NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens
MISSING = "the server responded with a status of 404"  # the console's note on the not-found page


def _settle(page, in_flight: set) -> None:
    """Wait, after the load event, until no request has been in flight for 100 ms: what the page still
    fetches (its icon, a script's data) has arrived or failed. Faster than Playwright's "networkidle",
    which waits 500 ms, and the same for these pages."""
    quiet = 0
    for _ in range(100):
        page.wait_for_timeout(50)
        quiet = 0 if in_flight else quiet + 1
        if quiet == 2:
            return


def _check(page, server, lang, width, path, status, response) -> list[str]:
    problems = []
    if response is None or response.status != status:
        problems.append(f"status {response.status if response else None}, expected {status}")
    lang_attr, dir_attr = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    if lang_attr != lang:
        problems.append(f'<html lang="{lang_attr}">, expected "{lang}"')
    if dir_attr != ("rtl" if lang == "ar" else "ltr"):
        problems.append(f'<html dir="{dir_attr}">')
    headings = [t.strip() for t in page.locator("h1:visible").all_inner_texts()]
    if len(headings) != 1 or not headings[0]:
        problems.append(f"visible h1s: {headings}")
    expected = {code: server + p + path for code, p in LANGUAGES.items()}
    alternates = dict(
        page.eval_on_selector_all(
            "head link[rel=alternate][hreflang]", "ls => ls.map(l => [l.hreflang, l.href])"
        )
    )
    if alternates != {**expected, "x-default": expected["en"]}:
        problems.append(f"hreflang alternates {alternates}")
    switch = dict(
        page.eval_on_selector_all("nav.lang a[hreflang]", "as => as.map(a => [a.hreflang, a.href])")
    )
    if switch != expected:
        problems.append(f"language switch {switch}")
    if width < 800 and (culprits := overflow(page)):
        problems.append(f"overflows sideways: {culprits}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page(server, browser, lang, width):
    prefix = LANGUAGES[lang]
    folder = SCREENSHOTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    # Nothing may leave the server: other hosts go to a proxy that is not there and fail at once (and
    # are reported), so a forgotten CDN link fails here instead of hanging on a machine without network.
    context = browser.new_context(**WIDTHS[width], proxy={"server": NOWHERE, "bypass": "127.0.0.1"})
    page = context.new_page()
    seen: dict[str, list[str]] = {"errors": [], "console": [], "requests": []}
    in_flight: set = set()
    page.on("request", lambda r: in_flight.add(r))
    page.on("requestfinished", lambda r: in_flight.discard(r))
    page.on("requestfailed", lambda r: in_flight.discard(r))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:", "blob:")) else seen["requests"].append(r.url),
    )
    failures, shots = [], []
    for name, path, status in PAGES:
        for found in seen.values():
            found.clear()
        address = prefix + path
        response = page.goto(server + address)
        _settle(page, in_flight)
        if name == "home":
            page.wait_for_selector("#map[data-ready=true]", timeout=20000)
        problems = _check(page, server, lang, width, path, status, response)
        problems += [f"page error: {e}" for e in seen["errors"]]
        console = [m for m in seen["console"] if not (status == 404 and MISSING in m)]
        problems += [f"console error: {m}" for m in console]
        problems += [f"request to another host: {u}" for u in seen["requests"]]
        failures += [f"{address}: {p}" for p in problems]
        shot = folder / f"{lang}-{width}-{name}.png"
        page.screenshot(path=str(shot), full_page=False)
        shots.append(shot)
    context.close()
    _contact_sheet(browser, shots, width, SCREENSHOTS / f"pages-{lang}-{width}.png")
    assert not failures, f"{lang} at {width} px:\n" + "\n".join(failures)


def _contact_sheet(browser, shots: list[Path], width: int, out: Path) -> None:
    """The screenshots side by side, captioned with their file names, in one picture (no Pillow: the
    browser lays out and photographs a page of <img>s)."""
    thumb, columns = THUMB[width], SHEET_COLUMNS[width]
    figures = "".join(
        f'<figure><img src="{s.resolve().as_uri()}" width="{thumb}">'
        f"<figcaption>{html.escape(s.name)}</figcaption></figure>"
        for s in shots
    )
    sheet = f"""<!doctype html><meta charset="utf-8"><style>
        body {{ margin: 8px; font: 12px sans-serif; background: #eee; }}
        main {{ display: grid; grid-template-columns: repeat({columns}, {thumb}px); gap: 8px; }}
        figure {{ margin: 0; }} img {{ display: block; border: 1px solid #999; }}
        figcaption {{ padding: 2px 0; overflow-wrap: anywhere; }}</style><main>{figures}</main>"""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "sheet.html"
        source.write_text(sheet, encoding="utf-8")
        context = browser.new_context(viewport={"width": columns * (thumb + 8) + 16, "height": 600})
        page = context.new_page()
        page.goto(source.as_uri(), wait_until="load")
        page.screenshot(path=str(out), full_page=True)  # PNG: 0.3-0.5 MB a sheet
        context.close()
