"""Loading is all-or-nothing, names the file, line and field of bad input, and re-runs change nothing."""

import shutil

import pytest
from django.apps import apps

from migis.core.models import Curated
from migis.reference import loader
from migis.reference.yamlio import DataError

pytestmark = pytest.mark.django_db


def snapshot():
    return {m.__name__: m.objects.count() for m in apps.get_models() if issubclass(m, Curated)}


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    target = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, target)
    monkeypatch.setattr(loader, "DATA_DIR", target)
    return target


def test_rerun_changes_nothing():
    before = snapshot()
    loader.load(demo=True)
    assert snapshot() == before


def test_malformed_file_names_file_line_field_and_loads_nothing(data_copy):
    path = data_copy / "dialogues.yaml"
    text = path.read_text()
    # A new dialogue first (so that something would be written), then a bad role further down.
    path.write_text(
        text
        + "\n- slug: brand-new-dialogue\n  names: {en: Brand New}\n"
        + "  source: {url: https://example.org/, as_of: 2024-01-01}\n"
        + "  memberships:\n    - role: emperor\n      countries: [MLT]\n"
        + "      source: {url: https://example.org/, as_of: 2024-01-01}\n"
    )
    before = snapshot()
    with pytest.raises(DataError) as err:
        loader.load()
    message = str(err.value)
    assert "dialogues.yaml:" in message and "memberships[0].role" in message and "emperor" in message
    assert err.value.line > text.count("\n")
    assert snapshot() == before
    from migis.dialogues.models import Dialogue

    assert not Dialogue.objects.filter(slug="brand-new-dialogue").exists()


def test_unknown_country_code_is_named(data_copy):
    path = data_copy / "organisations.yaml"
    path.write_text(
        path.read_text()
        + "\n- slug: test-org\n  names: {en: Test}\n"
        + "  source: {url: https://example.org/, as_of: 2024-01-01}\n"
        + "  member_states:\n    - countries: [MLT, ZZZ]\n      as_of: 2024-01-01\n"
        + "      source: {url: https://example.org/, as_of: 2024-01-01}\n"
    )
    with pytest.raises(
        DataError, match=r"organisations\.yaml:\d+: field '\[\d+\]\.member_states\[0\]\.countries\[1\]'.*ZZZ"
    ):
        loader.load()


def test_quoted_passage_must_be_in_the_corpus(data_copy):
    path = data_copy / "themes.yaml"
    path.write_text(
        path.read_text()
        + "\n- slug: invented\n  names: {en: Invented}\n"
        + "  source: {file: 003_6c10069fb5fcfc81.txt, passage: 'words nobody wrote', as_of: 2021-01-01}\n"
    )
    with pytest.raises(
        DataError, match=r"themes\.yaml:\d+: field '\[\d+\]\.source\.passage': not found in 003_"
    ):
        loader.load()


def test_fact_without_source_is_refused(data_copy):
    path = data_copy / "themes.yaml"
    path.write_text(path.read_text() + "\n- slug: unsourced\n  names: {en: Unsourced}\n")
    with pytest.raises(DataError, match=r"field '\[\d+\]\.source': every curated fact needs a source"):
        loader.load()


def test_invalid_yaml_names_the_line(data_copy):
    (data_copy / "gcm.yaml").write_text("objectives:\n  - number: 1\n    title: {en: [unclosed\n")
    with pytest.raises(DataError, match=r"gcm\.yaml:\d+: field '-': not valid YAML"):
        loader.load()
