"""country_converter's table of names, codes and name patterns, read from its data file as is: the
package's own loader needs pandas and breaks on pandas 3 (its regular expressions arrive as non-text)."""

import csv
import importlib.util
import re
from functools import cache
from pathlib import Path


@cache
def converter_rows() -> dict[str, dict]:
    """{ISO3: row} of country_converter's country_data.tsv."""
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("country_converter is not installed")
    path = Path(spec.submodule_search_locations[0]) / "country_data.tsv"
    with path.open(encoding="utf-8") as fh:
        return {row["ISO3"]: row for row in csv.DictReader(fh, delimiter="\t")}


@cache
def _patterns() -> list[tuple[re.Pattern, str]]:
    return [
        (re.compile(row["regex"], re.IGNORECASE), iso3)
        for iso3, row in converter_rows().items()
        if row["regex"]
    ]


def iso3_of_name(name: str) -> str | None:
    """The alpha-3 code whose pattern matches a UN or World Bank spelling ("Bolivia (Plurinational State
    of)", "China, Hong Kong SAR"); None when no pattern or several states' patterns match."""
    found = {iso3 for pattern, iso3 in _patterns() if pattern.search(name)}
    return found.pop() if len(found) == 1 else None
