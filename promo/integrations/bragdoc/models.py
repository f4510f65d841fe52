"""What brag-doc import remembers: which wins a person has imported already."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportedWin(models.Model):
    """One win imported from a brag document, known by its key (a digest of its date and
    words), so importing the same document again offers it no more.

    It goes with its artifact: a win whose evidence was deleted for good (purged from the
    trash) is offered again, so nothing is lost for having been imported once.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imported_wins"
    )
    key = models.CharField(max_length=64)
    artifact = models.ForeignKey(
        "evidence.Artifact", on_delete=models.CASCADE, related_name="imported_wins"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="imported_win_unique_key")
        ]

    def __str__(self):
        return f"{self.owner_id}: {self.key[:12]}"
