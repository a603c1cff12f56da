"""Precision, recall and F1 of the linker against hand-annotated texts (tests/linking/annotations/).

Annotations are document-level: the set of entities of each type a text mentions (see
docs/linking-annotation.md for the rules). A found entity in the set is a true positive, one outside it
a false positive, a missed one a false negative; counts are summed over all texts per type.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from migis.reference.sources import CORPUS_DIR

FIELDS = {
    "countries": "country",
    "regions": "region",
    "dialogues": "dialogue",
    "organisations": "organisation",
    "sdg_targets": "sdg_target",
}


@dataclass
class Sample:
    name: str
    text: str
    expected: dict
    language: str = ""  # en | fr | ar


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, name: str, found: set, expected: set):
        self.tp += len(found & expected)
        self.fp += len(found - expected)
        self.fn += len(expected - found)
        if found != expected:
            self.errors.append((name, sorted(found - expected), sorted(expected - found)))


def load_samples(folder: Path) -> list[Sample]:
    samples = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (
            (CORPUS_DIR / data["corpus_file"]).read_text(encoding="utf-8")
            if "corpus_file" in data
            else data["text"]
        )
        expected = {k: {str(v) for v in (data.get("expected") or {}).get(k) or []} for k in FIELDS}
        samples.append(Sample(path.stem, text, expected, str(data.get("language") or "")))
    return samples


def by_language(samples: list[Sample], prefix: str = "") -> dict[str, list[Sample]]:
    """The samples whose name starts with `prefix`, by language (en, fr, ar, in that order)."""
    out: dict[str, list[Sample]] = {"en": [], "fr": [], "ar": []}
    for s in samples:
        if s.name.startswith(prefix):
            out.setdefault(s.language, []).append(s)
    return out


def evaluate(find, samples: list[Sample], fields=FIELDS) -> dict[str, Score]:
    """`find(text)` returns {field: set of ids}; returns a Score per field."""
    scores = {f: Score() for f in fields}
    for sample in samples:
        found = find(sample.text)
        for f in fields:
            scores[f].add(sample.name, set(found.get(f, set())), sample.expected[f])
    return scores


def linker_finder(linker):
    def find(text: str) -> dict:
        result = linker.link(text).as_dict()
        return {f: set(result[f]) for f in FIELDS}

    return find


def geotext_finder():
    """geotext's country names mapped to ISO3 codes (it finds states and cities only)."""
    import pycountry
    from geotext import GeoText

    def to_iso3(name: str) -> str | None:
        try:
            return pycountry.countries.lookup(name).alpha_3
        except LookupError:
            return None

    def find(text: str) -> dict:
        return {"countries": {c for c in map(to_iso3, GeoText(text).countries) if c}}

    return find


def report(scores: dict[str, Score]) -> str:
    lines = [f"{'type':14} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>9} {'recall':>7} {'F1':>6}"]
    for name, s in scores.items():
        lines.append(
            f"{name:14} {s.tp:>5} {s.fp:>5} {s.fn:>5} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}"
        )
    return "\n".join(lines)
