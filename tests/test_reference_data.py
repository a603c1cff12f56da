"""The curated reference data: what ships, and that every fact carries its source."""

import pytest
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
