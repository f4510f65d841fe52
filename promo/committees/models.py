"""A promotion cycle, its committees (one per target level), the nominations with their
frozen packets, and each member's vote. Decisions stay on the nomination, hidden from the
candidate until staff release the cycle; release writes them to the candidacy."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from promo.candidacies.models import Candidacy, Submission
from promo.ladders.models import Level


class Cycle(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        NOMINATIONS = "nominations", "Nominations open"
        REVIEW = "review", "In review"
        RELEASED = "released", "Decisions released"
        CLOSED = "closed", "Closed"

    # Each status moves only to the next one.
    ORDER = [Status.DRAFT, Status.NOMINATIONS, Status.REVIEW, Status.RELEASED, Status.CLOSED]

    name = models.CharField(max_length=120)
    nomination_deadline = models.DateField()
    committee_starts_on = models.DateField()
    committee_ends_on = models.DateField()
    levels = models.ManyToManyField(Level, related_name="cycles")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-nomination_deadline", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committee_starts_on__lte=models.F("committee_ends_on")),
                name="cycle_committee_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def next_status(self):
        index = self.ORDER.index(self.status)
        return self.ORDER[index + 1] if index + 1 < len(self.ORDER) else None

    @property
    def is_released(self):
        return self.status in (self.Status.RELEASED, self.Status.CLOSED)

    @property
    def in_review(self):
        return self.status == self.Status.REVIEW

    @property
    def takes_nominations(self):
        return self.status == self.Status.NOMINATIONS


class Committee(models.Model):
    """The members who judge one target level's candidates in one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="committees")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="committees")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="committees")

    class Meta:
        ordering = ["cycle", "level__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "level"], name="committee_one_per_level"),
        ]

    def __str__(self):
        return f"{self.cycle}: {self.level.code} committee"


class Nomination(models.Model):
    """One candidacy in one cycle. Requested by the engineer, or nominated (endorsed) by a
    manager; endorsing freezes the packet, which nothing changes afterwards."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not decided"
        PROMOTE = "promote", "Promote"
        NOT_YET = "not_yet", "Not yet"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="nominations")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="nominations")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="nominations")
    requested_at = models.DateTimeField(null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(null=True, blank=True)
    endorsement = models.TextField(blank=True)
    packet = models.JSONField(default=dict, blank=True)
    submission = models.OneToOneField(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="nomination"
    )
    decision = models.CharField(max_length=12, choices=Decision.choices, default=Decision.PENDING)
    # {criterion_id (str): what is missing}: becomes the candidacy's gaps on release.
    feedback = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "candidacy"], name="nomination_one_per_cycle_and_case"
            ),
        ]

    def __str__(self):
        return f"{self.candidacy.person} in {self.cycle}"

    @property
    def is_nominated(self):
        return self.nominated_at is not None

    @property
    def is_decided(self):
        return self.decision != self.Decision.PENDING


class Vote(models.Model):
    """One member's vote on one nomination: per criterion and overall, with a note."""

    class Value(models.TextChoices):
        MEETS = "meets", "Meets"
        NOT_YET = "not_yet", "Not yet"
        NOT_ENOUGH_EVIDENCE = "not_enough_evidence", "Not enough evidence"

    class Overall(models.TextChoices):
        PROMOTE = "promote", "Promote"
        NOT_YET = "not_yet", "Not yet"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_votes"
    )
    criteria = models.JSONField(default=dict)  # {criterion_id (str): Value}
    overall = models.CharField(max_length=12, choices=Overall.choices)
    note = models.TextField(blank=True)
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["nomination", "voted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="vote_one_per_member"),
        ]

    def __str__(self):
        return f"{self.member} on {self.nomination}: {self.get_overall_display()}"

    def value_label(self, criterion_id):
        value = self.criteria.get(str(criterion_id), "")
        return self.Value(value).label if value in self.Value.values else ""
