"""Right to left done right: in Arabic pages, every text of the other direction (an English title, an
acronym, a passage) is isolated, so that its punctuation stays where it belongs."""

import pytest

pytestmark = pytest.mark.e2e

PAGES = [
    "/ar/projects/",
    "/ar/events/",
    "/ar/documents/",
    "/ar/news/",
    "/ar/dialogues/",
    "/ar/dialogues/rabat-process/",
    "/ar/countries/MLT/",
    "/ar/organisations/",
    "/ar/organisations/icmpd/",
    "/ar/search/?q=Malta",
]

# Elements whose own text starts with a Latin letter but are laid out right to left: their text is not
# isolated (a trailing full stop or bracket would jump to the other end).
UNISOLATED = """() => {
  const latin = /^[\\s\\d(«"'“]*[A-Za-z\\u00C0-\\u024F]/;
  const out = [];
  const kinds = "a, td, th, li, q, blockquote, p, h1, summary".split(", ").map(k => `main ${k}`).join(", ");
  for (const e of document.querySelectorAll(kinds)) {
    const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim();
    const text = own || (e.children.length === 0 ? e.textContent.trim() : "");
    if (!text || !latin.test(text)) continue;
    if (getComputedStyle(e).direction !== "rtl") continue;
    let isolated = false;
    for (let a = e; a && a.tagName !== "MAIN"; a = a.parentElement) {
      const bidi = getComputedStyle(a).unicodeBidi;
      const marked = ["auto", "ltr"].includes(a.getAttribute("dir")) || a.tagName === "BDI";
      if (marked || ["plaintext", "isolate"].includes(bidi)) { isolated = true; break; }
    }
    if (!isolated) out.push(`${e.tagName.toLowerCase()}: ${text.slice(0, 50)}`);
  }
  return out.slice(0, 8);
}"""


def test_latin_text_in_arabic_pages_is_isolated(server, page):
    page.goto(server + "/ar/countries/MLT/")
    # the rule holds where it matters: an English title ending in a full stop keeps it at its end
    page.evaluate("""() => { const p = document.createElement("p"); p.id = "probe";
        p.textContent = "Joint Valletta Action Plan."; document.querySelector("main").append(p); }""")
    # where the full stop is drawn: after the last word (to its right), not before the first
    first, stop = page.evaluate("""() => { const t = document.getElementById("probe").firstChild;
        const at = i => { const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1);
                          return r.getBoundingClientRect().left; };
        return [at(0), at(t.length - 1)]; }""")
    assert stop > first
    found = {}
    for path in PAGES:
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        if bad := page.evaluate(UNISOLATED):
            found[path] = bad
    assert not found, found
