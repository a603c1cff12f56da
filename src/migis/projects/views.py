from django.http import Http404
from django.shortcuts import render

from migis.core.listing import list_page
from migis.documents.services import documents_mentioning
from migis.projects.api import ProjectOut
from migis.projects.filters import ProjectFilters, filter_choices
from migis.projects.models import Project
from migis.projects.services import visible_projects


def project_list(request):
    # The list shows acronym, title, region and period only: no related records to prefetch.
    qs = Project.objects.visible_to(request.user).order_by("acronym", "title")
    extra = filter_choices(request.user)
    return list_page(
        request, "projects/project_list.html", ProjectFilters, qs, extra, (ProjectOut, "projects")
    )


def project_detail(request, slug: str):
    project = visible_projects(request.user).with_sources().filter(slug=slug).first()
    if project is None:
        raise Http404(f"No project {slug}")
    context = {
        "project": project,
        "events": project.events.order_by("-start_date"),
        "mentioned_in": documents_mentioning(request.user, "project", project.slug),
    }
    return render(request, "projects/project_detail.html", context)
