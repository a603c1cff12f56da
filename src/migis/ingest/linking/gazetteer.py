"""The names to look for, built from the curated reference files and the packages (no database needed).

Each name is (text, type, id, exact). `exact` names are acronyms ("IOM", "UK", "OIM"): they match only
in the same letter case. Other names match in any case, but a name written with a capital must start
with a capital in the text too ("turkey" the bird is not Türkiye). Demonyms are never names.
"""

import re
import unicodedata
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


def variants(name: str) -> set[str]:
    """The name, with straight apostrophes, without accents ("Cote d'Ivoire" for "Côte d’Ivoire") and with
    a space for a hyphen between words ("Guinea Bissau")."""
    name = " ".join(name.split()).replace("\u2019", "'")
    if name[:4] == "the " and len(name) > 8:  # "the DRC" is a mention of the DRC: the article is no part
        name = name[4:]
    out = {name}
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    if folded != name and not is_arabic(name):
        out.add(unicodedata.normalize("NFC", folded))
    out |= {v.replace("-", " ") for v in out if _WORD_HYPHEN.search(v)}
    return out


def acute_variants(name: str) -> set[str]:
    """French spellings of state names often add an acute accent on an e ("Nigéria", "Libéria"): the name
    with one inner "e" made "é", for one-word names that have no accent of their own (at most four)."""
    if not name.isascii() or " " in name:
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
# إفريقيا, افريقيا; الأفريقي, الافريقي) and in a final yeh written as alef maqsura (الأوروبي, الأوروبى).
# The names carry those spellings (the text is matched as it is: no extra pass over it).
_ALEFS = "اأإآ"
_FINAL_YEH = "يى"
_MAX_ARABIC_FORMS = 64


def _word_forms(word: str) -> set[str]:
    forms = {word}
    article = word.startswith("ال")  # the article's own alef never varies
    at = (2 if word[2:3] in _ALEFS else None) if article else (0 if word[:1] in _ALEFS else None)
    if at is not None:
        forms = {word[:at] + alef + word[at + 1 :] for alef in _ALEFS} | forms
    if len(word) > 2 and word[-1] in _FINAL_YEH:
        forms |= {f[:-1] + yeh for f in forms for yeh in _FINAL_YEH}
    return forms


def arabic_variants(name: str) -> set[str]:
    """The spellings above, and the article after the preposition ل, which drops its alef (للمغرب)."""
    forms = {""}
    for word in " ".join(name.split()).split(" "):
        spellings = _word_forms(word)
        if len(forms) * len(spellings) > _MAX_ARABIC_FORMS:
            spellings = {word}
        forms = {f"{f} {w}" if f else w for f in forms for w in spellings}
    forms |= {"لل" + f[2:] for f in forms if f.startswith("ال")}
    return forms


def _forms(name: str) -> set[str]:
    return arabic_variants(name) if is_arabic(name) else variants(name)


def _named(type_: str, id_: str, names, acronyms=(), accents=False) -> list[Name]:
    out = []
    for n in names:
        forms = _forms(n)
        if accents:
            forms |= {a for v in forms for a in acute_variants(v)}
        for v in forms:
            if len(v) >= 3 or is_acronym(v):
                out.append(Name(v, type_, id_, exact=is_acronym(v)))
    for a in acronyms:
        if a and len(a) >= 2:
            out.append(Name(a, type_, id_, exact=True))
    return out


def country_names() -> list[Name]:
    out = []
    for c in packages.from_packages():
        names = list(c.names.values()) + list(c.official_names.values()) + _strings(c.aliases)
        out += _named("country", c.iso3, [n for n in names if n], accents=True)
    countries = read(DATA / "countries.yaml") if (DATA / "countries.yaml").exists() else {}
    for rec in countries.get("extra", []):
        names = _strings(rec.get("names")) + _strings(rec.get("official_names"))
        out += _named("country", rec["iso3"], names, accents=True)
    for rec in countries.get("aliases", []):
        out += _named("country", rec["iso3"], _strings(rec.get("names")), accents=True)
    return out


def region_names() -> list[Name]:
    from babel import Locale

    out = []
    for rec in _records(DATA / "regions.yaml", "regions"):
        code = str(rec["code"])
        names = [rec["name"]] + [Locale(lang).territories.get(code, "") for lang in LANGS]
        out += _named("region", code, [n for n in names + _strings(rec.get("aliases")) if n])
    return out


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
