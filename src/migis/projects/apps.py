from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "migis.projects"
    label = "projects"

    def ready(self):
        from migis.documents import mentions
        from migis.projects.models import Project

        mentions.register("project", Project, "slug")
