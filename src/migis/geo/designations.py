"""Designation footnotes: a name that institutions write with a marker and a footnote. Kosovo is written
"Kosovo*" by the EU and the UN (the projects and documents held here already write it so); pages put the
marker after the name and the footnote, quoted from its source in its original words, on the page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Designation:
    marker: str
    text: str  # quoted verbatim, in the language of the source
    language: str
    source_title: str
    source_url: str
    as_of: str


DESIGNATIONS = {
    "XKX": Designation(
        marker="*",
        text=(
            "This designation is without prejudice to positions on status and is in line with UNSCR "
            "1244/1999 and the ICJ Opinion on the Kosovo declaration of independence."
        ),
        language="en",
        source_title="Council of the European Union, PRADO: Kosovo* (footnote of the page)",
        source_url="https://www.consilium.europa.eu/prado/en/prado-documents/xkx/a/s/docs-per-type.html",
        as_of="2026-06-25",
    )
}


def designation(iso3: str) -> Designation | None:
    return DESIGNATIONS.get(iso3)
