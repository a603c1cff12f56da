"""Precision, recall and F1 of the linker on the hand-annotated sample (rules: docs/linking-annotation.md),
against the issue's targets, and beside geotext on states."""

from pathlib import Path

import pytest

from migis.ingest.linking import Linker
from migis.ingest.linking.evaluation import evaluate, geotext_finder, linker_finder, load_samples, report

ANNOTATIONS = Path(__file__).parent / "linking" / "annotations"
TARGETS = {"countries": 0.97, "dialogues": 0.95, "organisations": 0.90, "sdg_targets": 0.90}


@pytest.fixture(scope="module")
def scores():
    samples = load_samples(ANNOTATIONS)
    assert len(samples) >= 20 and any(s.name.startswith("corpus-") for s in samples)
    result = evaluate(linker_finder(Linker()), samples)
    print("\n" + report(result))
    return result


@pytest.mark.parametrize("field, target", TARGETS.items())
def test_f1_meets_the_target(scores, field, target):
    assert scores[field].f1 >= target, f"{field}: F1 {scores[field].f1:.3f}; errors: {scores[field].errors}"


def test_states_beat_geotext(scores):
    geotext = evaluate(geotext_finder(), load_samples(ANNOTATIONS), {"countries": "country"})
    assert scores["countries"].f1 > geotext["countries"].f1


def test_every_mention_points_at_its_text():
    linker = Linker()
    for sample in load_samples(ANNOTATIONS):
        for m in linker.link(sample.text).mentions:
            assert sample.text[m.start : m.end] == m.text, (sample.name, m)
