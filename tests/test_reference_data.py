"""The curated reference data: what ships, and that every fact carries its source."""

from collections import defaultdict
from dataclasses import dataclass

import pytest
import yaml
from django.apps import apps

from migis.core.models import Curated
from migis.dialogues.models import Dialogue
from migis.frameworks.models import GcmObjective, SdgTarget
from migis.geo.models import Country

pytestmark = pytest.mark.django_db

REQUIRED_DIALOGUES = [
    "budapest-process",
    "prague-process",
    "rabat-process",
    "khartoum-process",
    "mtm-dialogue",
    "euromed-migration",
    "mmd",
    "mme",
    "c2cmmd",
    "gfmd",
    "hld",
    "jvap",
]


def test_all_iso_countries_plus_kosovo():
    import pycountry

    codes = set(Country.objects.values_list("iso3", flat=True))
    assert {c.alpha_3 for c in pycountry.countries} <= codes
    kosovo = Country.objects.get(iso3="XKX")
    assert kosovo.numeric == ""
    assert kosovo.subregion.name_en == "Southern Europe"
    assert kosovo.name_ar == "كوسوفو"


@pytest.mark.parametrize(
    "iso3, field, value",
    [
        ("MLT", "name_fr", "Malte"),
        ("MLT", "name_ar", "مالطة"),
        ("TUR", "name_ar", "تركيا"),  # pycountry leaves it in English: CLDR fills in
        ("MDA", "name_fr", "Moldavie"),  # pycountry's inverted "Moldova, République de" is not shown
        ("MDA", "official_name_en", "Republic of Moldova"),
        ("CZE", "name_en", "Czechia"),
        ("MKD", "name_en", "North Macedonia"),
        ("COD", "name_en", "Democratic Republic of the Congo"),
        ("CIV", "name_en", "Côte d'Ivoire"),
        ("GMB", "name_fr", "Gambie"),
    ],
)
def test_country_names(iso3, field, value):
    assert getattr(Country.objects.get(iso3=iso3), field) == value


@pytest.mark.parametrize(
    "iso3, lang, alias",
    [
        ("TUR", "en", "Turkey"),
        ("CZE", "en", "Czech Republic"),
        ("LAO", "en", "Lao People's Democratic Republic"),
        ("GMB", "en", "Republic of the Gambia"),
        ("MDA", "fr", "Moldova, République de"),
    ],
)
def test_country_aliases(iso3, lang, alias):
    assert alias in Country.objects.get(iso3=iso3).aliases[lang]


def test_m49_regions():
    malta = Country.objects.select_related("region", "subregion").get(iso3="MLT")
    assert (malta.region.code, malta.subregion.code) == ("150", "039")
    senegal = Country.objects.get(iso3="SEN")
    assert senegal.intermediate_region.code == "011" and senegal.subregion.code == "202"
    assert senegal.region.name_fr == "Afrique"


def test_required_dialogues():
    assert set(REQUIRED_DIALOGUES) <= set(Dialogue.objects.values_list("slug", flat=True))


@pytest.mark.parametrize("goal, count", [(5, 9), (8, 12), (10, 10), (16, 12), (17, 19)])
def test_sdg_targets_complete(goal, count):
    assert SdgTarget.objects.filter(goal__number=goal).count() == count


def test_sdg_codes_and_gcm():
    assert SdgTarget.objects.filter(code__in=["10.7", "10.c", "17.18", "5.2", "8.7", "16.2"]).count() == 6
    assert GcmObjective.objects.count() == 23


def test_icmpd_member_states_from_annual_report():
    from migis.organisations.models import OrganisationMembership

    rows = OrganisationMembership.objects.filter(organisation__slug="icmpd", source_document__isnull=False)
    assert rows.filter(country__iso3="MLT").exists()
    assert "18 Member States" in rows.first().source_passage


def test_every_curated_record_has_a_source():
    for model in apps.get_models():
        if issubclass(model, Curated):
            unsourced = model.objects.filter(source_document__isnull=True, source_url="", source_title="")
            assert not unsourced.exists(), f"{model.__name__} without source: {list(unsourced[:3])}"


def test_corpus_sources_point_at_documents():
    from migis.projects.models import Project

    project = Project.objects.exclude(source_document=None).first()
    assert project.source_passage
    assert project.source_passage.split()[0] in project.source_document.text


# --- checks over the files and over the loaded database --------------------------------------------


@dataclass(frozen=True)
class Chair:
    dialogue: str
    holder: str
    start: int
    end: int | None = None
    co_chair: bool = False

    def __str__(self):
        co = " (co-chair)" if self.co_chair else ""
        return f"{self.dialogue}: {self.holder} {self.start}-{self.end or ''}{co}"


def overlapping_chairs(chairs) -> list[tuple[Chair, Chair]]:
    """Pairs of chairs of one dialogue whose terms overlap while neither is marked a co-chair. A chair
    that ends in the year the next one starts handed over (no overlap); one with no end lasts until now,
    so any later chair overlaps it; two starting in the same year overlap."""
    by_dialogue = defaultdict(set)
    for chair in chairs:
        by_dialogue[chair.dialogue].add(chair)
    pairs = []
    for rows in by_dialogue.values():
        rows = sorted(rows, key=lambda c: (c.start, c.holder))
        for i, first in enumerate(rows):
            for later in rows[i + 1 :]:
                overlap = later.start == first.start or first.end is None or later.start < first.end
                if overlap and not (first.co_chair or later.co_chair):
                    pairs.append((first, later))
    return pairs


@dataclass(frozen=True)
class MemberStatement:
    dialogue: str
    has_members: bool  # states or organisations listed
    status: str  # complete, partial, none, or "" when the dialogue makes no statement
    note: str


def unstated_member_lists(dialogues) -> list[str]:
    """Dialogues that do not say how complete their member list is, or that list no members and do not
    say why (status `none` with a note)."""
    problems = []
    for d in dialogues:
        if not d.status:
            problems.append(f"{d.dialogue}: no member_list statement")
        elif not d.has_members and not (d.status == "none" and d.note):
            problems.append(f"{d.dialogue}: no members, and no statement why")
    return problems


def chairs_in_files(*texts: str) -> list[Chair]:
    """The chairs in dialogues.yaml (a list of dialogues) and the demo facts ({chairs: [...]})."""
    out = []
    for text in texts:
        data = yaml.safe_load(text)
        if isinstance(data, dict):
            entries = [(c["dialogue"], c) for c in data.get("chairs") or []]
        else:
            entries = [(d["slug"], c) for d in data for c in d.get("chairs") or []]
        for slug, c in entries:
            holder = c.get("country") or c.get("organisation")
            out.append(Chair(slug, holder, c["start"], c.get("end"), bool(c.get("co_chair"))))
    return out


def statements_in_file(text: str) -> list[MemberStatement]:
    out = []
    for d in yaml.safe_load(text):
        statement = d.get("member_list") or {}
        out.append(
            MemberStatement(
                d["slug"],
                bool(d.get("memberships") or d.get("organisation_members")),
                statement.get("status", ""),
                (statement.get("note") or {}).get("en", ""),
            )
        )
    return out


def chairs_in_database() -> list[Chair]:
    from migis.dialogues.models import Chairmanship

    rows = Chairmanship.objects.select_related("dialogue", "country", "organisation")
    return [
        Chair(
            c.dialogue.slug,
            str(c.country.iso3 if c.country else c.organisation.slug),
            c.start,
            c.end,
            c.co_chair,
        )
        for c in rows
    ]


def statements_in_database() -> list[MemberStatement]:
    from django.db.models import Exists, OuterRef

    from migis.dialogues.models import Membership, OrganisationParticipation

    dialogues = Dialogue.objects.annotate(
        states=Exists(Membership.objects.filter(dialogue=OuterRef("pk"))),
        organisations=Exists(OrganisationParticipation.objects.filter(dialogue=OuterRef("pk"))),
    )
    return [
        MemberStatement(d.slug, d.states or d.organisations, d.member_list_status, d.member_list_note_en)
        for d in dialogues
    ]


def shipped(name: str, folder: str = "data") -> str:
    from migis.reference import loader

    base = loader.DATA_DIR if folder == "data" else loader.DEMO_DIR
    return (base / name).read_text(encoding="utf-8")


BAD_CHAIRS = """
- slug: test-process
  chairs:
  - {country: MLT, start: 2015, end: 2017, source: {url: 'https://example.org/', as_of: 2017-01-01}}
  - {country: TUN, start: 2016, source: {url: 'https://example.org/', as_of: 2017-01-01}}
  - {country: ITA, start: 2019, source: {url: 'https://example.org/', as_of: 2019-01-01}}
- slug: handovers-and-co-chairs
  chairs:
  - {country: HUN, start: 1993, end: 2006, source: {url: 'https://example.org/', as_of: 2020-01-01}}
  - {country: TUR, start: 2006, source: {url: 'https://example.org/', as_of: 2020-01-01}}
  - {country: HUN, start: 2006, co_chair: true, source: {url: 'https://example.org/', as_of: 2020-01-01}}
"""


def test_overlapping_chairs_are_caught_in_a_bad_file():
    pairs = {(a.holder, b.holder) for a, b in overlapping_chairs(chairs_in_files(BAD_CHAIRS))}
    # Malta (2015-2017) and Tunisia (from 2016) overlap; Tunisia, never ended, overlaps Italy. A handover in
    # the same year (Hungary to Türkiye, 2006) and a marked co-chair (Hungary from 2006) do not.
    assert pairs == {("MLT", "TUN"), ("TUN", "ITA")}


def test_no_chairs_overlap_in_the_files():
    chairs = chairs_in_files(shipped("dialogues.yaml"), shipped("dialogue_facts.yaml", "demo"))
    assert len(chairs) > 40
    assert overlapping_chairs(chairs) == [], [f"{a} / {b}" for a, b in overlapping_chairs(chairs)]


def test_no_chairs_overlap_in_the_database():
    chairs = chairs_in_database()
    assert any(c.co_chair for c in chairs)
    assert overlapping_chairs(chairs) == [], [f"{a} / {b}" for a, b in overlapping_chairs(chairs)]


def test_overlapping_chairs_are_caught_in_the_database():
    from migis.dialogues.models import Chairmanship
    from migis.geo.models import Country

    gfmd = Dialogue.objects.get(slug="gfmd")
    Chairmanship.objects.create(
        dialogue=gfmd, country=Country.objects.get(iso3="FRA"), start=2024, source_title="t"
    )
    assert [(a.holder, b.holder) for a, b in overlapping_chairs(chairs_in_database())] == [("COL", "FRA")]


BAD_MEMBER_LISTS = """
- slug: silent-process
  memberships:
  - {countries: [MLT], as_of: 2024-01-01, source: {url: 'https://example.org/', as_of: 2024-01-01}}
- slug: empty-process
  member_list: {status: partial}
- slug: global-process
  member_list: {status: none, note: {en: A global process open to all UN member states.}}
- slug: none-without-why
  member_list: {status: none}
- slug: listed-process
  member_list: {status: complete}
  organisation_members:
  - {organisation: iom, as_of: 2024-01-01, source: {url: 'https://example.org/', as_of: 2024-01-01}}
"""


def test_unstated_member_lists_are_caught_in_a_bad_file():
    assert unstated_member_lists(statements_in_file(BAD_MEMBER_LISTS)) == [
        "silent-process: no member_list statement",
        "empty-process: no members, and no statement why",
        "none-without-why: no members, and no statement why",
    ]


def test_every_dialogue_states_its_member_list_in_the_files():
    statements = statements_in_file(shipped("dialogues.yaml"))
    assert len(statements) == Dialogue.objects.count()
    assert unstated_member_lists(statements) == []


def test_every_dialogue_states_its_member_list_in_the_database():
    assert unstated_member_lists(statements_in_database()) == []
    Dialogue.objects.filter(slug="gfmd").update(member_list_note_en="")
    Dialogue.objects.filter(slug="hld").update(member_list_status="")
    assert unstated_member_lists(statements_in_database()) == [
        "gfmd: no members, and no statement why",
        "hld: no member_list statement",
    ]


@pytest.mark.parametrize(
    "slug, count",
    [
        ("budapest-process", 55),
        ("prague-process", 50),
        ("bali-process", 44),
        ("midwa", 15),
        ("igad-rcp", 8),
        ("abu-dhabi-dialogue", 18),
        ("euromed-migration", 10),
    ],
)
def test_member_lists(slug, count):
    from migis.dialogues.models import Membership

    assert Membership.objects.filter(dialogue__slug=slug, role="participating").count() == count


def test_abu_dhabi_dialogue_members_include_afghanistan_and_china():
    from migis.dialogues.models import Membership

    members = Membership.objects.filter(dialogue__slug="abu-dhabi-dialogue", role="participating")
    assert {"AFG", "CHN"} <= set(members.values_list("country__iso3", flat=True))


@pytest.mark.parametrize("slug, count", [("european-union", 27), ("african-union", 54), ("ecowas", 15)])
def test_organisation_member_states(slug, count):
    from migis.organisations.models import OrganisationMembership

    assert OrganisationMembership.objects.filter(organisation__slug=slug).count() == count


def test_corrections():
    from migis.dialogues.models import Chairmanship
    from migis.organisations.models import Organisation

    prague = Chairmanship.objects.filter(dialogue__slug="prague-process", country__iso3="CZE", end=None)
    assert list(prague.values_list("start", flat=True)) == [2020]
    assert Chairmanship.objects.get(dialogue__slug="colombo-process", country__iso3="LKA").end == 2017
    rabat = Chairmanship.objects.filter(dialogue__slug="rabat-process", end__isnull=False)
    assert {("BEL", 2018), ("BFA", 2019), ("ESP", 2022)} <= set(rabat.values_list("country__iso3", "end"))
    khartoum = Dialogue.objects.get(slug="khartoum-process")
    assert khartoum.secretariat is None and "African Union Commission" in khartoum.description_en
    icmpd = Organisation.objects.get(slug="icmpd")
    assert (icmpd.headquarters.iso3, icmpd.headquarters_city) == ("AUT", "Vienna")


def test_the_member_list_statement_is_on_the_page_and_in_the_api(client):
    html = client.get("/dialogues/rabat-process/").content.decode()
    assert "Member list: complete, as of 1 January 2019" in html
    assert "Member list: none — A global, state-led process open to all UN member states" in (
        client.get("/dialogues/gfmd/").content.decode()
    )
    assert "(co-chair)" in client.get("/dialogues/budapest-process/").content.decode()
    body = client.get("/api/dialogues?page_size=100").json()
    statements = {d["slug"]: d["member_list"] for d in body["results"]}
    assert (
        statements["bali-process"]["status"] == "partial" and "44" in statements["bali-process"]["note"]["en"]
    )
    assert statements["rabat-process"]["as_of"] == "2019-01-01"
    assert statements["hld"] == {"status": "none", "note": statements["hld"]["note"], "as_of": None}
