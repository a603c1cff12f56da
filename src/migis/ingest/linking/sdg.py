"""SDG targets and goals named in text: "target 10.7", "targets 17.16 and 17.17", "[5.2, 8.7, 16.2]",
"SDG 11", "SDG target 10.c", "cible 10.7", "الهدف 10". Codes are checked against the known targets."""

import re

_CODE = r"\d{1,2}\.(?:\d{1,2}|[a-g])"
_LIST = rf"{_CODE}(?:\s*(?:,|and|et|&|و)\s*{_CODE})*"
_TARGETS = re.compile(
    rf"(?:\b(?:SDG\s+)?[Tt]argets?|\bcibles?|\bSDG|\bODD|الغاية|الغايات)\s*(?P<list>{_LIST})"
    rf"|\[(?P<brackets>{_LIST})\]"
)
_GOALS = re.compile(
    r"\b(?:SDGs?|ODD|[Gg]oals?|[Oo]bjectifs?)\s+(?P<goal>\d{1,2})\b(?![.,]?\d)|الهدف\s+(?P<ar>\d{1,2})"
)
_ONE = re.compile(_CODE)


def find(text: str, known_targets: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, code) for every SDG target or goal mentioned; goals as their number ("11")."""
    found = []
    for m in _TARGETS.finditer(text):
        group = "list" if m.group("list") else "brackets"
        for code in _ONE.finditer(m.group(group)):
            if code.group() in known_targets:
                start = m.start(group) + code.start()
                found.append((start, start + len(code.group()), code.group()))
    for m in _GOALS.finditer(text):
        group = "goal" if m.group("goal") else "ar"
        if 1 <= int(m.group(group)) <= 17:
            found.append((m.start(group), m.end(group), str(int(m.group(group)))))
    return found
