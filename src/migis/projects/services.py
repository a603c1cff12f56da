from django.db.models import Prefetch

from migis.geo.models import Country
from migis.projects.models import Project

RELATED = ("regions", "themes", "donors", "implementers", "dialogues", "sdg_targets")


def visible_projects(user):
    """Projects `user` may read, with their related records prefetched (a fixed number of queries); the
    reader scope limits every prefetched relation to what `user` may see."""
    countries = Prefetch(
        "countries", Country.objects.only("iso3", "name_en", "name_fr", "name_ar", "visibility")
    )
    return Project.objects.visible_to(user).prefetch_related(countries, *RELATED)
