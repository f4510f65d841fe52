"""The audit log: an append-only record of sensitive reads and changes.

Rows are written once, through `promo.audit.services.audit_record`, and never changed
or deleted by the application: `save()` on an existing row, `delete()`, and the
queryset's `update()` / `delete()` all refuse.

People are linked by id without a database constraint (`db_constraint=False`,
`on_delete=DO_NOTHING`) and their name and email are copied into `*_label` at the time
of writing, so erasing a person neither rewrites nor orphans the history about them.
"""

from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries are append-only: they cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit entries are append-only: they cannot be deleted.")

    def views_of(self, person):
        """Someone else viewing or exporting `person`'s evidence or drafts."""
        return self.filter(subject_id=person.pk, action__in=AuditEntry.VIEW_ACTIONS).exclude(
            actor_id=person.pk
        )


def person_label(person):
    if person is None:
        return ""
    return f"{person.display_name} <{person.email}>" if person.display_name else person.email


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        EVIDENCE_VIEWED = "evidence_viewed", "Viewed evidence"
        EVIDENCE_EXPORTED = "evidence_exported", "Exported evidence"
        DRAFT_VIEWED = "draft_viewed", "Viewed a draft"
        DRAFT_EXPORTED = "draft_exported", "Exported a draft"
        ROLE_CHANGED = "role_changed", "Changed a role"
        MENTOR_ASSIGNED = "mentor_assigned", "Assigned a mentor"
        MENTOR_UNASSIGNED = "mentor_unassigned", "Removed a mentor"
        SHARED = "shared", "Shared"
        DELETED = "deleted", "Deleted"
        RESTORED = "restored", "Restored"
        LOGIN_FAILED = "login_failed", "Failed login"
        SETTINGS_CHANGED = "settings_changed", "Changed settings"
        DATA_EXPORTED = "data_exported", "Exported personal data"
        DATA_IMPORTED = "data_imported", "Imported data"
        ATTESTATION_REQUESTED = "attestation_requested", "Asked for a confirmation"
        ATTESTATION_CANCELLED = "attestation_cancelled", "Cancelled a confirmation request"
        ATTESTATION_ANSWERED = "attestation_answered", "Answered a confirmation request"
        ATTESTATION_WITHDRAWN = "attestation_withdrawn", "Withdrew a confirmation"
        PULSE_REQUESTED = "pulse_requested", "Asked senior colleagues for a pulse"
        PULSE_ANSWERED = "pulse_answered", "Answered a pulse"
        PULSE_ANSWER_WITHDRAWN = "pulse_answer_withdrawn", "Withdrew a pulse answer"
        PULSE_WITHDRAWN = "pulse_withdrawn", "Withdrew a pulse"
        PULSE_CLOSED = "pulse_closed", "Closed a pulse after two weeks"
        PACKET_VIEWED = "packet_viewed", "Viewed a promotion packet"
        NOMINATED = "nominated", "Nominated for promotion"
        COMMITTEE_VOTED = "committee_voted", "Voted in a promotion committee"
        COMMITTEE_DECIDED = "committee_decided", "Recorded a committee decision"
        CYCLE_CHANGED = "cycle_changed", "Changed a promotion cycle"

    VIEW_ACTIONS = (
        Action.EVIDENCE_VIEWED,
        Action.EVIDENCE_EXPORTED,
        Action.DRAFT_VIEWED,
        Action.DRAFT_EXPORTED,
        Action.PACKET_VIEWED,
    )

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    # Who did it; null for the system or an anonymous visitor (a failed login).
    actor = models.ForeignKey(
        "promo.User",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=300, blank=True)
    # Whose things it touched: the person whose case was viewed, whose role changed.
    subject = models.ForeignKey(
        "promo.User",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    subject_label = models.CharField(max_length=300, blank=True)
    # The object acted on, by model label and primary key, with its name at the time.
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["subject", "-at"], name="audit_subject_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
        ]

    def __str__(self):
        who = self.actor_label or "someone"
        return f"{self.at:%Y-%m-%d %H:%M} {who}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries are append-only: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are append-only: they cannot be deleted.")
