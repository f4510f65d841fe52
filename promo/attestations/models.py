"""Attestations: an engineer asks a colleague to confirm one artifact, and their answer."""

from django.conf import settings
from django.db import models
from django.utils import timezone

QUESTION_LENGTH = 200
STATEMENT_LENGTH = 500


class Attestation(models.Model):
    """One request to one colleague about one artifact, and what they answered.

    The owner is the artifact's owner; asking is theirs alone. A cancelled request frees
    the colleague to be asked again; any other row is the one answer that person gives
    about that artifact.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled by the owner"
        WITHDRAWN = "withdrawn", "Withdrawn"

    artifact = models.ForeignKey(
        "evidence.Artifact", on_delete=models.CASCADE, related_name="attestations"
    )
    attester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attestations_given"
    )
    question = models.CharField(max_length=QUESTION_LENGTH)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # The attester's own words, and whether their team adopted the work.
    statement = models.CharField(max_length=STATEMENT_LENGTH, blank=True)
    adopted = models.BooleanField(default=False)
    requested_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["artifact", "attester"],
                condition=~models.Q(status="cancelled"),
                name="attestation_one_answer_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(status="confirmed") | models.Q(adopted=False),
                name="attestation_adopted_only_when_confirmed",
            ),
        ]
        indexes = [
            models.Index(fields=["attester", "status"], name="attestation_attester_status"),
            models.Index(fields=["status", "requested_at"], name="attestation_status_requested"),
        ]

    def __str__(self):
        return f"attestation {self.pk} by {self.attester_id} on artifact {self.artifact_id}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def may_withdraw(self):
        return self.status in (self.Status.CONFIRMED, self.Status.DECLINED)
