"""States and territories from well-kept packages, with curated additions on top.

- pycountry: ISO 3166-1 codes, English names and official forms, and their French and Arabic
  translations (the iso3166-1 gettext catalogues it ships).
- Babel (Unicode CLDR): short French and Arabic forms where pycountry's translation is missing or
  inverted ("Moldova, République de"), and names of the M49 regions.
- country_converter: the UN M49 grouping of each state (its data file, read without pandas).
"""

import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import babel
import pycountry

from migis.geo.converter import converter_rows

PACKAGES_SOURCE = (
    f"pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else ''} (ISO 3166-1), "
    f"Babel {babel.__version__} (Unicode CLDR), country_converter (UN M49 regions)"
).replace("  ", " ")


@dataclass
class CountryData:
    iso3: str
    iso2: str
    numeric: str
    names: dict
    official_names: dict
    aliases: dict = field(default_factory=dict)
    un_region_name: str = ""
    un_member: bool = False


@cache
def _translation(lang: str):
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


@cache
def _cldr(lang: str) -> Mapping[str, str]:
    return babel.Locale(lang).territories


def cldr_name(code: str, lang: str) -> str:
    return _cldr(lang).get(code, "")


def _is_inverted(name: str) -> bool:
    return ", " in name or "، " in name


def english_name(c) -> str:
    """pycountry's common name, else its name with ISO's inversion undone ("Palestine, State of")."""
    if common := getattr(c, "common_name", None):
        return common
    head, sep, tail = c.name.partition(", ")
    if sep and " and " not in tail and (" " not in head.strip() or " " not in tail.strip()):
        return f"{tail.removeprefix('The ')} {head}".strip()
    return c.name


def _pick(translated: str, english: str, lang: str, code: str) -> str:
    """pycountry's translation, unless untranslated or inverted ("Moldova, République de"); then CLDR's."""
    if lang == "en":
        return english
    untranslated = translated in ("", english) and cldr_name(code, lang) not in ("", english)
    if untranslated or _is_inverted(translated):
        return cldr_name(code, lang) or translated
    return translated


def _unique(values) -> list[str]:
    seen, out = set(), []
    for v in values:
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return out


def from_packages() -> list[CountryData]:
    rows = converter_rows()
    result = []
    for c in pycountry.countries:
        english = english_name(c)
        official_en = getattr(c, "official_name", "") or ""
        names, officials, aliases = {}, {}, {}
        for lang in ("en", "fr", "ar"):
            t = _translation(lang)
            pyc_name = t.gettext(c.name)
            names[lang] = _pick(pyc_name, english, lang, c.alpha_2)
            officials[lang] = t.gettext(official_en) if official_en else ""
            if lang != "en" and officials[lang] == official_en:
                officials[lang] = ""  # untranslated
            aliases[lang] = _unique(
                [pyc_name, officials[lang], cldr_name(c.alpha_2, lang)]
                + ([c.name, official_en] if lang == "en" else [])
            )
            aliases[lang] = [a for a in aliases[lang] if a != names[lang]]
        row = rows.get(c.alpha_3, {})
        result.append(
            CountryData(
                iso3=c.alpha_3,
                iso2=c.alpha_2,
                numeric=c.numeric,
                names=names,
                official_names=officials,
                aliases={k: v for k, v in aliases.items() if v},
                un_region_name=row.get("UNregion", ""),
                un_member=bool(row.get("UNmember", "").strip()),
            )
        )
    return result
