from django.db.models import Prefetch

from migis.dialogues.models import Dialogue
from migis.frameworks.models import SdgTarget, Theme
from migis.geo.models import Country, Region
from migis.organisations.models import Organisation
from migis.projects.models import Project


def visible_projects(user):
    """Projects `user` may read, with their visible related records prefetched (a fixed number of queries)."""
    orgs = Organisation.objects.visible_to(user)
    return Project.objects.visible_to(user).prefetch_related(
        Prefetch("regions", queryset=Region.objects.visible_to(user)),
        Prefetch(
            "countries",
            queryset=Country.objects.visible_to(user).only("iso3", "name_en", "name_fr", "name_ar"),
        ),
        Prefetch("themes", queryset=Theme.objects.visible_to(user)),
        Prefetch("donors", queryset=orgs),
        Prefetch("implementers", queryset=orgs),
        Prefetch("dialogues", queryset=Dialogue.objects.visible_to(user)),
        Prefetch("sdg_targets", queryset=SdgTarget.objects.visible_to(user)),
    )
