from migis.organisations.models import OrganisationMembership


def current_members(org, user):
    """The member states in the newest list a source gives, and its date."""
    rows = OrganisationMembership.objects.visible_to(user).filter(organisation=org)
    latest = rows.order_by("-as_of").values_list("as_of", flat=True).first()
    if latest is None:
        return [], None
    return list(
        rows.filter(as_of=latest).select_related("country").with_sources().order_by("country__name_en")
    ), latest
