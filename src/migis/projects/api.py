from django.http import Http404
from ninja import Query, Router, Schema

from migis.core.api import PageParams, list_response
from migis.core.schemas import CountryRef, DialogueRef, ErrorOut, OrgRef, Sourced, SourceOut, paged
from migis.projects.filters import ProjectFilters
from migis.projects.services import visible_projects

router = Router(tags=["projects"])


class ProjectOut(Schema):
    slug: str
    acronym: str
    title: str
    region_label: str
    regions: list[str]
    countries: list[CountryRef]
    themes: list[str]
    donors: list[OrgRef]
    implementers: list[OrgRef]
    dialogues: list[DialogueRef]
    sdg_targets: list[str]
    start_year: int | None
    end_year: int | None
    description: str
    visibility: str
    url: str

    @staticmethod
    def resolve_regions(obj):
        return [r.code for r in obj.regions.all()]

    @staticmethod
    def resolve_themes(obj):
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_sdg_targets(obj):
        return [t.code for t in obj.sdg_targets.all()]

    @staticmethod
    def resolve_url(obj):
        return f"/api/projects/{obj.slug}"


class ProjectDetailOut(ProjectOut, Sourced):
    source: SourceOut | None


@router.get(
    "/projects", response={200: paged(ProjectOut, "ProjectList"), 400: ErrorOut}, summary="List projects"
)
def list_projects(request, filters: Query[ProjectFilters], paging: Query[PageParams]):
    qs = filters.apply(visible_projects(request.user), request.user).order_by("acronym", "title")
    return list_response(request, qs, paging, ProjectOut)


@router.get("/projects/{slug}", response={200: ProjectDetailOut, 404: ErrorOut}, summary="A project")
def get_project(request, slug: str):
    project = visible_projects(request.user).with_sources().filter(slug=slug).first()
    if project is None:
        raise Http404(f"No project {slug!r}.")
    return project
