from django.db.models import F, Max

from migis.core.collation import collated
from migis.organisations.models import Organisation, OrganisationMembership


def _newest_first():
    return F("as_of").desc(nulls_last=True)


def current_members(org, user):
    """The member states in the newest list a source gives for `org`, and its date (the reader scope
    leaves out memberships of states `user` may not see)."""
    rows = OrganisationMembership.objects.visible_to(user).filter(organisation=org)
    latest = rows.order_by(_newest_first()).values_list("as_of", flat=True).first()
    if latest is None:
        return [], None
    members = rows.filter(as_of=latest).select_related("country").with_sources()
    return collated(members, key=lambda m: m.country.name), latest


def current_memberships_of(country, user) -> list:
    """The organisations whose newest member list includes `country` (the same rule as `current_members`)."""
    visible = OrganisationMembership.objects.visible_to(user).filter(
        organisation__in=Organisation.objects.visible_to(user)
    )
    newest = dict(visible.values("organisation").annotate(d=Max("as_of")).values_list("organisation", "d"))
    rows = visible.filter(country=country).select_related("organisation").with_sources()
    current = [m for m in rows if m.as_of == newest.get(m.organisation_id)]
    return collated(current, key=lambda m: m.organisation.name)
