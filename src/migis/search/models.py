"""The search outbox: every change to an indexed record leaves a row here, in the same transaction as the
change itself. The index is brought up to date from these rows (see outbox.py), so a crash between the
database commit and the index commit leaves the rows behind, and the next run applies them."""

from django.db import models


class PendingEntry(models.Model):
    key = models.CharField(max_length=200)  # "document:<key>", "country:MLT", ... (search.documents)
    queued = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.key
