"""Charts in a real browser: drawn by the vendored Vega under the strict Content-Security-Policy, mirrored
in Arabic, with a table twin and a CSV download (docs/charts.md)."""

import pytest

from tests.e2e.test_browser import CSP_LISTENER, SCREENSHOTS

pytestmark = pytest.mark.e2e


def _open(page, server, path):
    """`path` with every chart drawn; returns what the page did against the policy and outside the site."""
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: None if r.url.startswith((server, "data:")) else problems.append(r.url))
    page.add_init_script(CSP_LISTENER)
    response = page.goto(server + path)
    assert response.ok, (path, response.status)
    page.wait_for_selector("html[data-charts=ready]", timeout=20000)
    return problems


def _drawn(page) -> list[str]:
    return page.eval_on_selector_all(
        ".chart-canvas",
        "els => els.map(e => e.querySelector('svg, canvas') && e.dataset.ready === 'true' && e.dataset.spec)",
    )


def _shoot(page, name, first, last):
    """A picture of the page from the top of `first` to the bottom of `last`."""
    top = page.evaluate(f"document.querySelector('{first}').getBoundingClientRect().top + scrollY")
    bottom = page.evaluate(f"document.querySelector('{last}').getBoundingClientRect().bottom + scrollY")
    width = page.viewport_size["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    clip = {"x": 0, "y": top - 10, "width": width, "height": bottom - top + 20}
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True, clip=clip)


def test_the_dialogue_page_draws_its_charts_within_the_policy(server, page):
    problems = _open(page, server, "/dialogues/rabat-process/")
    drawn = _drawn(page)
    assert drawn == [
        "chart-spec-members",
        "chart-spec-chairs",
        "chart-spec-meetings",
        "chart-spec-projects-theme",
    ]
    # a bar shows its values on hover, in the tooltip styled by charts.css (not by an injected sheet)
    page.locator("#chart-chairs .mark-rect path").first.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    assert "Chair" in tooltip.inner_text()
    assert page.locator("style").count() == 0  # nothing injected a style sheet
    page.wait_for_timeout(200)
    assert page.evaluate("window.__cspViolations") == [] and problems == []
    page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden")
    _shoot(page, "dialogue-charts.png", "#chairs", "#projects")


def test_the_profile_draws_its_charts(server, page):
    problems = _open(page, server, "/countries/TUN/")
    drawn = _drawn(page)
    assert drawn[:2] == ["chart-spec-dialogues", "chart-spec-projects-theme"]
    # then the Data section's series, one chart each (the demo's illustrative statistics)
    assert "chart-spec-data-population" in drawn[2:] and all(
        d.startswith("chart-spec-data-") for d in drawn[2:]
    )
    assert page.locator("#chart-dialogues .mark-rect path").count() >= 6  # a bar per dialogue
    assert page.evaluate("window.__cspViolations") == [] and problems == []
    _shoot(page, "profile-charts.png", "#cooperation", "#projects")
    _shoot(page, "profile-data.png", "#data", "#data")


def _x(page, chart, text):
    return page.evaluate(
        """([chart, text]) => {
            const texts = [...document.querySelectorAll(`#chart-${chart} svg text`)];
            const el = texts.find(t => t.textContent === text);
            const box = el.getBoundingClientRect();
            return box.left + box.width / 2;
        }""",
        [chart, text],
    )


@pytest.mark.parametrize(("prefix", "direction"), [("", "ltr"), ("/ar", "rtl")])
def test_charts_follow_the_direction_of_the_page(server, page, prefix, direction):
    problems = _open(page, server, prefix + "/dialogues/rabat-process/")
    assert page.evaluate("document.documentElement.dir") == direction
    figure = page.locator("#chart-chairs")
    assert figure.evaluate("e => getComputedStyle(e).direction") == direction
    # time runs from the reader's starting side: 2015 left of 2020 in English, right of it in Arabic
    earlier, later = _x(page, "chairs", "2015"), _x(page, "chairs", "2020")
    assert (earlier < later) if direction == "ltr" else (earlier > later)
    # the names of the chairs stand on the starting side, next to their bars
    holder = "المغرب" if direction == "rtl" else "Morocco"
    bars = page.locator("#chart-chairs .mark-rect path").first.bounding_box()
    name = _x(page, "chairs", holder)
    assert (name < bars["x"]) if direction == "ltr" else (name > bars["x"] + bars["width"])
    # the table twin reads in the page's direction, its numbers isolated
    figure.locator("details summary").click()
    table = figure.locator("table")
    assert table.is_visible() and table.evaluate("t => getComputedStyle(t).direction") == direction
    assert figure.locator("tbody bdi", has_text="2015").count() >= 1
    assert page.evaluate("window.__cspViolations") == [] and problems == []


def test_the_csv_link_downloads_the_table(server, page):
    _open(page, server, "/fr/dialogues/rabat-process/")
    with page.expect_download() as info:
        page.locator("#chart-chairs a", has_text="CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("migis-rabat-process-chairs-")
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8").read()
    rows = [line.split(",") for line in text.lstrip("\ufeff").splitlines()]
    assert text.startswith("\ufeff") and rows[0] == ["Présidence", "Rôle", "Depuis", "Jusqu'à"]
    table = page.locator("#chart-chairs tbody tr")
    assert len(rows) - 1 == table.count()  # the same rows as the table twin
