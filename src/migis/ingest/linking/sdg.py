"""SDG targets and goals named in text: "target 10.7", "targets 17.16 and 17.17", "[5.2, 8.7, 16.2]",
"SDG 11", "SDG target 10.c", "cible 10.7", "الهدف 10", "المقصد 10 (ب)". Codes are checked against the
known targets.

The linker's automaton finds the keywords (KEYWORDS) in its single pass; `match_at` then reads the
codes that follow each one, so the text is not scanned a second time.
"""

import re
from operator import itemgetter

# Arabic SDG texts letter the means-of-implementation targets in abjad order: "10 (ب)" is 10.b ("10 (أ)"
# or "10 (ا)" is 10.a).
_ARABIC_LETTERS = dict(zip("اأبجدهوز", "aabcdefg", strict=True))
_CODE = r"(?:\d{1,2}\.(?:\d{1,2}|[a-g])(?!\d|\.\d)|\d{1,2}\s*\(\s*[اأبجدهوز]\s*\))"
# Codes in a list may each carry a short gloss: "cibles 1.1 (éradication de la pauvreté) et 1.3".
_SEP = r"(?:\s*\([^()]{1,80}\))?\s*(?:,|and|et|&|و|-|–|to|à)\s*"
_LIST = rf"{_CODE}(?:{_SEP}{_CODE})*"
_GOAL_LIST = r"\d{1,2}(?:\s*(?:,|and|et|&|و)\s*\d{1,2}(?![\d.,]\d))*"
_PATTERN = re.compile(
    r"(?P<kw>SDG|ODD|[Tt]arget|TARGET|[Cc]ible|CIBLE|[Gg]oal|GOAL|[Oo]bjectif|OBJECTIF"
    r"|الغاية|الغايات|المقصد|المقاصد|الهدف)[sS]?"
    r"(?:\s*\((?:SDG|ODD)[sS]?\))?"  # "Sustainable Development Goal (SDG) 8"
    r"(?:\s+(?:[Tt]arget|[Cc]ible)s?)?\s*"
    rf"(?:(?P<list>{_LIST})|(?P<goal>{_GOAL_LIST})(?![\d.,]\d))"
    rf"|\[(?P<brackets>{_LIST})\]"
)
_ONE = re.compile(_CODE)
_NUMBER = re.compile(r"\d{1,2}")
_RANGE = re.compile(r"\s*(?:-|–|to|à)\s*")
_START = itemgetter(0)
_GOAL_WORDS = {"SDG", "ODD", "Goal", "goal", "GOAL", "Objectif", "objectif", "OBJECTIF", "الهدف"}


KEYWORDS = [
    form
    for word in ("SDG", "ODD", "target", "cible", "goal", "objectif")
    for form in {
        word,
        word + "s",
        word.capitalize(),
        word.capitalize() + "s",
        word.upper(),
        word.upper() + "S",
    }
] + ["الغاية", "الغايات", "المقصد", "المقاصد", "الهدف", "["]


def may_follow(text: str, start: int, end: int) -> bool:
    """Whether the keyword at `start`-`end` may start a phrase of codes, by what the pattern needs next:
    after "[" one or two digits and ".", "(" or a space ("[5.2, 8.7]", not the note "[29]"); after a
    word (and a plural "s"), past any spaces, a digit, "(" ("Goal (SDG) 8") or "target"/"cible" ("SDG
    target 10.7"), not another word ("targets of", "targeted"). A test that spares running the pattern,
    slow in a cache the scan has just filled, after most keywords that name nothing."""
    n = len(text)
    if text[start] == "[":
        i = end + 1 if end + 1 < n and text[end].isdigit() and text[end + 1].isdigit() else end
        return i + 1 < n and text[i].isdigit() and (text[i + 1] in ".(" or text[i + 1].isspace())
    if end < n and text[end] in "sS":
        end += 1
    while end < n and text[end].isspace():
        end += 1
    return end < n and (text[end].isdigit() or text[end] in "(TtCc")


def match_at(text: str, pos: int, known_targets: set[str]) -> tuple[list[tuple[int, int, str]], int]:
    """(start, end, code) of the targets or goals named by the keyword at `pos` (goals as "11"), and where
    the phrase ends (a keyword inside it, "SDG target 10.7", is not read again)."""
    m = _PATTERN.match(text, pos)
    if m is None:
        return [], pos
    return _codes(m, known_targets), m.end()


def _codes(m, known_targets: set[str]) -> list[tuple[int, int, str]]:
    group = m.lastgroup  # "list", "goal" or "brackets": the phrase after the keyword
    phrase, offset = m.group(group), m.start(group)
    if group == "goal":
        if m.group("kw") not in _GOAL_WORDS:
            return []
        return [
            (offset + g.start(), offset + g.end(), str(int(g.group())))
            for g in _NUMBER.finditer(phrase)
            if 1 <= int(g.group()) <= 17
        ]
    # One code, the usual case: digits and one dot can be nothing else (codes of a list are separated).
    # A test of the string, as a pattern run now would find its code out of the processor's caches.
    if phrase.replace(".", "", 1).isdigit():
        return [(offset, offset + len(phrase), phrase)] if phrase in known_targets else []
    found = []
    codes = list(_ONE.finditer(phrase))
    for i, code in enumerate(codes):
        start, text = offset + code.start(), code.group()
        name = _code_name(text)
        if name in known_targets:
            found.append((start, start + len(text), name))
        if i and _RANGE.fullmatch(phrase, codes[i - 1].end(), code.start()):
            span = (offset + codes[i - 1].start(), start + len(text))
            found += _range(codes[i - 1].group(), text, known_targets, span)
    return sorted(found, key=_START)  # in text order: a range "17.16-17.18" gives 17.17 at 17.16


def _code_name(code: str) -> str:
    """ "10.7" as it is; "10 (ب)" as "10.b"."""
    if "(" not in code:
        return code
    goal, letter = re.match(r"\d+", code), re.search("[اأبجدهوز]", code)
    if goal is None or letter is None:  # not a code the SDG pattern found
        return code
    return f"{goal.group()}.{_ARABIC_LETTERS[letter.group()]}"


def _range(first: str, last: str, known: set[str], span: tuple[int, int]) -> list[tuple[int, int, str]]:
    """The targets strictly between two numbered targets of one goal ("17.16-17.18" gives 17.17), each
    with the span of the whole range."""
    goal, _, a = first.partition(".")
    goal2, _, b = last.partition(".")
    if goal != goal2 or not (a.isdigit() and b.isdigit()):
        return []
    between = [f"{goal}.{i}" for i in range(int(a) + 1, int(b))]
    return [(*span, code) for code in between if code in known]
