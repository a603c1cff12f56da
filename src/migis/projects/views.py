from django.http import Http404
from django.shortcuts import render

from migis.core.listing import list_page
from migis.dialogues.models import Dialogue
from migis.documents.services import documents_mentioning
from migis.frameworks.models import Theme
from migis.geo.models import Region
from migis.organisations.models import Organisation
from migis.projects.filters import ProjectFilters
from migis.projects.models import Project
from migis.projects.services import visible_projects


def filter_choices(user) -> dict:
    """The options of the filter form, each list visibility-checked like the records."""
    return {
        "regions": Region.objects.visible_to(user).exclude(level=Region.Level.INTERMEDIATE).order_by("code"),
        "themes": Theme.objects.visible_to(user),
        "donors": Organisation.objects.visible_to(user)
        .filter(funded_projects__in=Project.objects.visible_to(user))
        .distinct(),
        "dialogue_choices": Dialogue.objects.visible_to(user).order_by("name_en"),
    }


def project_list(request):
    # The list shows acronym, title, region and period only: no related records to prefetch.
    qs = Project.objects.visible_to(request.user).order_by("acronym", "title")
    return list_page(request, "projects/project_list.html", ProjectFilters, qs, filter_choices(request.user))


def project_detail(request, slug: str):
    project = visible_projects(request.user).filter(slug=slug).first()
    if project is None:
        raise Http404(f"No project {slug}")
    events = project.events.visible_to(request.user).order_by("-start_date")
    mentioned_in = documents_mentioning(request.user, "project", project.slug)
    context = {"project": project, "events": events, "mentioned_in": mentioned_in}
    return render(request, "projects/project_detail.html", context)
