"""The linker: Aho-Corasick automata over every name (ahocorasick_rs, leftmost-longest), one pass over the
text for the names in Latin script and, only on a text holding Arabic letters, one for the names in
Arabic script (see _Scanner); their matches are merged as one automaton would give them.

Matching runs on a squeezed copy of the text (see text.py); leftmost-longest matching gives the longest
name at each place, so "Guinea-Bissau", "Equatorial Guinea" and "Papua New Guinea" are not "Guinea" and
"Democratic Republic of the Congo" is not "Congo". Names are stored in the case forms text uses (see
case_variants), acronyms only as written, so "IOM" is not "iom" and
"turkey" the bird is not Türkiye. Each candidate is then checked for word boundaries: no letter or digit
just before, no letter just after ("Niger" in "Nigeria" fails; a footnote digit after "Malta3" is
allowed); an Arabic name may carry an attached proclitic (و and, ف so, ب in, ل to, ك like: "والمغرب"), or
two ("وبتونس"); an Arabic state name ending in يا that follows a number, or an accusative noun after a
number, is the demonym spelt alike and no match ("66 غينيا", "171 مهاجرا نيجيريا": 66 Guineans, 171
Nigerian migrants; see _Scanner).
"""

import gc
import heapq
import re
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

import ahocorasick_rs

from migis.ingest.linking import gazetteer, sdg
from migis.ingest.linking.text import squeeze

TYPES = ("country", "region", "dialogue", "organisation", "project")
_PROCLITICS = set("وفبلك")
SDG_KEYWORD = gazetteer.Name("", "sdg_keyword", "")


class Mention(NamedTuple):
    type: str
    id: str
    text: str
    start: int
    end: int


# Mentions are made by the thousand: building the tuple directly skips NamedTuple's argument handling.
_new = tuple.__new__


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
            "mentions": [m._asdict() for m in self.mentions],
        }


def _sdg_order(code: str):
    """Goal, then its numbered targets, then its lettered ones: 10, 10.1, ..., 10.10, 10.a."""
    goal, _, target = code.partition(".")
    return (
        int(goal),
        0 if not target else 1 if target.isdigit() else 2,
        int(target) if target.isdigit() else 0,
        target,
    )


# Words a heading leaves in lower case ("Commission de l'Union Africaine", "Ministry of the Interior").
_SMALL_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"} | {
    "à",
    "au",
    "aux",
    "d'",
    "de",
    "des",
    "du",
    "en",
    "et",
    "l'",
    "la",
    "le",
    "les",
    "pour",
    "sur",
}


def case_variants(name: str, lower_first: bool = False) -> set[str]:
    """How a name appears in running text and headings: as curated, capitalised, in capitals, in title case
    (every word, or all but the small words), and, with `lower_first`, a lower-case first word where a
    small word follows it and a later word is capitalised ("processus de Khartoum", not "budapest
    Process"). Matching on these instead of lower-casing the text keeps acronyms exact and skips a pass
    over it."""
    words = name.split(" ")
    out = {name, name.upper(), name[:1].upper() + name[1:]}
    out.add(" ".join(w[:1].upper() + w[1:] for w in words))
    out.add(" ".join(words[:1] + [_headline(w) for w in words[1:]]))
    if (
        lower_first
        and len(words) > 2
        and words[1] in _SMALL_WORDS
        and any(w[:1].isupper() for w in words[2:])
    ):
        out.add(name[:1].lower() + name[1:])
    return out


def _headline(word: str) -> str:
    if word in _SMALL_WORDS:
        return word
    if word[:2] in ("l'", "d'") and len(word) > 2:
        return word[:2] + word[2:3].upper() + word[3:]
    return word[:1].upper() + word[1:]


class Linker:
    def __init__(self, names: list | None = None, sdg_targets: set[str] | None = None):
        names = gazetteer.build() if names is None else names
        self.sdg_targets = _known_targets() if sdg_targets is None else sdg_targets
        by_key: dict[str, list] = {}
        for name in names:
            # Only dialogue and organisation names start with a common noun written in lower case in
            # running French text; for states and regions ("republic of", "western") such keys would add
            # nothing but slow the scan (every "the", "central" would start a candidate).
            lower_first = name.type in ("dialogue", "organisation")
            for key in [name.text] if name.exact else case_variants(name.text, lower_first):
                entries = by_key.setdefault(key, [])
                if name not in entries:
                    entries.append(name)
        for keyword in sdg.KEYWORDS:
            by_key.setdefault(keyword, []).append(SDG_KEYWORD)
        self.keys = sorted(by_key, key=gazetteer.is_arabic)  # Latin script first (see _Scanner)
        # Per key: the (type, id) pairs it names, each once (two spellings of a name can give one key:
        # "Guinée Équatoriale" is also the headline form of "Guinée équatoriale"; none for a phrase that is
        # not a name), or None for an SDG keyword; whether it is an acronym; whether it holds a project
        # title, inside which other names still count ("EUROMED Migration IV" names a project and the
        # dialogue EUROMED Migration).
        self.targets = [
            None
            if by_key[k][0] is SDG_KEYWORD
            else tuple(dict.fromkeys((e.type, e.id) for e in by_key[k] if e.type != "none"))
            for k in self.keys
        ]
        self.acronym = [any(e.exact for e in by_key[k]) for k in self.keys]
        self.nesting = [any(e.type == "project" and not e.exact for e in by_key[k]) for k in self.keys]
        self.scanner = _Scanner(self.keys, _nisba(self.keys, self.targets))
        # Two-word region names ("West Africa", "Afrique centrale") for "West and Central Africa".
        self.regions = {n.text.lower(): n.id for n in names if n.type == "region" and n.text.count(" ") == 1}
        self.pairs = _pairs(self.regions)
        # The names inside each project title, found once here: (type, id, start, end) within the key.
        inner = self._without_project_titles()
        self.nested = [
            tuple((m.type, m.id, m.start, m.end) for m in inner.link(key).mentions) if nesting else ()
            for key, nesting in zip(self.keys, self.nesting, strict=True)
        ]
        self.plain, self.after_rules = _rules(self.keys, self.targets, self.acronym, self.nested)
        # The gazetteer lives as long as the process: keep its many small objects out of the garbage
        # collector's way (each collection would otherwise walk them all; linking makes many objects).
        gc.freeze()

    def _without_project_titles(self) -> "Linker":
        """The same linker minus project titles, for reading inside a project title."""
        inner = Linker.__new__(Linker)
        keep = [i for i, nesting in enumerate(self.nesting) if not nesting]
        inner.keys = [self.keys[i] for i in keep]
        inner.targets = [self.targets[i] for i in keep]
        inner.acronym = [self.acronym[i] for i in keep]
        inner.nesting = [False] * len(keep)
        inner.sdg_targets = self.sdg_targets
        inner.scanner = _Scanner(inner.keys, _nisba(inner.keys, inner.targets))
        inner.nested = [()] * len(keep)
        inner.plain, inner.after_rules = _rules(inner.keys, inner.targets, inner.acronym, inner.nested)
        inner.regions, inner.pairs = self.regions, self.pairs
        return inner

    def link(self, text: str) -> Result:
        squeezed = squeeze(text)
        norm = squeezed.text
        n = len(norm)
        mentions: list[Mention] = []
        append = mentions.append
        plain, after_rules, new, mention = self.plain, self.after_rules, _new, Mention
        # Offsets move by a constant between two squeezed-out spots; matches come in text order, so
        # `shift` only has to follow them forward (no search per match).
        breaks = squeezed.breaks()
        shift, next_break, k = 0, breaks[0][0] if breaks else n + 1, 0
        sdg_until = 0
        # Once per match (about ten per kilobyte), so the usual case costs least: a space on either side
        # spares the boundary methods; a name of one record is one tuple, the rest is left to methods.
        for index, start, stop in self.scanner.find(norm):
            if start:
                before = norm[start - 1]
                if before != " " and (before.isalnum() or before == "_") and _inside_word(norm, start):
                    continue
            if stop < n:
                after = norm[stop]
                if after != " " and after.isalnum() and _glued(after_rules[index], after):
                    continue
            while start >= next_break:
                shift = breaks[k][1]
                k += 1
                next_break = breaks[k][0] if k < len(breaks) else n + 1
            o_start = start + shift
            o_end = squeezed.original(stop - 1) + 1 if stop > next_break else stop + shift
            single = plain[index]
            if single is not None:
                surface = single[2]  # the key itself, where the text cannot differ from it
                if surface is None or o_end - o_start != stop - start:
                    surface = text[o_start:o_end]
                append(new(mention, (single[0], single[1], surface, o_start, o_end)))
                if single[0] == "region" and (
                    norm.endswith(_AND, 0, start) or norm.startswith(_ET, stop) or norm[start - 1] == "و"
                ):
                    self._add_coordinated(mentions, text, squeezed, start, stop)
            elif after_rules[index] == _NO_CHECK:  # an SDG keyword: read the codes that follow it
                if start >= sdg_until and sdg.may_follow(norm, start, stop):
                    found, sdg_until = self._sdg_targets(text, squeezed, start)
                    mentions += found
            elif self.targets[index]:  # (none for a phrase that is not a name)
                mentions += self._records(text, squeezed, index, start, stop)
        return Result(mentions)  # in text order: matches come left to right, SDG codes follow their keyword

    def _sdg_targets(self, text: str, squeezed, start: int) -> tuple[list, int]:
        """The mentions of the SDG targets named by the keyword at `start`, and where their phrase ends."""
        codes, until = sdg.match_at(squeezed.text, start, self.sdg_targets)
        out = []
        for s_start, s_end, code in codes:
            o_start, o_end = squeezed.original(s_start), squeezed.original(s_end - 1) + 1
            out.append(_new(Mention, ("sdg_target", code, text[o_start:o_end], o_start, o_end)))
        return out, until

    def _records(self, text: str, squeezed, index: int, start: int, stop: int) -> list:
        """The mentions of a name of several records or of a project title (and the names inside it), at
        `start`-`stop` in the squeezed text."""
        norm = squeezed.text
        o_start, o_end = squeezed.original(start), squeezed.original(stop - 1) + 1
        surface = text[o_start:o_end]
        out = []
        for type_, id_ in self.targets[index] or ():  # called for keys that name records
            out.append(_new(Mention, (type_, id_, surface, o_start, o_end)))
            if type_ == "region" and (
                norm.endswith(_AND, 0, start) or norm.startswith(_ET, stop) or norm[start - 1] == "و"
            ):
                self._add_coordinated(out, text, squeezed, start, stop)
        for type_, id_, rel_start, rel_end in self.nested[index]:
            if o_end - o_start == stop - start:  # nothing squeezed out inside: same offsets
                n_start, n_end = o_start + rel_start, o_start + rel_end
            else:
                n_start = squeezed.original(start + rel_start)
                n_end = squeezed.original(start + rel_end - 1) + 1
            out.append(_new(Mention, (type_, id_, text[n_start:n_end], n_start, n_end)))
        return out

    def _add_coordinated(self, mentions: list, text: str, squeezed, start: int, stop: int) -> None:
        """Add the other region of "West and Central Africa" to `mentions`, whose last one is the region
        matched at `start`-`stop`, keeping text order ("West" goes before it)."""
        region = mentions[-1]
        for c_start, c_end, code in self._coordinated(squeezed.text, start, stop, region.id):
            c_start, c_end = squeezed.original(c_start), squeezed.original(c_end - 1) + 1
            other = _new(Mention, ("region", code, text[c_start:c_end], c_start, c_end))
            mentions.insert(len(mentions) - (c_start < region.start), other)

    def _coordinated(self, norm: str, start: int, stop: int, code: str) -> list:
        """The other region of "West and Central Africa" (the match is "Central Africa"), "Afrique
        occidentale et centrale" (the match is "Afrique occidentale") or "شمال وغرب أوروبا" (the match is
        "غرب أوروبا", after the conjunction و): (start, end, code) of its word.
        Each pattern runs only where a word that pairs with the match stands beside it: a pattern run
        just after a scan costs tens of microseconds (its code has left the processor's caches)."""
        words = norm[start:stop].split(" ")
        if len(words) != 2:
            return []
        first, second = words[0].lower(), words[1].lower()
        out = []
        before = norm.endswith(_AND, 0, start) and _word_before(
            norm, start, self.pairs.firsts.get(second, ())
        )
        if before:
            other = self.regions.get(f"{before.group(1)} {words[1]}".lower())
            if other and other != code:
                out.append((before.start(1), before.end(1), other))
        if start > 1 and norm[start - 1] == "و" and norm[start - 2] == " ":  # "شمال وغرب أوروبا"
            begin = norm.rfind(" ", max(0, start - 32), start - 2) + 1
            word = norm[begin : start - 2]
            other = (
                self.regions.get(f"{word} {words[1]}".lower())
                if word in self.pairs.firsts.get(second, ())
                else None
            )
            if other and other != code:
                out.append((begin, start - 2, other))
        seconds = self.pairs.seconds.get(first, ())
        after = (
            norm.startswith(_ET, stop)
            and norm[stop + 4 : stop + 4 + self.pairs.longest].lower().startswith(seconds)
            and _AFTER_ET.match(norm, stop)
        )
        if after:
            other = self.regions.get(f"{words[0]} {after.group(1)}".lower())
            if other and other != code:
                out.append((after.start(1), after.end(1), other))
        return out


class _Pairs(NamedTuple):
    """The two-word region names as pairs: the first words by second word, the second words by first
    word (lower case), and the longest word."""

    firsts: dict
    seconds: dict
    longest: int


def _pairs(regions: dict) -> _Pairs:
    firsts: dict[str, tuple[str, ...]] = {}
    seconds: dict[str, tuple[str, ...]] = {}
    for name in regions:
        first, second = name.split(" ")
        firsts[second] = (*firsts.get(second, ()), first)
        seconds[first] = (*seconds.get(first, ()), second)
    return _Pairs(firsts, seconds, max((len(w) for name in regions for w in name.split(" ")), default=0))


def _word_before(norm: str, start: int, firsts: tuple):
    """The match of the word before "and" ("West" in "West and Central Africa") that ends at `start`, if
    it can be one of `firsts`, unless a capitalised word just before it makes it the end of another name
    ("the Middle East and North Africa"). Each pattern is searched from the last space before its word:
    no word holds one, and the search does not try every position of the 30 characters before."""
    lo = max(0, start - 30)
    cut = start - (3 if norm[start - 2] == "&" else 5)  # where " & " or " and " begins
    begin = max(lo, norm.rfind(" ", lo, cut) + 1)
    if not norm[begin:cut].lower().rstrip(",").endswith(firsts):  # the word ends what stands there
        return None
    before = _BEFORE_AND.search(norm, begin, start)
    if not before:
        return None
    word = before.start(1)
    lo = max(0, word - 30)
    if (
        word
        and norm[word - 1] == " "
        and _NAME_BEFORE.search(norm, max(lo, norm.rfind(" ", lo, word - 1) + 1), word)
    ):
        return None
    return before


_AND = (" and ", " & ", " AND ")
_ET = (" et ", " ET ")
_BEFORE_AND = re.compile(r"([^\W\d_][\w-]*),? (?:and|AND|&) $")
_NAME_BEFORE = re.compile(r"[A-Z][\w-]* $")
_AFTER_ET = re.compile(r" (?:et|ET) ([^\W\d_]+)")


# What may follow a key: anything (an SDG keyword, glued to its code in "ODD1"), no letter, or no letter
# nor digit (an acronym).
_NO_CHECK, _NO_LETTER, _NO_ALNUM = 0, 1, 2
_OUTER_PROCLITICS, _INNER_PROCLITICS = set("وف"), set("بلك")
_TANWIN_FATH = "\u064b"
_ALEF_END = ("ا", _TANWIN_FATH)  # how an accusative noun ends: "لاجئا", "لاجئاً"


def _inside_word(norm: str, start: int) -> bool:
    """Whether a match at `start`, after a letter, digit or _, continues a word: yes, unless that is an
    Arabic proclitic standing alone before the name ("والمغرب" = and Morocco), or two ("وبتونس" = and in
    Tunisia: و or ف, then ب, ل or ك)."""
    last = norm[start - 1]
    if last not in _PROCLITICS:
        return True
    if start == 1 or not norm[start - 2].isalnum():
        return False
    return not (
        last in _INNER_PROCLITICS
        and norm[start - 2] in _OUTER_PROCLITICS
        and (start == 2 or not norm[start - 3].isalnum())
    )


def _glued(rule: int, after: str) -> bool:
    """Whether a match followed by the letter or digit `after` is part of a longer token ("Niger" in
    "Nigeria"; an acronym in "EU4Business"; but "Malta3" is a footnote)."""
    return rule != _NO_CHECK and (after.isalpha() or (rule == _NO_ALNUM and after.isdigit()))


def _demonym(norm: str, start: int, stop: int) -> bool:
    """Whether an Arabic state name ending in يا, matched at `start`-`stop`, is the demonym in the
    accusative, spelt alike: with its tanwin ("سورياً"), or counted after a number ("66 غينيا" = 66
    Guineans) or after a counted noun ("154387 لاجئا سوريا" = 154,387 Syrian refugees)."""
    if stop < len(norm) and norm[stop] == _TANWIN_FATH:
        return True
    # Most names follow a word that is neither a number nor ends in alef ("في سوريا"): one look decides.
    if start < 2 or norm[start - 1] != " " or not (norm[start - 2].isdigit() or norm[start - 2] in _ALEF_END):
        return False
    begin = norm.rfind(" ", max(0, start - 40), start - 1) + 1
    word = norm[begin : start - 1]
    if _is_number(word):
        return True
    if not word.endswith(("ا", "اً")) or begin < 2:
        return False
    before = norm[norm.rfind(" ", max(0, begin - 40), begin - 1) + 1 : begin - 1]
    return _is_number(before)


def _nisba(keys: list[str], targets: list) -> list[int]:
    """The indices of the keys that name a state and end in يا, whose matches _demonym checks."""
    return [
        i
        for i, (key, found) in enumerate(zip(keys, targets, strict=True))
        if key.endswith("يا") and found and any(t == "country" for t, _ in found)
    ]


def _is_number(word: str) -> bool:
    return word.replace(",", "").replace(".", "").replace("\u066c", "").replace("\u066b", "").isdigit()


def _rules(keys, targets, acronym, nested) -> tuple[list, list]:
    """Two tables the loop of `Linker.link` reads by key index. First, for a name of one record with no
    names nested inside (most matches: one tuple each, no more work but for a region), its (type, id,
    surface), else None: the surface is the key when no character of the text can differ from the key's
    (squeeze only makes spaces and apostrophes), so the mention shares it instead of slicing the text.
    Second, what may follow the key."""
    plain = [
        (*found[0], key if " " not in key and "'" not in key else None)
        if found and len(found) == 1 and not inner
        else None
        for key, found, inner in zip(keys, targets, nested, strict=True)
    ]
    after = [
        _NO_CHECK if found is None else _NO_ALNUM if acr else _NO_LETTER
        for found, acr in zip(targets, acronym, strict=True)
    ]
    return plain, after


class _Scanner:
    """Two automata: one over the names in Latin script (and the SDG keywords), one over the names in
    Arabic script, run only on a text holding a character of the Unicode blocks their first letters are
    in. Each is smaller than one automaton of both, so it scans faster, and most texts need only the
    first. `keys` come Latin first; matches are (key index, start, stop) in text order, as from one
    automaton. Matches of the Arabic keys in `nisba` that are a demonym (_demonym) are left out: the
    check costs the Latin texts nothing."""

    def __init__(self, keys: list[str], nisba=()):
        self.split = sum(1 for k in keys if not gazetteer.is_arabic(k))
        # The Arabic keys (by index among them) whose matches may be a demonym spelt alike (see _nisba).
        self.nisba = frozenset(i - self.split for i in nisba)
        self.latin = _automaton(keys[: self.split])
        arabic = keys[self.split :]
        self.arabic = _automaton(arabic) if arabic else None
        # The first byte of their first letter in UTF-8: 0xD8 or 0xD9 for Arabic letters.
        self.leads = tuple(sorted({k[0].encode()[:1] for k in arabic}))

    def find(self, text: str) -> list:
        found = self.latin.find_matches_as_indexes(text)
        if self.arabic is None or text.isascii() or not self._may_hold_arabic(text):
            return found
        split, nisba = self.split, self.nisba
        more = [
            (i + split, start, stop)
            for i, start, stop in self.arabic.find_matches_as_indexes(text)
            if i not in nisba or not _demonym(text, start, stop)
        ]
        if not found:
            return more
        # As one leftmost-longest automaton would: no match inside another ("IOM" in an Arabic title)
        merged, end = [], -1
        for match in heapq.merge(found, more, key=itemgetter(1)):
            if match[1] >= end:
                merged.append(match)
                end = match[2]
        return merged

    def _may_hold_arabic(self, text: str) -> bool:
        """Whether a character of `text` starts with one of the lead bytes in UTF-8. The Latin scan left
        the UTF-8 form cached in the str object, so encoding is a copy, and each byte search a memchr
        (a search of the str for each first letter took 26 passes, some slowed by ASCII characters that
        share their low byte)."""
        data = text.encode()
        for lead in self.leads:
            if lead in data:
                return True
        return False


def _automaton(keys: list[str]):
    # The contiguous NFA: on the benchmark corpus (2026-11-30) it scans the Latin names at 54 MB/s against
    # 42-49 for the DFA and 41-45 for the non-contiguous NFA; the DFA's table, several MB for these
    # names, misses the processor's caches more often than its fewer steps save. For the Arabic names
    # alone, on Arabic texts alone, the DFA scans 1.7 times as fast, but on the benchmark corpus (mostly
    # Latin texts) the linker is slower with it: its table evicts the Latin automaton's from the caches.
    return ahocorasick_rs.AhoCorasick(
        keys,
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        implementation=ahocorasick_rs.Implementation.ContiguousNFA,
    )


def _known_targets() -> set[str]:
    data = gazetteer.read(gazetteer.DATA / "sdg.yaml")
    return {str(t["code"]) for goal in data.get("goals", []) for t in goal.get("targets", [])}
