"""Which records came from the reference files: the loader updates these and removes them when the files
drop them. Records made in the back office never appear here, so a load never removes them."""

from django.db import models
from django.db.models import Q


class Loaded(models.Model):
    """One record the loader wrote from a reference file."""

    model = models.CharField(max_length=100)  # the model label, "dialogues.Membership"
    object_id = models.PositiveBigIntegerField()
    file = models.CharField(max_length=100)  # "data/dialogues.yaml", "demo/dialogue_facts.yaml"
    key = models.CharField(max_length=120, blank=True)  # the record's explicit `key` in the file, if any

    class Meta:
        verbose_name = "record loaded from the reference files"
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id"], name="loaded_once"),
            models.UniqueConstraint(fields=["model", "key"], condition=~Q(key=""), name="loaded_key_once"),
        ]

    def __str__(self):
        return f"{self.model} {self.object_id} from {self.file}"
