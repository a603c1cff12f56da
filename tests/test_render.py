"""Document text as readers see it: Markdown rendered and sanitized, mentions marked at their offsets,
headings with anchors for the table of contents, passages and snippets as plain text."""

import re

import pytest

from migis.core.text import plain_text
from migis.documents.render import OUTLINE_MAX, outline, plain_html, render


def mention(text: str, name: str, nth: int = 0, **extra) -> dict:
    start = [m.start() for m in re.finditer(re.escape(name), text)][nth]
    base = {
        "type": "country",
        "id": "MLT",
        "url": "/countries/MLT/",
        "start": start,
        "end": start + len(name),
    }
    return base | extra


def marked(html: str) -> list[str]:
    """The labels of the marks, in order."""
    return re.findall(r'class="mention [a-z_]+"[^>]*>([^<]*)<', html)


def test_markdown_structure_is_rendered():
    text = (
        "# Report\n\n## **A. ICMPD activities**\n\n"
        "In the 3<sup>rd</sup> year, *many* states.  \nNext line\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n| state | n |\n|---|---|\n| Malta | 2 |\n"
    )
    html = str(render(text, 0, []))
    assert "<h2" in html and "Report</h2>" in html  # '#' sits under the page's own <h1>
    assert "<h3" in html and "<strong>A. ICMPD activities</strong></h3>" in html
    assert "3<sup>rd</sup>" in html and "<em>many</em>" in html and "<br>" in html
    assert "<ul>" in html and "<ol>" in html and "<td>Malta</td>" in html
    assert "#" not in html and "**" not in html and "|" not in html


def test_indented_text_is_not_a_code_block():
    html = str(render("Para one\n\n        indented line taken from a PDF\n", 0, []))
    assert "<pre>" not in html and "<code>" not in html and "indented line" in html


def test_mentions_are_marked_at_their_offsets_in_every_context():
    text = "## Malta and Tunisia\n\nThe **Rabat Process** met in *Malta*.\n\n- Malta\n\n"
    text += "| Malta | 2 |\n|---|---|\n"
    mentions = [
        mention(text, "Malta", 0),
        mention(text, "Tunisia", type="country", id="TUN", url="/countries/TUN/"),
        mention(text, "Rabat Process", type="dialogue", id="rabat-process", url="/dialogues/rabat-process/"),
        mention(text, "Malta", 1),
        mention(text, "Malta", 2),
        mention(text, "Malta", 3),
    ]
    html = str(render(text, 0, mentions))
    assert marked(html) == ["Malta", "Tunisia", "Rabat Process", "Malta", "Malta", "Malta"]
    assert '<a class="mention dialogue" href="/dialogues/rabat-process/" title="rabat-process">' in html


def test_offsets_are_relative_to_the_part():
    text = "…earlier text. Here Malta is named."
    m = mention(text, "Malta")
    html = str(render(text, 5000, [dict(m, start=m["start"] + 5000, end=m["end"] + 5000)]))
    assert marked(html) == ["Malta"]


def test_a_hidden_record_keeps_its_text_and_loses_its_link_and_id():
    text = "A project named Secret Plan in Malta."
    hidden = mention(text, "Secret Plan", type="project", id=None, url=None)
    html = str(render(text, 0, [hidden]))
    assert '<mark class="mention project">Secret Plan</mark>' in html
    assert "title=" not in html and "href" not in html


def test_nested_and_out_of_part_mentions_are_skipped():
    text = "The Rabat Process met."
    outer = mention(text, "Rabat Process", type="dialogue", id="rabat-process", url="/d/")
    inner = mention(text, "Rabat", type="country", id="MAR", url="/c/")  # a city inside a name
    beyond = {"type": "country", "id": "MLT", "url": "/c/", "start": 500, "end": 505}
    assert marked(str(render(text, 0, [outer, inner, beyond]))) == ["Rabat Process"]


def test_a_mention_cut_by_markup_keeps_its_text_and_the_html_stays_well_formed():
    text = "The **Rabat** Process met."
    cut = {
        "type": "dialogue",
        "id": "rabat-process",
        "url": "/d/",
        "start": 4,
        "end": 19,
    }  # '**Rabat** Process'
    html = str(render(text, 0, [cut]))
    assert "Rabat</strong> Process" in html and "mention" not in html
    assert not re.search("[\ue000-\ue0ff]", html)


def test_hostile_markup_is_removed_and_marks_never_reach_attributes():
    text = (
        'Malta <script>alert(1)</script><img src=x onerror="alert(2)"> [click](javascript:alert(3)) '
        '[site](https://example.org/Malta) <a href="https://example.org" onclick="x()">Malta</a> '
        '<iframe src="https://example.org"></iframe><style>body{}</style>'
    )
    mentions = [mention(text, "Malta", i) for i in range(3)]
    html = str(render(text, 0, mentions))
    for bad in ("<script", "alert(1)", "<img", "onerror", 'href="javascript', "onclick", "<iframe", "<style"):
        assert bad not in html
    assert 'href="https://example.org/Malta"' in html  # a mention in an address leaves it intact
    assert not re.search("[\ue000-\ue0ff]|%EE%80", html, re.IGNORECASE)
    # a mention inside a link is marked, not linked: no link inside a link
    assert re.search(
        r'<a href="https://example.org"[^>]*><mark class="mention country" title="MLT">Malta</mark></a>', html
    )
    assert html.count('<a class="mention') == 1


def test_headings_get_the_anchors_of_the_outline():
    text = "Intro\n\n## **A. First**\n\ntext\n\n### Malta 2011 ###\n\nmore\n"
    headings = outline(text)
    assert [(h["level"], h["text"]) for h in headings] == [(2, "A. First"), (3, "Malta 2011")]
    assert text[headings[0]["start"] :].startswith("## **A. First**")
    html = str(render(text, 0, [mention(text, "Malta")], headings))
    for h in headings:
        assert f'id="h-{h["start"]}"' in html
    assert marked(html) == ["Malta"]  # a mention at the start of a heading keeps both


def test_outline_is_bounded_and_skips_empty_headings():
    text = "".join(f"## Heading {i}\n\ntext\n\n" for i in range(OUTLINE_MAX + 50)) + "##   \n"
    found = outline(text)
    assert len(found) == OUTLINE_MAX and found[-1]["text"] == f"Heading {OUTLINE_MAX - 1}"
    assert outline("#hashtag is not a heading\n#\n") == []


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("## **A. ICMPD activities…**", "A. ICMPD activities…"),
        ("3<sup>rd</sup> meeting", "3rd meeting"),
        ("| Malta | 2 |\n|---|---|\n| Tunisia | 3 |", "Malta 2 Tunisia 3"),
        ("- one\n- **two**", "one two"),
        ("***very*** _x_ __y__", "very _x_ y"),
        ("Kosovo* and Serbia", "Kosovo* and Serbia"),
        ("see [the site](https://example.org)", "see the site"),
        ("cut in a passage** here", "cut in a passage here"),
        ("> quoted\n---\nafter", "quoted after"),
    ],
)
def test_plain_text(raw, clean):
    assert plain_text(raw) == clean


def test_plain_snippets_keep_their_marks_and_escaping():
    snippet = (
        "**<mark>Rabat</mark> Process** met in Kosovo* &lt;sup&gt;2&lt;/sup&gt; and &lt;script&gt; ## x |"
    )
    assert str(plain_html(snippet)) == "<mark>Rabat</mark> Process met in Kosovo* 2 and &lt;script&gt; x"


# --- the document page ------------------------------------------------------------------------------------


@pytest.fixture
def long_report(db):
    from migis.documents.services import PART_CHARS
    from migis.ingest.pipeline import ingest_text

    section = "Malta and Tunisia met in the **Rabat Process**. " * (PART_CHARS // 100)
    text = "".join(f"## **Chapter {i}**\n\n{section}\n\n### Part {i}.1\n\n{section}\n\n" for i in range(1, 4))
    outcome = ingest_text(text, source="report.md", title="A long report", kind="report")
    assert outcome.status == "created"
    return outcome.document


def test_a_long_document_has_contents_that_lead_to_every_heading(long_report):
    from tests.conftest import client_for

    expected = [title for i in range(1, 4) for title in (f"Chapter {i}", f"Part {i}.1")]
    assert [h["text"] for h in long_report.outline] == expected
    client = client_for()
    html = client.get(f"/documents/{long_report.key}/").content.decode()
    toc = html.split('<nav class="toc"')[1].split("</nav>")[0]
    links = re.findall(r'<a href="([^"]+)"', toc)
    assert len(links) == len(long_report.outline) == 6
    for h, link in zip(long_report.outline, links, strict=True):
        address = link.split("#")[0]
        page = html if not address else client.get(f"/documents/{long_report.key}/{address}").content.decode()
        assert f'id="h-{h["start"]}"' in page, (h, link)  # the heading is on the page the link opens
    assert "**" not in html and "## " not in html and "<h3" in html
    # marks sit on the names, in the rendered text
    assert set(marked(html)) == {"Malta", "Tunisia", "Rabat Process"}


def test_passages_and_facts_are_plain_text(db):
    from migis.ingest.pipeline import ingest_text
    from tests.conftest import client_for

    text = "## **News from Malta**\n\nThe **Rabat Process** met in **Valletta, Malta** on 3<sup>rd</sup> May."
    ingest_text(text, source="news.md", title="News", kind="news")
    for url in ("/countries/MLT/", "/dialogues/rabat-process/"):
        html = client_for().get(url).content.decode()
        assert "News from Malta" in html or "Rabat Process met" in html
        assert "**" not in html and "&lt;sup&gt;" not in html, url
    body = client_for().get("/api/countries/MLT").json()
    passages = [d["passage"] for d in body["mentioned_in"]]
    assert passages and not any("**" in p or "<sup>" in p for p in passages)


def test_the_headings_follow_every_write_of_the_text(db):
    from migis.documents.models import Document

    document = Document.objects.create(key="notes", title="Notes", text="## First\n\ntext")
    assert [h["text"] for h in Document.objects.get(pk=document.pk).outline] == ["First"]
    document.text = "## First\n\n## Second\n"
    document.save(update_fields=["text"])
    stored = Document.objects.get(pk=document.pk)
    assert [h["text"] for h in stored.outline] == ["First", "Second"] and stored.length == len(document.text)
    stored.visibility = "restricted"
    stored.save(update_fields=["visibility"])  # other fields: the headings stay as they are
    assert Document.objects.get(pk=document.pk).outline == stored.outline
