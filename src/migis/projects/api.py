from django.http import Http404
from ninja import Query, Router, Schema

from migis.core.api import list_response
from migis.core.schemas import ErrorOut, SourceOut, paged
from migis.core.serialize import country_ref, dialogue_ref, org_ref, source
from migis.projects.filters import ProjectFilters
from migis.projects.services import visible_projects

router = Router(tags=["projects"])


class ProjectOut(Schema):
    slug: str
    acronym: str
    title: str
    region_label: str
    regions: list[str]
    countries: list[dict]
    themes: list[str]
    donors: list[dict]
    implementers: list[dict]
    dialogues: list[dict]
    sdg_targets: list[str]
    start_year: int | None
    end_year: int | None
    description: str
    visibility: str
    url: str


class ProjectDetailOut(ProjectOut):
    source: SourceOut | None


def project_out(p) -> dict:
    return {
        "slug": p.slug,
        "acronym": p.acronym,
        "title": p.title,
        "region_label": p.region_label,
        "regions": [r.code for r in p.regions.all()],
        "countries": [country_ref(c) for c in p.countries.all()],
        "themes": [t.slug for t in p.themes.all()],
        "donors": [org_ref(o) for o in p.donors.all()],
        "implementers": [org_ref(o) for o in p.implementers.all()],
        "dialogues": [dialogue_ref(d) for d in p.dialogues.all()],
        "sdg_targets": [t.code for t in p.sdg_targets.all()],
        "start_year": p.start_year,
        "end_year": p.end_year,
        "description": p.description,
        "visibility": p.visibility,
        "url": f"/api/projects/{p.slug}",
    }


@router.get(
    "/projects", response={200: paged(ProjectOut, "ProjectList"), 400: ErrorOut}, summary="List projects"
)
def list_projects(request, filters: Query[ProjectFilters], page: int = 1, page_size: int = 25):
    qs = filters.apply(visible_projects(request.user), request.user).order_by("acronym", "title")
    return list_response(request, qs, project_out, page, page_size)


@router.get("/projects/{slug}", response={200: ProjectDetailOut, 404: ErrorOut}, summary="A project")
def get_project(request, slug: str):
    project = visible_projects(request.user).filter(slug=slug).first()
    if project is None:
        raise Http404(f"No project {slug!r}.")
    return {**project_out(project), "source": source(project, request.user)}
