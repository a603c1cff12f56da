"""Precision, recall and F1 of the linker on the hand-annotated sample (rules: docs/linking-annotation.md),
against the issues' targets (per type; for states, also per language), and beside geotext on states."""

from pathlib import Path

import pytest

from migis.ingest.linking import Linker
from migis.ingest.linking.evaluation import (
    by_language,
    evaluate,
    geotext_finder,
    linker_finder,
    load_samples,
    report,
)

ANNOTATIONS = Path(__file__).parent / "linking" / "annotations"
TARGETS = {"countries": 0.97, "dialogues": 0.95, "organisations": 0.90, "sdg_targets": 0.90}
# States, per language, on the second unseen sample (unseen2-*, annotated before the linker ran on it) and
# on every text of the language. At the first reading, before the rules it prompted, unseen2 gave 0.973
# (English), 0.979 (French) and 0.940 (Arabic): see docs/linking.md.
STATES_PER_LANGUAGE = 0.95


@pytest.fixture(scope="module")
def linker():
    return Linker()


@pytest.fixture(scope="module")
def scores(linker):
    samples = load_samples(ANNOTATIONS)
    assert len(samples) >= 20 and any(s.name.startswith("corpus-") for s in samples)
    result = evaluate(linker_finder(linker), samples)
    print("\n" + report(result))
    return result


@pytest.mark.parametrize("field, target", TARGETS.items())
def test_f1_meets_the_target(scores, field, target):
    assert scores[field].f1 >= target, f"{field}: F1 {scores[field].f1:.3f}; errors: {scores[field].errors}"


def test_states_beat_geotext(scores):
    geotext = evaluate(geotext_finder(), load_samples(ANNOTATIONS), {"countries": "country"})
    assert scores["countries"].f1 > geotext["countries"].f1


def test_every_mention_points_at_its_text(linker):
    for sample in load_samples(ANNOTATIONS):
        for m in linker.link(sample.text).mentions:
            assert sample.text[m.start : m.end] == m.text, (sample.name, m)


@pytest.mark.parametrize("prefix", ["unseen2-", ""])
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_states_f1_per_language(linker, prefix, language):
    samples = by_language(load_samples(ANNOTATIONS), prefix)[language]
    assert len(samples) >= (10 if prefix else 15), (prefix, language, len(samples))
    result = evaluate(linker_finder(linker), samples)
    print(f"\n{prefix or 'all texts '}{language} ({len(samples)} texts)\n" + report(result))
    states = result["countries"]
    assert states.f1 >= STATES_PER_LANGUAGE, f"{language}: F1 {states.f1:.3f}; errors: {states.errors}"
