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


# --- keeping the database equal to the files ------------------------------------------------------


@pytest.fixture
def files(tmp_path, monkeypatch):
    """Copies of the reference and demo files, read by the loader instead of the shipped ones."""
    data, demo = tmp_path / "data", tmp_path / "demo"
    shutil.copytree(loader.DATA_DIR, data)
    shutil.copytree(loader.DEMO_DIR, demo, ignore=shutil.ignore_patterns("corpus"))
    monkeypatch.setattr(loader, "DATA_DIR", data)
    monkeypatch.setattr(loader, "DEMO_DIR", demo)
    return Files(data, demo)


class Files:
    def __init__(self, data, demo):
        self.data, self.demo = data, demo

    def edit(self, path, change):
        """Read a YAML file, let `change` modify it in place, write it back."""
        import yaml

        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(content)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def once_in(dialogue: dict) -> list[tuple[dict, str]]:
    """(group, country) pairs of a dialogue's memberships where the country is listed once."""
    pairs = [(g, c) for g in dialogue.get("memberships", []) for c in g["countries"]]
    return [(g, c) for g, c in pairs if [c2 for _, c2 in pairs].count(c) == 1]


def test_changed_role_updates_the_membership_in_place(files):
    from migis.dialogues.models import Membership

    chosen = {}

    def to_observer(dialogues):
        dialogue = next(
            d for d in dialogues if any(g.get("role", "participating") != "observer" for g, _ in once_in(d))
        )
        group, country = next(
            (g, c) for g, c in once_in(dialogue) if g.get("role", "participating") != "observer"
        )
        group["countries"].remove(country)
        dialogue["memberships"].append({**group, "role": "observer", "countries": [country]})
        chosen.update(dialogue=dialogue["slug"], country=country)

    files.edit(files.data / "dialogues.yaml", to_observer)
    before = Membership.objects.get(dialogue__slug=chosen["dialogue"], country__iso3=chosen["country"])
    total = Membership.objects.count()

    report = loader.load(demo=True)

    after = Membership.objects.get(dialogue__slug=chosen["dialogue"], country__iso3=chosen["country"])
    assert (after.pk, after.role) == (before.pk, "observer")
    assert Membership.objects.count() == total
    tally = report["dialogue memberships"]
    assert (tally.added, tally.changed, tally.removed) == (0, 1, 0)


def test_corrected_declaration_title_and_fact_text_update_the_record(files):
    from migis.dialogues.models import Declaration, DialogueFact

    def correct(content):
        content["declarations"][0]["title"] += " (corrected)"
        content["facts"][0]["text"] = content["facts"][0]["text"].replace("ICMPD", "The ICMPD", 1)

    files.edit(files.demo / "dialogue_facts.yaml", correct)
    counts = Declaration.objects.count(), DialogueFact.objects.count()
    declaration = Declaration.objects.get(title="Action Plan 2012-2016")
    fact = DialogueFact.objects.get(text__startswith="ICMPD has acted as secretariat of the Budapest")

    report = loader.load(demo=True)

    assert (Declaration.objects.count(), DialogueFact.objects.count()) == counts
    assert Declaration.objects.get(pk=declaration.pk).title == "Action Plan 2012-2016 (corrected)"
    assert DialogueFact.objects.get(pk=fact.pk).text.startswith("The ICMPD has acted")
    assert (report["declarations"].changed, report["declarations"].added) == (1, 0)
    assert (report["dialogue facts"].changed, report["dialogue facts"].added) == (1, 0)


def test_explicit_key_keeps_a_declaration_through_a_new_title_and_year(files):
    from migis.dialogues.models import Declaration

    files.edit(files.demo / "dialogue_facts.yaml", lambda c: c["declarations"][1].update(key="bratislava"))
    loader.load(demo=True)
    declaration = Declaration.objects.get(title="Bratislava Ministerial Declaration")

    def rename(content):
        content["declarations"][1].update(title="Bratislava Declaration", year=2017)

    files.edit(files.demo / "dialogue_facts.yaml", rename)
    report = loader.load(demo=True)
    assert Declaration.objects.get(pk=declaration.pk).title == "Bratislava Declaration"
    assert not Declaration.objects.filter(title="Bratislava Ministerial Declaration").exists()
    assert (report["declarations"].changed, report["declarations"].added, report["declarations"].removed) == (
        1,
        0,
        0,
    )


def test_records_removed_from_the_files_are_removed(files):
    import yaml

    from migis.dialogues.models import Dialogue, Membership
    from migis.projects.models import Project

    demo_text = "".join(p.read_text(encoding="utf-8") for p in files.demo.glob("*.yaml"))
    events = yaml.safe_load((files.demo / "events.yaml").read_text(encoding="utf-8"))
    removed = {}

    def drop_dialogue_and_membership(dialogues):
        dialogue = next(d for d in dialogues if d["slug"] not in demo_text and d.get("memberships"))
        dialogues.remove(dialogue)
        other = next(d for d in dialogues if once_in(d))
        group, country = once_in(other)[0]
        group["countries"].remove(country)
        removed.update(dialogue=dialogue["slug"], membership=(other["slug"], country))

    def drop_project(projects):
        used = {e.get("project") for e in events}
        project = next(
            p for p in projects if p.get("acronym") and p["acronym"] not in used and "key" not in p
        )
        projects.remove(project)
        removed["project"] = project["acronym"]

    files.edit(files.data / "dialogues.yaml", drop_dialogue_and_membership)
    files.edit(files.demo / "projects.yaml", drop_project)
    gone_memberships = Membership.objects.filter(dialogue__slug=removed["dialogue"]).count()
    assert gone_memberships and Project.objects.filter(acronym=removed["project"]).exists()

    report = loader.load(demo=True)

    assert not Dialogue.objects.filter(slug=removed["dialogue"]).exists()
    dialogue, country = removed["membership"]
    assert not Membership.objects.filter(dialogue__slug=dialogue, country__iso3=country).exists()
    assert not Project.objects.filter(acronym=removed["project"]).exists()
    assert report["dialogues"].removed == 1
    assert report["dialogue memberships"].removed == gone_memberships + 1
    assert report["projects"].removed == 1
    assert report["projects"].added == report["projects"].changed == 0


def test_back_office_records_stay(files):
    from migis.dialogues.models import Dialogue, Membership
    from migis.geo.models import Country
    from migis.projects.models import Project

    own = Dialogue.objects.create(slug="back-office-dialogue", name_en="Made by an editor")
    malta = Country.objects.get(iso3="MLT")
    Membership.objects.create(dialogue=own, country=malta, role="observer")
    project = Project.objects.create(slug="back-office-project", title="Made by an editor")
    project.countries.add(malta)
    dropped = {}

    def drop_one_member(dialogues):  # the same run removes a membership from the file
        dialogue = next(d for d in dialogues if once_in(d))
        group, country = once_in(dialogue)[0]
        group["countries"].remove(country)
        dropped.update(slug=dialogue["slug"], country=country)

    files.edit(files.data / "dialogues.yaml", drop_one_member)
    # An editor's membership in that dialogue, of a state the file does not list there.
    dialogue = Dialogue.objects.get(slug=dropped["slug"])
    outsider = Country.objects.exclude(dialogue_memberships__dialogue=dialogue).first()
    extra = Membership.objects.create(dialogue=dialogue, country=outsider, role="observer")

    report = loader.load(demo=True)

    assert Dialogue.objects.filter(pk=own.pk).exists() and own.memberships.count() == 1
    assert Membership.objects.filter(pk=extra.pk).exists()
    assert not dialogue.memberships.filter(country__iso3=dropped["country"]).exists()
    assert Project.objects.get(pk=project.pk).countries.get() == malta
    assert report.total().removed == report["dialogue memberships"].removed == 1


def test_loading_without_the_demo_content_keeps_it():
    from migis.events.models import Event
    from migis.projects.models import Project

    counts = Project.objects.count(), Event.objects.count()
    report = loader.load()
    assert (Project.objects.count(), Event.objects.count()) == counts and counts[0]
    assert report.total().removed == 0 and "projects" not in report.kinds


def test_identical_run_saves_nothing():
    from django.db.models import Max
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from migis.search.models import PendingEntry

    curated = [m for m in apps.get_models() if issubclass(m, Curated)]
    stamps = {m: m.objects.aggregate(last=Max("updated"))["last"] for m in curated}
    pending = PendingEntry.objects.count()
    signals = []

    def record(sender, **kwargs):
        signals.append(sender)

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(record, dispatch_uid="test-loader-record")
    try:
        report = loader.load(demo=True)
    finally:
        for signal in (post_save, post_delete, m2m_changed):
            signal.disconnect(dispatch_uid="test-loader-record")

    assert signals == []
    assert {m: m.objects.aggregate(last=Max("updated"))["last"] for m in curated} == stamps
    assert PendingEntry.objects.count() == pending
    total = report.total()
    assert (total.added, total.changed, total.removed) == (0, 0, 0) and total.unchanged > 1000
    assert report.loaded_line().startswith("Loaded 30 regions, 250 countries, ")
    assert "dialogue memberships: 0 added, 0 changed, 0 removed, " in "\n".join(report.lines())


def test_removal_blocked_by_a_back_office_record_stops_the_load(files):
    from migis.geo.models import Country, Region

    polynesia = Region.objects.get(code="061")
    Country.objects.create(
        iso3="ZZT", iso2="ZT", name_en="Testland", region=polynesia.parent, subregion=polynesia
    )
    files.edit(
        files.data / "regions.yaml",
        lambda c: c["regions"].remove(next(r for r in c["regions"] if r["code"] == "061")),
    )
    # Something that would be written, to show it is rolled back as well.
    files.edit(files.data / "themes.yaml", lambda themes: themes[0]["names"].update(en="Renamed theme"))
    before = snapshot()
    samoa = Country.objects.get(iso3="WSM")

    with pytest.raises(DataError) as err:
        loader.load(demo=True)

    message = str(err.value)
    assert message.startswith("regions.yaml: ") and "Polynesia" in message and "Testland" in message
    assert snapshot() == before
    assert Country.objects.get(iso3="WSM").subregion_id == samoa.subregion_id == polynesia.pk
    from migis.frameworks.models import Theme

    assert not Theme.objects.filter(name_en="Renamed theme").exists()


def test_removal_that_would_delete_a_back_office_record_stops_the_load(files):
    from migis.dialogues.models import Dialogue, Membership
    from migis.geo.models import Country

    demo_text = "".join(p.read_text(encoding="utf-8") for p in files.demo.glob("*.yaml"))
    chosen = {}

    def drop(dialogues):
        dialogue = next(d for d in dialogues if d["slug"] not in demo_text)
        dialogues.remove(dialogue)
        chosen["slug"] = dialogue["slug"]

    files.edit(files.data / "dialogues.yaml", drop)
    dialogue = Dialogue.objects.get(slug=chosen["slug"])
    Membership.objects.create(dialogue=dialogue, country=Country.objects.get(iso3="BRA"), role="observer")
    before = snapshot()

    with pytest.raises(DataError, match=r"dialogues\.yaml: .*Brazil in .*not from the files"):
        loader.load(demo=True)
    assert snapshot() == before


# --- member-list statements, co-chairs, end sources ------------------------------------------------


def test_member_list_statement_co_chair_and_headquarters_city_are_loaded():
    import datetime

    from migis.dialogues.models import Chairmanship, Dialogue
    from migis.organisations.models import Organisation

    gfmd = Dialogue.objects.get(slug="gfmd")
    assert (gfmd.member_list_status, gfmd.member_list_as_of) == ("none", None)
    assert "open to all UN member states" in gfmd.member_list_note_en
    rabat = Dialogue.objects.get(slug="rabat-process")
    assert (rabat.member_list_status, rabat.member_list_as_of) == ("complete", datetime.date(2019, 1, 1))
    bali = Dialogue.objects.get(
        slug="bali-process"
    )  # the states' date, not the later one of its organisations
    assert (bali.member_list_status, bali.member_list_as_of) == ("partial", datetime.date(2016, 1, 1))
    hungary = Chairmanship.objects.get(dialogue__slug="budapest-process", country__iso3="HUN", start=2006)
    assert hungary.co_chair and hungary.end is None
    assert Organisation.objects.get(slug="icmpd").headquarters_city == "Vienna"


def test_changed_statements_update_the_records_in_place(files):
    from migis.dialogues.models import Chairmanship, Dialogue

    def change(dialogues):
        by_slug = {d["slug"]: d for d in dialogues}
        by_slug["gfmd"]["member_list"]["note"]["en"] = "Open to all UN member states."
        by_slug["bali-process"]["member_list"] = {"status": "complete"}
        hungary = next(c for c in by_slug["budapest-process"]["chairs"] if c.get("co_chair"))
        hungary["co_chair"] = False
        hungary["end"] = 2030

    files.edit(files.data / "dialogues.yaml", change)
    chair = Chairmanship.objects.get(dialogue__slug="budapest-process", country__iso3="HUN", start=2006)
    pks = set(Dialogue.objects.values_list("pk", flat=True))

    report = loader.load(demo=True)

    assert set(Dialogue.objects.values_list("pk", flat=True)) == pks
    assert Dialogue.objects.get(slug="gfmd").member_list_note_en == "Open to all UN member states."
    bali = Dialogue.objects.get(slug="bali-process")
    assert (bali.member_list_status, bali.member_list_note_en) == ("complete", "")
    chair.refresh_from_db()
    assert (chair.co_chair, chair.end) == (False, 2030)
    assert (report["dialogues"].changed, report["chairmanships"].changed) == (2, 1)
    assert loader.load(demo=True).total().changed == 0  # and a re-run changes nothing


@pytest.mark.parametrize(
    "slug, change, message",
    [
        (
            "gfmd",
            lambda d: d["member_list"].update(status="some"),
            r"member_list\.status': 'some' is not one of",
        ),
        ("gfmd", lambda d: d["member_list"].pop("note"), r"member_list\.note': `none` needs a note"),
        (
            "midwa",
            lambda d: d["member_list"].update(status="none", note={"en": "x"}),
            r"`none`, but the dialogue",
        ),
        (
            "hld",
            lambda d: d["member_list"].update(status="complete"),
            r"'complete', but the dialogue lists no",
        ),
        ("hld", lambda d: d["member_list"].pop("status"), r"member_list\.status': is required"),
        (
            "colombo-process",
            lambda d: d["chairs"][0].pop("end"),
            r"chairs\[0\]\.end_source': a source for the end year, but no `end`",
        ),
        (
            "colombo-process",
            lambda d: d["chairs"][0].update(end=2010),
            r"chairs\[0\]\.end': 2010 is outside 2013",
        ),
    ],
)
def test_bad_statements_are_refused(files, slug, change, message):
    def edit(dialogues):
        change(next(d for d in dialogues if d["slug"] == slug))

    files.edit(files.data / "dialogues.yaml", edit)
    before = snapshot()
    with pytest.raises(DataError, match=message):
        loader.load(demo=True)
    assert snapshot() == before


def test_end_and_fact_sources_are_checked(files):
    def edit(dialogues):
        dialogue = next(d for d in dialogues if d["slug"] == "khartoum-process")
        dialogue["fact_sources"][0].pop("url")

    files.edit(files.data / "dialogues.yaml", edit)
    with pytest.raises(DataError, match=r"fact_sources\[0\]\.source\.file': a source needs a corpus file"):
        loader.load()
