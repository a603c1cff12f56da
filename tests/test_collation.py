"""Lists sort the way readers of each language expect (ICU collation), not by code point."""

import re
from html import unescape

import pytest

from migis.core.collation import collated
from tests.conftest import client_for


@pytest.mark.parametrize(
    "language, names, expected",
    [
        ("en", ["Czechia", "Côte d’Ivoire", "Zambia", "Åland Islands", "Austria"],
         ["Åland Islands", "Austria", "Côte d’Ivoire", "Czechia", "Zambia"]),
        ("fr", ["États-Unis", "Zambie", "Égypte", "Espagne", "Fidji"],
         ["Égypte", "Espagne", "États-Unis", "Fidji", "Zambie"]),
        ("ar", ["باكستان", "إيطاليا", "ألمانيا", "اليمن", "آيسلندا"],
         ["آيسلندا", "ألمانيا", "اليمن", "إيطاليا", "باكستان"]),
    ],
)  # fmt: skip
def test_names_sort_by_the_rules_of_the_language(language, names, expected):
    assert collated(names, language=language) == expected
    assert sorted(names) != expected  # code points would not do


def names_on(url: str) -> list[str]:
    html = client_for().get(url).content.decode()
    return [unescape(n) for n in re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, prefix, before",
    [
        # (a state, the state it must come before): code points put the first after the second
        ("en", "", [("CIV", "CZE"), ("ALA", "ALB")]),
        ("fr", "/fr", [("EGY", "ESP"), ("USA", "FJI"), ("CIV", "HRV")]),
        ("ar", "/ar", [("JOR", "ITA"), ("YEM", "ITA")]),
    ],
)
def test_the_country_list_is_in_the_readers_order(language, prefix, before):
    from migis.geo.models import Country

    names = {c.iso3: getattr(c, f"name_{language}") or c.name_en for c in Country.objects.all()}
    shown = names_on(f"{prefix}/countries/")
    assert len(shown) > 200
    for first, second in before:
        assert shown.index(names[first]) < shown.index(names[second]), (names[first], names[second])
        assert sorted([names[first], names[second]]) != [names[first], names[second]]  # code points would not
    assert shown == collated(shown, language=language)
