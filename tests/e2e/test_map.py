"""The world map in a real browser: legend, zoom and preset views, small-state dots, downloads,
right-to-left, a narrow screen and the Content-Security-Policy."""

import json
import os
import re
import struct
import tempfile
from pathlib import Path

import pytest

from tests.e2e.test_browser import CSP_LISTENER

pytestmark = pytest.mark.e2e
# `make screenshots` refreshes the pictures in docs/; a plain test run keeps the work tree clean.
SCREENSHOTS = Path(os.environ.get("MIGIS_SCREENSHOTS_DIR") or tempfile.mkdtemp(prefix="migis-shots-"))
RABAT = "/?layer=dialogue&dialogue=rabat-process"


def _open(page, url):
    page.goto(url)
    page.wait_for_selector("#map[data-ready=true]", timeout=20000)


def _layer(page, server, query):
    return json.loads(page.request.get(f"{server}/api/map?{query}").text())


def _transform(page):
    return page.get_attribute(".map-canvas g.map-zoom-layer", "transform") or ""


def _scale(page) -> float:
    found = re.search(r"scale\(([\d.]+)\)", _transform(page))
    return float(found.group(1)) if found else 1.0


def _wait_for_scale(page, test: str):
    page.wait_for_function(
        "() => { const t = document.querySelector('.map-canvas g.map-zoom-layer').getAttribute('transform')"
        " || ''; const m = t.match(/scale\\(([\\d.]+)\\)/); const k = m ? +m[1] : 1; return " + test + "; }",
        timeout=5000,
    )


def test_legend_states_the_unit_every_class_and_no_data(server, page):
    _open(page, server + "/")
    layer = _layer(page, server, "layer=dialogues")
    assert page.locator("#map-legend .legend-unit").inner_text() == "number of dialogues"
    labels = page.locator("#map-legend .legend-item").all_inner_texts()
    bounds = [str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in layer["classes"]]
    assert len(bounds) >= 3 and labels == [*bounds, "no data"]
    assert page.locator("#map-legend .legend-item.no-data rect").get_attribute("fill") == "#d9dee3"
    assert "natural breaks" in page.locator("#map-legend").inner_text()
    # each class has its own colour, and the states are coloured with them
    fills = page.eval_on_selector_all(
        "#map-legend .legend-item rect", "els => els.map(e => e.getAttribute('fill'))"
    )
    assert len(set(fills)) == len(fills)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map.png"))
    # a category layer lists every role, and the notice of a dialogue holding no member list
    _open(page, server + RABAT)
    assert page.locator("#map-legend .legend-unit").inner_text() == "role"
    assert page.locator("#map-legend .legend-item").all_inner_texts() == [
        "chair",
        "steering committee",
        "participating",
        "observer",
        "no data",
    ]


def test_zoom_buttons_wheel_and_reset_change_the_view(server, page):
    _open(page, server + "/")
    assert _scale(page) == 1.0
    page.get_by_role("button", name="Zoom in").click()
    _wait_for_scale(page, "Math.abs(k - 1.5) < 0.01")
    page.get_by_role("button", name="Zoom in").focus()
    page.keyboard.press("Enter")  # the buttons work from the keyboard
    _wait_for_scale(page, "Math.abs(k - 2.25) < 0.01")
    page.get_by_role("button", name="Zoom out").click()
    _wait_for_scale(page, "Math.abs(k - 1.5) < 0.01")
    page.get_by_role("button", name="Whole world").click()
    _wait_for_scale(page, "Math.abs(k - 1) < 0.01")
    box = page.locator(".map-canvas svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    _wait_for_scale(page, "k > 1.2")
    # small-state dots keep their size on the screen
    radius = float(page.get_attribute('.map-canvas circle[data-iso3="MLT"]', "r"))
    assert radius * _scale(page) == pytest.approx(3.5, rel=0.01)


def _visible(page, iso3) -> bool:
    """Whether the middle of a state's shape lies inside the map's frame."""
    return page.evaluate(
        """iso3 => { const frame = document.querySelector('.map-canvas svg').getBoundingClientRect();
        const b = document.querySelector(`.map-canvas path[data-iso3="${iso3}"]`).getBoundingClientRect();
        const x = b.left + b.width / 2, y = b.top + b.height / 2;
        return x > frame.left && x < frame.right && y > frame.top && y < frame.bottom; }""",
        iso3,
    )


@pytest.mark.parametrize(
    "view, inside, outside",
    [
        ("Europe", ["DEU", "POL", "ITA", "SWE"], ["BRA", "CHN", "NGA"]),
        ("Africa", ["NGA", "COD", "ZAF", "EGY", "MAR"], ["DEU", "JPN"]),
        ("Mediterranean", ["ITA", "TUN", "MAR", "TUR"], ["DEU", "SWE", "NGA"]),
        ("Asia", ["CHN", "IND", "JPN", "IDN"], ["BRA", "ZAF"]),
        ("Americas", ["BRA", "MEX", "ARG"], ["CHN", "JPN"]),
    ],
)
def test_preset_views_show_their_region(server, page, view, inside, outside):
    _open(page, server + "/")
    page.locator(".map-views").get_by_role("button", name=view, exact=True).click()
    _wait_for_scale(page, "k > 1.3")
    page.wait_for_timeout(500)  # the view glides into place
    assert all(_visible(page, iso3) for iso3 in inside), view
    assert not any(_visible(page, iso3) for iso3 in outside), view


def test_small_states_get_a_dot_only_with_a_value(server, page):
    for url, query in (("/", "layer=dialogues"), (RABAT, "layer=dialogue&dialogue=rabat-process")):
        _open(page, server + url)
        values = _layer(page, server, query)["values"]
        dots = page.eval_on_selector_all(
            ".map-canvas circle.small-state", "els => els.map(e => e.dataset.iso3)"
        )
        assert dots and all(iso3 in values for iso3 in dots), url
    # Singapore is small: a dot where it takes part (Bali Process), none on the Rabat Process layer
    assert page.locator('.map-canvas circle[data-iso3="SGP"]').count() == 0
    assert page.locator('.map-canvas circle[data-iso3="MLT"]').count() == 1
    _open(page, server + "/")
    assert page.locator('.map-canvas circle[data-iso3="SGP"]').count() == 1
    assert page.locator('.map-canvas circle[data-iso3="TTO"]').count() == 0  # in no dialogue


def _download(page, name):
    with page.expect_download() as info:
        page.get_by_role("button", name=name, exact=True).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_svg_download_holds_the_map_title_and_legend(server, page):
    _open(page, server + "/")
    page.get_by_role("button", name="Zoom in").click()
    name, data = _download(page, "SVG")
    assert name == "migis-map-dialogues.svg"
    text = data.decode()
    assert text.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in text
    assert ">Number of dialogues</text>" in text and ">number of dialogues</text>" in text
    layer = _layer(page, server, "layer=dialogues")
    for lo, hi in layer["classes"]:
        assert (f">{lo}</text>" if lo == hi else f">{lo}–{hi}</text>") in text
    assert ">no data</text>" in text
    assert text.count('data-iso3="MLT"') == 2  # its shape and its dot
    assert "style=" not in text  # colours as attributes: the file draws alike everywhere
    # the file is well-formed SVG (our own output: no untrusted XML here)
    import xml.etree.ElementTree as ET

    assert ET.fromstring(text).tag == "{http://www.w3.org/2000/svg}svg"  # noqa: S314


def test_png_download_is_a_png_of_the_map(server, page):
    _open(page, server + RABAT)
    name, data = _download(page, "PNG")
    assert name == "migis-map-dialogue-rabat-process.png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert width >= 1900 and height > 1000  # drawn at twice the size, with title and legend


def test_csv_link_downloads_the_table(server, page):
    _open(page, server + RABAT)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download this table (CSV)").click()
    assert info.value.suggested_filename == "migis-map-dialogue-rabat-process.csv"
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("State,ISO 3166-1 alpha-3,Value,Layer")
    assert "Malta,MLT,participating,Role in Rabat Process" in text


def test_arabic_legend_and_controls_read_right_to_left(server, page):
    _open(page, server + "/ar/")
    assert page.evaluate("getComputedStyle(document.querySelector('#map-legend')).direction") == "rtl"
    items = page.locator("#map-legend .legend-item")
    first, second = items.nth(0).bounding_box(), items.nth(1).bounding_box()
    assert first["x"] > second["x"]  # the first class on the right
    figure = page.locator("#map").bounding_box()
    right = figure["x"] + figure["width"]
    assert right - (first["x"] + first["width"]) < 40  # the legend starts at the right edge
    zoom_in = page.locator('.map-tools button[data-zoom="in"]').bounding_box()
    africa = page.locator('.map-tools button[data-view="africa"]').bounding_box()
    assert zoom_in["x"] > africa["x"] and right - (zoom_in["x"] + zoom_in["width"]) < 40
    # numbers keep their left-to-right order: "4–5", not "5–4"
    ranges = page.locator('#map-legend bdi[dir="ltr"]')
    assert ranges.count() >= 3
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#map-legend bdi[dir=ltr]')).direction")
        == "ltr"
    )
    page.screenshot(path=str(SCREENSHOTS / "map-ar.png"))


@pytest.mark.parametrize("url", ["/", RABAT, "/ar/", "/?layer=organisation&organisation=icmpd", "/fr/"])
def test_nothing_overflows_a_390_pixel_screen(server, browser, url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _open(page, server + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator(".map-views button").first.click()
        page.wait_for_timeout(500)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_dialogue_without_member_list_says_so(server, page):
    _open(page, server + "/?layer=dialogue&dialogue=hld")
    notice = page.locator("#map-notice")
    assert notice.is_visible() and "No member list is held for this dialogue." in notice.inner_text()
    assert "no list of the states taking part is held" in notice.inner_text()
    assert page.locator(".map-canvas svg").count() == 0 and not page.locator(".map-canvas").is_visible()
    # the GFMD holds no member list either, but has chairs: the map shows them under the notice
    _open(page, server + "/?layer=dialogue&dialogue=gfmd")
    assert "No member list is held for this dialogue." in page.locator("#map-notice").inner_text()
    assert page.locator(".map-canvas svg").count() == 1


def test_the_map_and_its_downloads_comply_with_the_content_security_policy(server, page):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(CSP_LISTENER)
    for url in ("/", "/ar/", RABAT, "/dialogues/rabat-process/"):
        _open(page, server + url)
        if page.locator(".map-tools").count():
            page.get_by_role("button", name=re.compile("Europe|أوروبا")).click()
            page.locator('button[data-zoom="in"]').click()
            _download(page, "SVG")
            _download(page, "PNG")
        page.wait_for_timeout(300)
        violations += page.evaluate("window.__cspViolations")
    assert not violations, violations
