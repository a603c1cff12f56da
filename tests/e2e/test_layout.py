"""Layout at the widths people use: nothing overflows sideways on a phone (390 px), and the header holds
on one line at 1280 px in every language, signed in or not."""

import pytest

from tests.e2e.test_browser import SCREENSHOTS

PAGES = [
    "/",
    "/countries/",
    "/countries/MLT/",
    "/dialogues/",
    "/dialogues/rabat-process/",
    "/projects/",
    "/events/",
    "/organisations/icmpd/",
    "/documents/",
    "/documents/icmpd-annual-report-2020/",
    "/news/",
    "/search/?q=Malta",
    "/about/",
    "/accounts/login/",
]

pytestmark = pytest.mark.e2e


def overflow(page) -> list[str]:
    """What sticks out to the side: the page's width beyond the window, and the widest culprits."""
    return page.evaluate(
        """() => {
        const w = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= w) return [];
        return [...document.querySelectorAll("body *")]
          .filter(e => e.getBoundingClientRect().right > w + 1 || e.getBoundingClientRect().left < -1)
          .filter(e => getComputedStyle(e).position !== "absolute")
          .slice(0, 5)
          .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
        }"""
    )


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_nothing_overflows_sideways_on_a_phone(server, browser, prefix):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(server + prefix + path)
        page.wait_for_load_state("networkidle")
        if culprits := overflow(page):
            found[prefix + path] = culprits
    if not prefix:
        page.goto(server + "/countries/MLT/")
        page.screenshot(path=str(SCREENSHOTS / "phone-profile.png"), full_page=False)
    context.close()
    assert not found, found


def header_rows(page) -> int:
    """How many lines the header's items take: items on one line share their vertical middle."""
    middles = page.evaluate(
        """() => [...document.querySelectorAll(
                "header.site > *, header.site nav > *, header.site .tools > *")]
            .filter(e => e.offsetParent !== null)
            .map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })"""
    )
    rows: list[float] = []
    for middle in sorted(middles):
        if not rows or middle - rows[-1] > 12:
            rows.append(middle)
    return len(rows)


@pytest.mark.parametrize("prefix", ["", "/fr", "/ar"])
def test_the_header_holds_on_one_line_at_1280_px(server, browser, prefix):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server + prefix + "/")
    assert header_rows(page) == 1, prefix
    page.goto(server + prefix + "/accounts/login/")
    page.fill("input[name=username]", "e2e-official")
    page.fill("input[name=password]", "e2e-Official-pw-1")
    page.click("form.login button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("header.site details.user summary").inner_text() == "e2e-official"
    page.locator("header.site details.user summary").click()  # the menu opens over the page
    assert page.locator("header.site details.user button[type=submit]").is_visible()
    page.locator("header.site details.user summary").click()
    assert header_rows(page) == 1, f"{prefix} signed in"
    context.close()
