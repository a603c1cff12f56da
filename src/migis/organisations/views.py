from django.http import Http404
from django.shortcuts import render

from migis.core import export as downloads
from migis.core.collation import collated
from migis.documents.services import documents_mentioning
from migis.organisations.api import OrganisationOut
from migis.organisations.models import Organisation
from migis.organisations.services import current_members


def organisation_list(request):
    visible = Organisation.objects.visible_to(request.user)
    if fmt := downloads.wanted(request):
        rows = collated(visible.with_sources(), key=lambda o: o.name)
        return downloads.response(rows, OrganisationOut, "organisations", fmt)
    organisations = collated(visible, key=lambda o: o.name)
    return render(request, "organisations/organisation_list.html", {"organisations": organisations})


def organisation_detail(request, slug: str):
    org = (
        Organisation.objects.visible_to(request.user)
        .select_related("headquarters")
        .with_sources()
        .filter(slug=slug)
        .first()
    )
    if org is None:
        raise Http404(f"No organisation {slug}")
    members, as_of = current_members(org, request.user)
    context = {
        "org": org,
        "members": members,
        "as_of": as_of,
        "funded": org.funded_projects.all(),
        "implemented": org.implemented_projects.all(),
        "mentioned_in": documents_mentioning(request.user, "organisation", org.slug),
    }
    return render(request, "organisations/organisation_detail.html", context)
