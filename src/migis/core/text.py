"""Plain text from the Markdown-like text that reports and the corpus arrive in, for passages, quotes,
snippets and titles: markup symbols and tags dropped, their words kept."""

import re

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_LINE_START = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S)|\|)", re.MULTILINE)
_TABLE_RULE = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)


def plain_text(text: str) -> str:
    """Markdown-like text as clean text on one line, for passages, snippets and titles: markup symbols
    and tags dropped, their words kept (`## **A. Activities**` -> `A. Activities`, `3<sup>rd</sup>` ->
    `3rd`, table cells separated by spaces)."""
    text = _TABLE_RULE.sub(" ", text)
    text = _RULE.sub(" ", text)
    text = _TAG.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _LINE_START.sub("", text)
    for _ in range(2):  # ***bold italic*** and nested **_x_**
        text = EMPHASIS.sub(r"\2", text)
    text = re.sub(r"\*{2,}", "", text).replace("|", " ").replace("\\", "")
    return " ".join(text.split())
