"""UN M49 regions as filters use them: a region with every region below it."""

from django.db.models import Q

from migis.geo.models import Region


def region_codes(code: str, user=None) -> list[str]:
    """The M49 region and every region below it, among those `user` may see."""
    regions = Region.objects.visible_to(user)
    codes = list(regions.filter(code=code).values_list("code", flat=True))
    frontier = codes
    while frontier:
        frontier = list(regions.filter(parent__code__in=frontier).values_list("code", flat=True))
        codes += frontier
    return codes


def country_in_region_q(prefix: str, code: str, user=None) -> Q:
    codes = region_codes(code, user)
    return (
        Q(**{f"{prefix}region__code__in": codes})
        | Q(**{f"{prefix}subregion__code__in": codes})
        | Q(**{f"{prefix}intermediate_region__code__in": codes})
    )
