"""The linker: one Aho-Corasick automaton over every name (pyahocorasick), a single pass over the text.

Matching runs on a lower-cased, squeezed copy of the text (see text.py) with `iter_long`, which gives
the longest name at each place, so "Guinea-Bissau", "Equatorial Guinea" and "Papua New Guinea" are not
"Guinea" and "Democratic Republic of the Congo" is not "Congo". Each candidate is then checked:
- word boundaries: no letter or digit just before, no letter just after ("Niger" in "Nigeria" fails;
  a footnote digit after "Malta3" is allowed); an Arabic name may carry one attached proclitic
  (و and, ف so, ب in, ل to, ك like: "والمغرب");
- case: acronyms ("IOM") must match exactly; a capitalised name must start with a capital.
"""

from dataclasses import asdict, dataclass, field

import ahocorasick

from migis.ingest.linking import gazetteer, sdg
from migis.ingest.linking.text import lower_same_length, squeeze

TYPES = ("country", "region", "dialogue", "organisation", "project")
_PROCLITICS = set("وفبلك")


@dataclass
class Mention:
    type: str
    id: str
    text: str
    start: int
    end: int


@dataclass
class Result:
    mentions: list = field(default_factory=list)

    def ids(self, type_: str) -> list[str]:
        return sorted({m.id for m in self.mentions if m.type == type_})

    def as_dict(self) -> dict:
        return {
            "countries": self.ids("country"),
            "regions": self.ids("region"),
            "dialogues": self.ids("dialogue"),
            "organisations": self.ids("organisation"),
            "projects": self.ids("project"),
            "sdg_targets": sorted(self.ids("sdg_target"), key=_sdg_order),
            "mentions": [asdict(m) for m in self.mentions],
        }


def _sdg_order(code: str):
    goal, _, target = code.partition(".")
    return (int(goal), target.isalpha(), int(target) if target.isdigit() else target)


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


class Linker:
    def __init__(self, names: list | None = None, sdg_targets: set[str] | None = None):
        names = gazetteer.build() if names is None else names
        self.sdg_targets = _known_targets() if sdg_targets is None else sdg_targets
        by_key: dict[str, list] = {}
        for name in names:
            key = lower_same_length(name.text)
            entries = by_key.setdefault(key, [])
            if name not in entries:
                entries.append(name)
        self.automaton = ahocorasick.Automaton()
        for key, entries in by_key.items():
            self.automaton.add_word(key, (len(key), tuple(entries)))
        self.automaton.make_automaton()

    def link(self, text: str) -> Result:
        squeezed = squeeze(text)
        norm = squeezed.text
        lowered = lower_same_length(norm)
        mentions = []
        n = len(norm)
        for end, (length, entries) in self.automaton.iter_long(lowered):
            start = end - length + 1
            after = norm[end + 1] if end + 1 < n else " "
            if after.isalpha():
                continue
            if start > 0 and _is_word(norm[start - 1]):
                before = norm[start - 1]
                if not (before in _PROCLITICS and (start < 2 or not _is_word(norm[start - 2]))):
                    continue
            surface = norm[start : end + 1]
            for name in entries:
                if name.exact:
                    if surface != name.text:
                        continue
                elif name.text[0].isupper() and not surface[0].isupper():
                    continue
                o_start, o_end = squeezed.original(start), squeezed.original(end) + 1
                mentions.append(Mention(name.type, name.id, text[o_start:o_end], o_start, o_end))
        for start, end, code in sdg.find(norm, self.sdg_targets):
            o_start, o_end = squeezed.original(start), squeezed.original(end - 1) + 1
            mentions.append(Mention("sdg_target", code, text[o_start:o_end], o_start, o_end))
        mentions.sort(key=lambda m: (m.start, m.end))
        return Result(mentions)


def _known_targets() -> set[str]:
    data = gazetteer.read(gazetteer.DATA / "sdg.yaml")
    return {str(t["code"]) for goal in data.get("goals", []) for t in goal.get("targets", [])}
