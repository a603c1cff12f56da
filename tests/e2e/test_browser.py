"""What a person sees in a real browser: the map, Malta's profile, Arabic RTL, restricted records."""

import os
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
# `make screenshots` refreshes the pictures in docs/; a plain test run keeps the work tree clean.
SCREENSHOTS = Path(os.environ.get("MIGIS_SCREENSHOTS_DIR") or tempfile.mkdtemp(prefix="migis-shots-"))


def _wait_for_map(page):
    page.wait_for_selector("#map[data-ready=true]", timeout=20000)


def test_map_draws_every_state_offline(server, page):
    external = []
    page.on("request", lambda r: None if r.url.startswith(server) else external.append(r.url))
    page.goto(server + "/")
    _wait_for_map(page)
    shapes = page.locator(".map-canvas path.country").count()
    linked = page.eval_on_selector_all(
        ".map-canvas [data-iso3]", "els => new Set(els.map(e => e.dataset.iso3)).size"
    )
    assert shapes >= 230 and linked >= 200
    assert (
        page.locator('.map-canvas [data-iso3="XKX"]').count() >= 1
    )  # Kosovo has no numeric id: matched by name
    assert page.locator('.map-canvas circle[data-iso3="MLT"]').count() == 1  # small states get a dot
    assert external == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map.png"))


def test_hover_shows_name_and_value(server, page):
    page.goto(server + "/?layer=dialogue&dialogue=rabat-process")
    _wait_for_map(page)
    page.hover('.map-canvas circle[data-iso3="MLT"]')
    tooltip = page.locator("#map .tooltip")
    assert tooltip.is_visible() and "Malta" in tooltip.inner_text()


def test_clicking_malta_opens_its_profile(server, page):
    page.goto(server + "/")
    _wait_for_map(page)
    page.click('.map-canvas circle[data-iso3="MLT"]')
    page.wait_for_url("**/countries/MLT/")
    assert page.locator("h1").inner_text() == "Malta"
    page.screenshot(path=str(SCREENSHOTS / "profile.png"), full_page=False)


def test_accessible_table_reaches_the_same_profiles(server, page):
    page.goto(server + "/")
    link = page.get_by_role("link", name="Malta", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/countries/MLT/")


def test_arabic_is_right_to_left_map_and_tables_included(server, page):
    page.goto(server + "/")
    page.get_by_role("link", name="العربيّة").click()
    page.wait_for_url(server + "/ar/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    _wait_for_map(page)
    assert page.evaluate("getComputedStyle(document.querySelector('.map-table table')).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('#map')).direction") == "rtl"
    page.screenshot(path=str(SCREENSHOTS / "map-ar.png"))
    page.goto(server + "/ar/countries/MLT/")
    assert page.locator("h1").inner_text() == "مالطة"
    page.get_by_role("link", name="Français").click()  # the same page in French
    page.wait_for_url(server + "/fr/countries/MLT/")
    assert page.locator("h1").inner_text() == "Malte"


def test_restricted_record_needs_an_official(server, page):
    page.goto(server + "/countries/MLT/")
    assert "E2ESECRET" not in page.content()
    page.goto(server + "/projects/e2e-restricted/")
    assert page.locator("h1").inner_text() != "E2ESECRET: Restricted e2e project"
    page.goto(server + "/accounts/login/?next=/countries/MLT/")
    page.fill("input[name=username]", "e2e-official")
    page.fill("input[name=password]", "e2e-Official-pw-1")
    page.click("form.login button[type=submit]")
    page.wait_for_url("**/countries/MLT/")
    assert "E2ESECRET" in page.content()
    page.goto(server + "/projects/e2e-restricted/")
    assert "Restricted e2e project" in page.locator("h1").inner_text()


def test_dialogue_page_has_a_small_map(server, page):
    page.goto(server + "/dialogues/rabat-process/")
    _wait_for_map(page)
    assert page.locator(".map-canvas [data-iso3]").count() > 50
    page.screenshot(path=str(SCREENSHOTS / "dialogue.png"))


def test_document_page_marks_and_links_its_mentions(server, page):
    page.goto(server + "/documents/icmpd-annual-report-2020/")
    marks = page.locator(".fulltext .mention")
    assert marks.count() > 100
    assert page.locator(".facts li").count() >= 3  # event facts stated in the report
    page.screenshot(path=str(SCREENSHOTS / "document.png"))
    page.locator('.fulltext a.mention.country[href="/countries/MLT/"]').first.click()
    page.wait_for_url("**/countries/MLT/")
    assert page.locator("#documents").is_visible()


def test_search_box_ranks_highlights_and_narrows(server, page):
    page.goto(server + "/")
    page.fill("#site-q", '"Rabat Process"')
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    hits = page.locator(".hits li.hit")
    assert hits.count() >= 2
    assert page.locator(".hits .snippet mark").first.inner_text().lower() in (
        "rabat",
        "process",
        "rabat process",
    )
    before = int(page.locator(".hits > p").first.inner_text().split()[0])
    # narrow to one state through its facet; the count drops or stays and every hit mentions it
    page.locator(".facets section", has_text="State").locator("a", has_text="Senegal").first.click()
    page.wait_for_url("**country=SEN*")
    after = int(page.locator(".hits > p").first.inner_text().split()[0])
    assert 1 <= after <= before
    page.screenshot(path=str(SCREENSHOTS / "search.png"))


# Every violation of the Content-Security-Policy, as the page itself sees it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""
CSP_PAGES = [
    "/",
    "/news/",
    "/fr/documents/?type=report",
    "/countries/MLT/",
    "/dialogues/rabat-process/",
    "/documents/",
    "/documents/icmpd-annual-report-2020/",
    "/search/?q=Malta",
    "/accounts/login/",
    "/admin/login/",
    "/api/docs",
    "/ar/",
]
CSP_ADMIN_PAGES = [
    "/admin/",
    "/admin/projects/project/",
    "/admin/documents/document/",
    "/admin/dialogues/dialogue/?q=rabat",
    "/admin/projects/project/add/",
    "/admin/dialogues/dialogue/add/",
]


def _visit_under_csp(page, server, paths):
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    external = []
    page.on("request", lambda r: None if r.url.startswith((server, "data:")) else external.append(r.url))
    page.add_init_script(CSP_LISTENER)
    found = {}
    for path in paths:
        response = page.goto(server + path)
        assert response.ok, (path, response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe" not in policy, (path, policy)
        page.wait_for_load_state("networkidle")
        if path.startswith("/api/docs"):
            page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
            page.locator(".swagger-ui .opblock-summary").first.click()  # open one operation
        elif page.locator("#map").count():
            _wait_for_map(page)
        page.wait_for_timeout(200)
        violations = page.evaluate("window.__cspViolations") + console
        console.clear()
        if violations:
            found[path] = violations
    assert not found, found
    assert not external, external


def test_public_pages_comply_with_the_content_security_policy(server, page):
    _visit_under_csp(page, server, CSP_PAGES)
    # the listener does catch what the policy forbids: an inline style attribute, an inline script
    page.evaluate(
        """document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        const s = document.createElement("script");
        s.textContent = "window.ran = 1";
        document.body.append(s);"""
    )
    page.wait_for_timeout(200)
    caught = " ".join(page.evaluate("window.__cspViolations"))
    assert "style-src" in caught and "script-src" in caught and page.evaluate("window.ran") is None


def test_back_office_complies_with_the_content_security_policy(server, page):
    page.goto(server + "/admin/login/?next=/admin/")
    page.fill("input[name=username]", "e2e-editor")
    page.fill("input[name=password]", "e2e-Editor-pw-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(server + "/admin/projects/project/")
    change = page.locator("#result_list th a").first.get_attribute("href")
    _visit_under_csp(page, server, [*CSP_ADMIN_PAGES, change])
