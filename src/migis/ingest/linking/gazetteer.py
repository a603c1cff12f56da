"""The names to look for, built from the curated reference files and the packages (no database needed).

Each name is (text, type, id, exact). `exact` names are acronyms ("IOM", "UK", "OIM"): they match only
in the same letter case. Other names match in any case, but a name written with a capital must start
with a capital in the text too ("turkey" the bird is not Türkiye). Demonyms are never names.
"""

import re
import unicodedata
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from migis.reference import countries as packages
from migis.reference.yamlio import LINE, read

DATA = Path(__file__).resolve().parents[2] / "reference" / "data"
DEMO = Path(__file__).resolve().parents[2] / "reference" / "demo"
LANGS = ("en", "fr", "ar")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")
_WORD_HYPHEN = re.compile(r"[^\W\d_]-[^\W\d_]")


@dataclass(frozen=True)
class Name:
    text: str
    type: str  # country | region | dialogue | organisation | project
    id: str
    exact: bool = False


def is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name)) and any(c.isalpha() for c in name)


def variants(name: str, state: bool = False) -> set[str]:
    """The name, with straight apostrophes, without accents ("Cote d'Ivoire" for "Côte d’Ivoire") or without
    the accents of its capitals ("Erythrée", "Etats-Unis": French often drops them), with a space for a
    hyphen between words ("Guinea Bissau"), Saint and Sainte abbreviated ("St. Lucia", "St Kitts",
    "St-Vincent-et-les-Grenadines", "Ste-Lucie") and a compass word after a hyphen in either case
    ("South-east Asia", "Asie du Sud-est"). For a state (`state`), also "&" for "and" and back ("Trinidad
    & Tobago"; CLDR's "São Tomé & Príncipe" gives "São Tomé and Príncipe") and a hyphen for the space of
    a two-word name ("Côte-d'Ivoire", "Sierra-Leone", "Burkina-Faso")."""
    name = " ".join(name.split()).replace("\u2019", "'")
    if name[:4] == "the " and len(name) > 8:  # "the DRC" is a mention of the DRC: the article is no part
        name = name[4:]
    out = {name}
    if state:
        first, _, second = name.partition(" ")
        if (
            second
            and " " not in second
            and "-" not in name
            and first[:1].isupper()
            and (second[:1].isupper() or second[:2] == "d'")
            and first not in _TITLES
        ):
            out.add(f"{first}-{second}")
        out |= {v.replace(" and ", " & ") for v in out if " and " in v}
        out |= {v.replace(" & ", " and ") for v in out if " & " in v}
    out |= {a for v in out for a in abbreviations(v)}
    out |= {c for v in out for c in _compass_case(v)}
    if not is_arabic(name):
        for v in list(out):
            folded = _fold(v)
            if folded != v:
                out.add(folded)
                out.add(_fold(v, capitals_only=True))
    out |= {v.replace("-", " ") for v in out if _WORD_HYPHEN.search(v)}
    return out


def _fold(name: str, capitals_only: bool = False) -> str:
    """`name` without accents, or without those of its capitals."""
    if not capitals_only:
        return unicodedata.normalize(
            "NFC", "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
        )
    return "".join(_fold(c) if c.isupper() else c for c in name)


_TITLES = {"Republic", "République", "Kingdom", "Royaume", "State", "État", "Etat"}
# Saint and Sainte before a space or a hyphen, as lists, maps and the press shorten them.
_SAINT = re.compile(r"\bSaint(e?)(?=[ -])")
_COMPASS = re.compile(r"(?<=-)(?:East|West|Est|Ouest|Eastern|Western|east|west|est|ouest|eastern|western)\b")


def abbreviations(name: str) -> set[str]:
    """Saint and Sainte shortened: "Saint Lucia" is also "St. Lucia" and "St Lucia",
    "Saint-Vincent-et-les-Grenadines" is also "St-Vincent-et-les-Grenadines", "Sainte-Lucie" is also
    "Ste-Lucie" (with a dot only before a space)."""
    if "Saint" not in name:
        return set()
    out = {_SAINT.sub(lambda m: "St" + m.group(1), name)}
    if " " in name:
        out.add(_SAINT.sub(lambda m: "St" + m.group(1) + ("." if name[m.end()] == " " else ""), name))
    return out


def _compass_case(name: str) -> set[str]:
    """A compass word after a hyphen in the other case: "South-east Asia" for "South-East Asia", "Sud-est"
    for "Sud-Est"."""
    if "-" not in name:
        return set()
    flipped = _COMPASS.sub(lambda m: m.group(0).swapcase()[:1] + m.group(0)[1:], name)
    return {flipped} if flipped != name else set()


def acute_variants(name: str) -> set[str]:
    """French spellings of state names often add an acute accent on an e ("Nigéria", "Libéria"): the name
    with one inner "e" made "é", for one-word names that have no accent of their own (at most four)."""
    if not name.isascii() or " " in name or "-" in name:
        return set()
    spots = [m.start() for m in re.finditer(r"(?<=[a-z])e(?=[a-z]{2})", name)][:4]
    return {name[:i] + "é" + name[i + 1 :] for i in spots}


def is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != LINE for s in _strings(v)]
    return []


def _records(path: Path, key: str | None = None) -> list[dict]:
    if not path.exists():
        return []
    data = read(path)
    items = data.get(key, []) if key and isinstance(data, dict) else data
    return [r for r in items or [] if isinstance(r, dict)]


# Arabic spellings vary in the hamza on alef at the start of a word or after the article (أفريقيا,
# إفريقيا, افريقيا; الأفريقي, الافريقي), in a final yeh written as alef maqsura (الأوروبي, الأوروبى), in a
# final teh marbuta written as heh (مالطة, مالطه), in the seat of a hamza before waw (شؤون, شئون) and in the
# spelling of two loanwords (الديمقراطية, الديموقراطية; الأمريكية, الأميركية). Names are taken without
# their short vowels and shadda (pycountry's "الإمارات العربيّة المتحدّة"), which text seldom writes.
# The names carry those spellings (the text is matched as it is: no extra pass over it).
_ALEFS = "اأإآ"
_FINAL_YEH = "يى"
_FINAL_TEH_WORDS = re.compile(r"ة(?= |$)")
_HAMZA_ALEFS = set("أإآ")
_MAX_ARABIC_FORMS = 64
_TASHKEEL = re.compile("[\u064b-\u0652\u0670\u0640]")
_LOANWORDS = (("ديموقراط", "ديمقراط"), ("أميرك", "أمريك"), ("ؤو", "ئو"))


def strip_tashkeel(text: str) -> str:
    return _TASHKEEL.sub("", text)


def _word_forms(word: str) -> set[str]:
    forms = {word}
    for a, b in _LOANWORDS:
        if a in word or b in word:
            forms |= {word.replace(a, b), word.replace(b, a)}
    article = word.startswith("ال")  # the article's own alef never varies
    at = (2 if word[2:3] in _ALEFS else None) if article else (0 if word[:1] in _ALEFS else None)
    if at is not None:
        forms |= {f[:at] + alef + f[at + 1 :] for f in forms for alef in _ALEFS}
    if len(word) > 2 and word[-1] in _FINAL_YEH:
        forms |= {f[:-1] + yeh for f in forms for yeh in _FINAL_YEH}
    return forms


def arabic_variants(name: str) -> set[str]:
    """The spellings above, and the article after the preposition ل, which drops its alef (للمغرب)."""
    name = " ".join(strip_tashkeel(name).split())
    forms = {""}
    for word in name.split(" "):
        spellings = _word_forms(word)
        if len(forms) * len(spellings) > _MAX_ARABIC_FORMS:
            spellings = {word}
        forms = {f"{f} {w}" if f else w for f in forms for w in spellings}
    # A writer who puts heh for teh marbuta does so in every word ("الإمارات العربيه المتحده"), and
    # writes the hamzas as the name does or not at all.
    if "ة" in name:
        bare = "".join("ا" if c in _HAMZA_ALEFS else c for c in name)
        forms |= {_FINAL_TEH_WORDS.sub("ه", f) for f in (name, bare)}
    forms |= {"لل" + f[2:] for f in forms if f.startswith("ال")}
    return forms


def _forms(name: str, state: bool = False) -> set[str]:
    return arabic_variants(name) if is_arabic(name) else variants(name, state)


def _named(type_: str, id_: str, names, acronyms=(), accents=False) -> list[Name]:
    out = []
    for n in names:
        forms = _forms(n, state=accents)
        if accents:
            forms |= {a for v in forms for a in acute_variants(v)}
        for v in forms:
            if len(v) >= 3 or is_acronym(v):
                out.append(Name(v, type_, id_, exact=is_acronym(v)))
    for a in acronyms:
        if a and len(a) >= 2:
            out.append(Name(a, type_, id_, exact=True))
            joined = a.replace(" ", "")  # "UN DESA" is also written "UNDESA"
            if joined != a and is_acronym(joined) and all(is_acronym(p) for p in a.split(" ")):
                out.append(Name(joined, type_, id_, exact=True))
    return out


def country_names() -> list[Name]:
    """The names of every state and territory (see state_names for the forms derived from them)."""
    records: dict[str, list[str]] = {}
    for c in packages.from_packages():
        names = list(c.names.values()) + list(c.official_names.values()) + _strings(c.aliases)
        records.setdefault(c.iso3, []).extend(n for n in names if n)
    countries = read(DATA / "countries.yaml") if (DATA / "countries.yaml").exists() else {}
    for rec in countries.get("extra", []):
        names = _strings(rec.get("names")) + _strings(rec.get("official_names"))
        records.setdefault(rec["iso3"], []).extend(names)
    for rec in countries.get("aliases", []):
        records.setdefault(rec["iso3"], []).extend(_strings(rec.get("names")))
    out = []
    for iso3, names in state_names(records, _region_words()).items():
        out += _named("country", iso3, names, accents=True)
        out += [Name(a, "country", iso3) for a in _with_article(names)]
    # An abbreviation just before "$" is a currency ("the US$ 5 million", "USA$"): matched, not reported.
    out += [Name(n.text + "$", "none", "", n.exact) for n in out if n.exact or n.text.startswith("the ")]
    return out


def _with_article(names: list[str]) -> set[str]:
    """A one-word Arabic name without the article, written with it ("الباكستان", "الموزمبيق": older and
    Maghrebi spellings), and after the preposition ل ("للباكستان"), as the name is written (the article
    form is rare: its other spellings would cost the scan more than they find)."""
    out = set()
    for n in names:
        if is_arabic(n) and " " not in n and not n.startswith("ال") and _may_take_article(n):
            out |= {"ال" + n, "لل" + n}
    return out


# The official long forms: "Republic of Korea", "République de Corée", "جمهورية كوريا" give "Korea",
# "Corée", "كوريا" ("جمهورية الكونغو الديمقراطية" gives "الكونغو الديمقراطية", the usual Arabic short form
# of the DRC). Only a bare prefix: "Democratic People's Republic of Korea" and "Democratic Republic of the
# Congo" keep theirs.
_OFFICIAL_EN = re.compile(
    r"^(?:[Tt]he )?(?:Republic|Kingdom|State|Federation|Commonwealth|Principality|Grand Duchy|Sultanate"
    r"|Union) of (?:the )?(.+)$"
)
_OFFICIAL_FR = re.compile(
    r"^(?:[Ll]a |[Ll]')?(?:République|Royaume|État|Etat|Principauté|Grand-Duché|Sultanat|Fédération)"
    r" (?:de la |de l'|du |des |de |d')(.+)$"
)
_OFFICIAL_AR = re.compile(r"^(?:جمهورية|مملكة|دولة|سلطنة|إمارة|دوقية|اتحاد) (.+)$")
_PARENTHESES = re.compile(r"^(.+?) \((.+)\)$")
# Inverted ISO forms: "Korea, Republic of", "Corée, République de", "Iran, République islamique d'".
_INVERTED = re.compile(r"^([^,]+), (.+(?: of| of the| de| du| des| de la| d'))$")


def _plain(name: str) -> str:
    return " ".join(strip_tashkeel(name).split()).replace("\u2019", "'")


def _base_forms(name: str) -> list[str]:
    """`name` as written, and an inverted ISO form put straight ("Korea, Republic of" is "Republic of
    Korea"; in Arabic the part after the comma is the full name: "كوريا، جمهورية كوريا")."""
    name = _plain(name)
    out = [name]
    if "، " in name:
        out.append(name.split("، ", 1)[1])
    inverted = _INVERTED.match(name)
    if inverted:
        head, tail = inverted.groups()
        tail = tail[:1].lower() + tail[1:] if tail[:4] == "The " else tail
        out.append(f"{tail}{head}" if tail.endswith("'") else f"{tail} {head}")
    return out


def _short_forms(name: str) -> list[str]:
    """The short form of an official long form (see _OFFICIAL_EN); the two names of "Myanmar (Burma)" (a
    second name in parentheses, of one word)."""
    out = []
    paren = _PARENTHESES.match(name)
    if paren:  # "Myanmar (Burma)", "المجر (هنغاريا)"; not "Saint Martin (French part)"
        out += [paren.group(1)] + ([paren.group(2)] if " " not in paren.group(2) else [])
    for pattern in (_OFFICIAL_EN, _OFFICIAL_FR, _OFFICIAL_AR):
        m = pattern.match(name)
        if m:
            out.append(m.group(1))
    return out


def _may_take_article(name: str) -> bool:
    """Whether a one-word Arabic name may be written with the article: not a short one ("قطر" would give
    القطر, the region; "بنين" البنين, the sons), nor one ending in ي, ى, ة or ه (with the article it reads
    as the adjective: "مالي" gives المالي, financial or Malian; "جيبوتي" الجيبوتي, Djiboutian)."""
    return len(name) >= 5 and name[-1] not in "يىةه"


def state_names(
    records: dict[str, list[str]], region_words: AbstractSet[str] = frozenset()
) -> dict[str, list[str]]:
    """Per state, its names (`records`) with the forms derived from them (_base_forms, _short_forms). A
    derived form that is a name of another state, or is derived for two states, is dropped ("Congo" from
    "Republic of the Congo" stays COG's), and so is one holding a region's name ("أفريقيا الوسطى", from
    the Central African Republic's official name, is also Central Africa)."""
    base = {iso3: {b for n in names for b in _base_forms(n)} for iso3, names in records.items()}
    owners: dict[str, set[str]] = {}
    for iso3, names in base.items():
        for n in names:
            owners.setdefault(n.lower(), set()).add(iso3)
    derived: dict[str, set[str]] = {}
    for iso3, names in base.items():
        for n in names:
            for short in _short_forms(n):
                if short not in names:
                    derived.setdefault(short, set()).add(iso3)
    out = {iso3: sorted(names) for iso3, names in base.items()}
    for short, isos in derived.items():
        others = owners.get(short.lower(), set()) - isos
        words = set(short.lower().split(" "))
        if len(isos) == 1 and not others and not words & region_words and len(short) >= 3:
            out[next(iter(isos))].append(short)
    return out


def _region_words() -> set[str]:
    """The words of the one-word region names in the three languages (Africa, أفريقيا ...), in lower
    case and in their Arabic spellings."""
    from babel import Locale

    words = set()
    for rec in _records(DATA / "regions.yaml", "regions"):
        code = str(rec["code"])
        for n in [rec["name"]] + [Locale(lang).territories.get(code, "") for lang in LANGS]:
            if n and " " not in n:
                words |= {f.lower() for f in _forms(n)}
    return words


def region_names() -> list[Name]:
    from babel import Locale

    out = []
    for rec in _records(DATA / "regions.yaml", "regions"):
        code = str(rec["code"])
        names = [rec["name"]] + [Locale(lang).territories.get(code, "") for lang in LANGS]
        names = [n for n in names + _strings(rec.get("aliases")) if n]
        out += _named("region", code, names + [a for n in names for a in _french_compass(n)])
    return out


# French names a part of a continent by a compass phrase or by an adjective: "Europe de l'Ouest" and
# "Europe occidentale", "Asie du Sud" and "Asie méridionale" (the continents' names are feminine).
_FRENCH_COMPASS = re.compile(r"^(Afrique|Amérique|Asie|Europe|Océanie) (de l'Ouest|de l'Est|du Nord|du Sud)$")
_FRENCH_ADJECTIVES = {
    "de l'Ouest": "occidentale",
    "de l'Est": "orientale",
    "du Nord": "septentrionale",
    "du Sud": "méridionale",
}


def _french_compass(name: str) -> list[str]:
    m = _FRENCH_COMPASS.match(name.replace("\u2019", "'"))
    return [f"{m.group(1)} {_FRENCH_ADJECTIVES[m.group(2)]}"] if m else []


def _named_records(path: Path, type_: str) -> list[Name]:
    out = []
    for rec in _records(path):
        names = _strings(rec.get("names")) + _strings(rec.get("aliases"))
        for extra in rec.get("name_sources") or []:
            names += _strings(extra.get("names"))
        acronyms = [rec.get("acronym") or "", *_strings(rec.get("acronyms"))]
        out += _named(type_, rec["slug"], names, acronyms)
    return out


def project_names(projects=None) -> list[Name]:
    """Projects known to the database (pass (slug, acronym, title) rows), else those of the demo content."""
    if projects is None:
        from django.utils.text import slugify

        projects = [
            (
                r.get("key") or slugify(r.get("acronym") or r["title"])[:120],
                r.get("acronym") or "",
                r["title"],
            )
            for r in _records(DEMO / "projects.yaml")
        ]
    out = []
    for slug, acronym, title in projects:
        out += _named(
            "project", slug, [title] if len(title.split()) >= 3 else [], [acronym] if acronym else []
        )
    return out


def not_names() -> list[Name]:
    """Phrases holding a name without mentioning it ("Niger River", "Mexico City"): matched, not reported."""
    path = DATA / "not_names.yaml"
    data = read(path) if path.exists() else {}
    return [Name(v, "none", "") for lang in LANGS for p in data.get(lang) or [] for v in _forms(p)]


def build(projects=None) -> list[Name]:
    return (
        country_names()
        + region_names()
        + _named_records(DATA / "dialogues.yaml", "dialogue")
        + _named_records(DATA / "organisations.yaml", "organisation")
        + project_names(projects)
        + not_names()
    )
