from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "migis.projects"
    label = "projects"
