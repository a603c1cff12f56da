"""Event facts stated in a text: when a meeting took place, where, how many took part and from how many
countries ("The meeting gathered 80 participants representing 33 partner countries", "la réunion s'est
tenue les 12 et 13 février 2019 à Ouagadougou (Burkina Faso)").

Precision comes first: a number of countries or a date counts only in a sentence that speaks of a
meeting (an event word: meeting, conference, gathered, took part, réunion, اجتماع ...), so "fieldwork in
11 countries" or "a report published in May 2020" are not event facts; a place is a name after "in"/"à"/
"في" shortly after an event word, that the linker knows as a state, or a capitalised name next to one
("Ouagadougou (Burkina Faso)", "Valletta, Malta"). Each fact keeps its offsets in the text, as mentions
do.
"""

import datetime
import re

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER = (
    r"(?<![\d.,])(?P<n>\d{1,3}(?:[ ,.\u202f\u00a0]\d{3}){1,2}(?![\d])|\d{1,7}(?!\d)|\b(?:"
    + "|".join(sorted(_NUMBER_WORDS, key=len)[::-1])
    + r")\b)"
)
_ABOUT = (
    r"(?:(?:over|more than|some|around|about|nearly|almost|approximately|up to|plus de|près de|environ|"
    r"quelque|une centaine de|أكثر من|حوالي|نحو)\s+)?"
)
# Up to two words between the number and the noun ("33 partner countries"), but not "one of the
# participants": a part of a group is no count of it.
_BETWEEN = r"\s+(?:(?!(?:of|de|des|du|the|les)\b)[^\W\d]+\s+){0,2}?"
_PEOPLE = re.compile(
    _ABOUT
    + _NUMBER
    + _BETWEEN
    + r"(?P<what>participants?|participantes?|delegates|délégués|attendees|representatives|représentants|"
    r"مشاركا|مشاركًا|مشارك|مشاركة|مندوبا|ممثلا)\b",
    re.IGNORECASE,
)
_COUNTRIES = re.compile(
    _ABOUT + _NUMBER + _BETWEEN + r"(?P<what>countries|states|pays|États|etats|دولة|دول|بلدا|بلدان)\b",
    re.IGNORECASE,
)
_EVENT_WORDS = re.compile(
    r"\b(?:meeting|meetings|conference|summit|workshop|seminar|session|event|webinar|"
    r"gathered|gathering|brought together|attended|attendance|took part|participating|participants|"
    r"delegates|represented|representing|convened|hosted|held|sat|réunion|conférence|sommet|atelier|"
    r"séminaire|réuni|rassemblé|participé|participants|délégués|tenue?s?|organisée?s?)\b|"
    r"اجتماع|مؤتمر|ورشة|ندوة|قمة|منتدى|عقد|شارك|مشارك",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+(?=[A-ZÀ-Ý\u0600-\u06ff\"“(])|\n\s*\n")

_MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            "january february march april may june july august september october november december".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split(), 1
        )
    },
    "fevrier": 2,
    "aout": 8,
    "decembre": 12,
    "ابريل": 4,
    "إبريل": 4,
    "اغسطس": 8,
    "اكتوبر": 10,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len)[::-1]) + r")"
_DAY = r"(?P<d1>\d{1,2})(?:er)?"
_DAY2 = r"(?:\s*(?:-|–|and|et|au|to|و|إلى|الى)\s*(?P<d2>\d{1,2}))?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = [
    re.compile(_DAY + _DAY2 + r"\s+" + _MONTH + r",?\s+" + _YEAR, re.IGNORECASE),  # 12-13 February 2019
    re.compile(_MONTH + r"\s+" + _DAY + _DAY2 + r",\s+" + _YEAR, re.IGNORECASE),  # February 12-13, 2019
]
_PLACE_WORD = r"(?:in|at|à|في|بمدينة)"
_NAME = r"[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ý][\w'’.-]+){0,2}"


def _number(text: str) -> int | None:
    if text.lower() in _NUMBER_WORDS:
        return _NUMBER_WORDS[text.lower()]
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else None


def _sentences(text: str):
    """(start, end) of each sentence (roughly: enough to keep a number with its own clause)."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def event_facts(text: str, mentions=()) -> list[dict]:
    """The facts as dicts: {"type": "date", "from": "2019-02-12", "to": "2019-02-13"} | {"type":
    "place", "place": "Ouagadougou", "country": "BFA"} | {"type": "participants", "value": 80} |
    {"type": "countries", "value": 33}; each with "text", "start", "end". `mentions` are the linker's
    (for the countries of places)."""
    countries = {m.start: m for m in mentions if m.type == "country"}
    facts = []
    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        if not _EVENT_WORDS.search(sentence):
            continue
        facts += _counts(sentence, s_start)
        facts += _dates(sentence, s_start)
        facts += _places(text, s_start, s_end, countries)
    facts.sort(key=lambda f: f["start"])
    return _first_of_each(facts)


def _first_of_each(facts: list[dict]) -> list[dict]:
    """A headline and the body often state the same date or place: each fact once, where first stated."""
    seen, out = set(), []
    for f in facts:
        key = tuple(v for k, v in f.items() if k not in ("text", "start", "end"))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _fact(kind: str, m, offset: int, group: int | str = 0, **values) -> dict:
    return {
        "type": kind,
        **values,
        "text": m.group(group),
        "start": offset + m.start(group),
        "end": offset + m.end(group),
    }


def _counts(sentence: str, offset: int) -> list[dict]:
    out = []
    for pattern, kind in ((_PEOPLE, "participants"), (_COUNTRIES, "countries")):
        for m in pattern.finditer(sentence):
            value = _number(m.group("n"))
            if re.fullmatch(r"(?:19|20)\d\d", m.group("n")):  # a year ("in 2019 participants ...")
                continue
            if value and (kind == "participants" or value <= 250):  # there are fewer than 250 states
                out.append(_fact(kind, m, offset, value=value))
    return out


def _dates(sentence: str, offset: int) -> list[dict]:
    out: list[dict] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATES:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            month = _MONTHS.get(m.group("month").lower()) or _MONTHS.get(m.group("month"))
            if month is None:
                continue
            try:
                first = datetime.date(int(m.group("year")), month, int(m.group("d1")))
                last = datetime.date(first.year, month, int(m.group("d2") or m.group("d1")))
            except (TypeError, ValueError):
                continue
            if last < first:
                continue
            taken.append((m.start(), m.end()))
            out.append(_fact("date", m, offset, **{"from": first.isoformat(), "to": last.isoformat()}))
    return out


_PLACE = re.compile(
    rf"\b{_PLACE_WORD}\s+(?:the\s+)?(?P<place>{_NAME})(?:\s*(?:,|\()\s*(?P<country>{_NAME})\)?)?"
    r"|في\s+(?P<ar>\S+)"
)


def _places(text: str, s_start: int, s_end: int, countries: dict) -> list[dict]:
    """ "in Valletta, Malta", "à Ouagadougou (Burkina Faso)", "in Malta", "في المغرب": a place is kept
    only when the linker found a state there (the place itself or the name beside it)."""
    out = []
    for m in _PLACE.finditer(text, s_start, s_end):
        # the place of a meeting: an event word shortly before ("held in", "la réunion ... à")
        if not _EVENT_WORDS.search(text, max(s_start, m.start() - 80), m.start()):
            continue
        if m.group("ar"):
            state = countries.get(m.start("ar")) or countries.get(m.start("ar") + 1)  # بالمغرب: proclitic
            if state:
                out.append(_place(text, state.text, state.id, state.start, state.end))
            continue
        place_state = countries.get(m.start("place"))
        beside = countries.get(m.start("country")) if m.group("country") else None
        if place_state:
            out.append(_place(text, place_state.text, place_state.id, place_state.start, place_state.end))
        elif beside:  # with the closing parenthesis, if any
            out.append(_place(text, m.group("place"), beside.id, m.start("place"), m.end()))
        elif _HELD.search(text, max(s_start, m.start() - 40), m.start()):
            # "held in Addis Ababa", "s'est tenue à Niamey": the meeting's city, its state unknown here
            name = _place_name(m.group("place"))
            if name:
                out.append(_place(text, name, "", m.start("place"), m.start("place") + len(name)))
    return out


# A verb of meeting right before the place word ("held in", "took place in", "s'est tenue à").
_HELD = re.compile(
    r"(?:held|took place|gathered|convened|met|hosted|s'est tenue?|s’est tenue?|se tiendra|se sont réunis)"
    r"\s+$",
    re.IGNORECASE,
)


def _place(text: str, place: str, country: str, start: int, end: int) -> dict:
    return {
        "type": "place",
        "place": place,
        "country": country,
        "text": text[start:end],
        "start": start,
        "end": end,
    }


def _place_name(name: str) -> str:
    """The capitalised words of a place, up to a month, weekday or other word that is no place; "" when
    the first is one, or an acronym (an organisation, not a city)."""
    kept = []
    for word in name.split(" "):
        bare = word.rstrip(".,;:")
        if bare.lower() in _MONTHS or bare.lower() in _NOT_PLACES:
            break
        kept.append(bare)
        if bare != word:  # punctuation ends the name
            break
    if not kept or (kept[0].isupper() and len(kept[0]) <= 6):
        return ""
    return " ".join(kept)


_NOT_PLACES = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "person",
    "public",
    "parallel",
    "line",
    "conjunction",
    "cooperation",
    "partnership",
    "response",
    "support",
    "order",
    "view",
    "light",
    "spring",
    "summer",
    "autumn",
    "winter",
    "early",
    "late",
    "mid",
}
