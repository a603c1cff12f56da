"""Which state a file's area code or name means, or why it is none: an aggregate (the world, a region,
an income group) or an unknown area. Aggregates and unknown areas are reported and skipped, never
stored as countries.

Codes: ISO 3166-1 alpha-3, alpha-2 and numeric (M49 uses the same numbers), the World Bank's and
UNHCR's codes for Kosovo; names in English, French and Arabic with their aliases, then the UN and
World Bank spellings country_converter knows ("Bolivia (Plurinational State of)", "China, Hong Kong SAR").
"""

import re
import unicodedata
from dataclasses import dataclass, field

# World Bank aggregate codes: the economies' groups in the WDI "Metadata_Country" file, where an empty
# Region marks an aggregate (https://datahelpdesk.worldbank.org/knowledgebase/articles/906519, read
# 2026-11-30), and INX "Not classified". A companion file next to a download adds to these.
WORLD_BANK_AGGREGATES = set(
    "AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC LCN LDC LIC "
    "LMC LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA TSS UMC WLD".split()
)
# Codes publishers use for areas that are not one state: UNHCR's unknown origin and stateless, SDMX's
# "not applicable" and totals, Eurostat's EU aggregates.
NOT_A_STATE = {"UNK", "XXA", "XXB", "XXC", "XXX", "STA", "_Z", "_T", "_X", "W", "W0", "W1", "WORLD", "TOTAL"}
EUROSTAT_AGGREGATE = re.compile(r"^(EU\d*(_\d+)?|EA\d*|EFTA|EEA\d*)$")
KOSOVO = {"XKX", "XK", "KSV", "XKV"}  # World Bank, ISO user-assigned, UNHCR and others


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s*\u200f\u200e]+", " ", text).strip(" .*")


@dataclass
class Place:
    country_id: int | None  # the Country's primary key when the area is a state
    kind: str = "state"  # state, aggregate, unknown
    label: str = ""  # as written, for the report


@dataclass
class Areas:
    """Resolves codes and names; remembers every answer (files repeat their areas thousands of times)."""

    by_code: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)
    region_codes: set[str] = field(default_factory=set)
    aggregates: set[str] = field(default_factory=set)  # extra codes a file's companion lists
    _seen: dict[str, Place] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Areas":
        from migis.geo.models import Country, Region

        areas = cls(region_codes={r.lstrip("0") for r in Region.objects.values_list("code", flat=True)})
        for c in Country.objects.all():
            for code in (c.iso3, c.iso2):
                areas.by_code[code.upper()] = c.pk
            if c.numeric:
                areas.by_code[c.numeric.lstrip("0")] = c.pk
            if c.iso3 == "XKX":
                areas.by_code.update(dict.fromkeys(KOSOVO, c.pk))
            names = [
                c.name_en,
                c.name_fr,
                c.name_ar,
                c.official_name_en,
                c.official_name_fr,
                c.official_name_ar,
            ]
            for values in (c.aliases or {}).values():
                names.extend(values if isinstance(values, list) else [values])
            for name in names:
                if name:
                    areas.by_name.setdefault(_key(name), c.pk)
        return areas

    def place(self, text) -> Place:
        raw = str(text).strip()
        if raw not in self._seen:
            self._seen[raw] = self._resolve(raw)
        return self._seen[raw]

    def _resolve(self, raw: str) -> Place:
        code = raw.upper()
        if code.isdigit():
            code = code.lstrip("0") or "0"
            if code in self.by_code:
                return Place(self.by_code[code], label=raw)
            kind = "aggregate" if code in self.region_codes or int(code) >= 900 else "unknown"
            return Place(None, kind, raw)
        if code in self.aggregates or code in WORLD_BANK_AGGREGATES or EUROSTAT_AGGREGATE.match(code):
            return Place(None, "aggregate", raw)
        if code in NOT_A_STATE:
            return Place(None, "unknown", raw)
        if code in self.by_code and ((len(code) in (2, 3) and raw.isupper()) or len(raw) <= 3):
            return Place(self.by_code[code], label=raw)
        if (pk := self.by_name.get(_key(raw))) is not None:
            return Place(pk, label=raw)
        if len(raw) > 3 and (iso3 := _converted(raw)) and iso3 in self.by_code:
            return Place(self.by_code[iso3], label=raw)
        return Place(None, "unknown", raw)


def _converted(name: str) -> str | None:
    """The alpha-3 code country_converter's name patterns give a UN or World Bank spelling."""
    from migis.geo.converter import iso3_of_name

    return iso3_of_name(name)
