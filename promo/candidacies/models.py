"""An engineer's case for the next level, its submissions to committee, and the gaps
the committee's feedback leaves to close. Nothing here is ever deleted: a promoted
engineer still sees how they got there."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Value, When
from django.utils import timezone

from promo.ladders.models import Criterion, Ladder, Level
from promo.org.models import User


class CandidacyQuerySet(models.QuerySet):
    """The one home of "a person's open candidacy" and "their open or latest one"."""

    def open(self):
        """Preparing or submitted: a person has at most one."""
        return self.filter(status__in=Candidacy.OPEN_STATUSES)

    def open_first(self):
        """The open candidacy first, then the newest first: the first row of a person's
        candidacies in this order is their open or latest one."""
        is_closed = Case(When(status__in=Candidacy.OPEN_STATUSES, then=Value(0)), default=Value(1))
        return self.order_by(is_closed, "-created_at", "-id")

    def open_for(self, person):
        """The person's open candidacy, or None (also for no person or an unsaved one)."""
        if person is None or person.pk is None:
            return None
        # get(): candidacy_one_open_per_person allows one at most, and get() compiles
        # faster than first()'s ORDER BY and slice on the pages that ask each time.
        try:
            return self.open().get(person_id=person.pk)
        except self.model.DoesNotExist:
            return None

    def open_or_latest_for(self, person):
        """The person's open candidacy, else their most recent one, else None."""
        return self.filter(person_id=person.pk).open_first().first()


class Candidacy(models.Model):
    class Status(models.TextChoices):
        PREPARING = "preparing", "Preparing"
        SUBMITTED = "submitted", "Submitted"
        PROMOTED = "promoted", "Promoted"
        NOT_YET = "not_yet", "Not yet"

    OPEN_STATUSES = (Status.PREPARING, Status.SUBMITTED)

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidacies"
    )
    ladder = models.ForeignKey(Ladder, on_delete=models.PROTECT, related_name="candidacies")
    from_level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    target_level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="candidacies")
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREPARING)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CandidacyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "candidacies"
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["preparing", "submitted"]),
                name="candidacy_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_level=models.F("target_level")),
                name="candidacy_target_differs_from_current",
            ),
        ]

    def __str__(self):
        return f"{self.person} for {self.target_level.code}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    # The manager and mentors are never stored on the case: a copy taken when it opened
    # goes stale at the next reorganisation and keeps granting access to people who left.
    # Both are read from the organisation as it is at the moment of asking.
    @property
    def current_manager(self):
        """The engineer's manager now (select_related "person__manager" to save a query)."""
        return self.person.manager

    def current_mentors(self):
        """The engineer's assigned mentors now, as a queryset of people."""
        return User.objects.filter(mentee_links__mentee_id=self.person_id)


class Submission(models.Model):
    """One time the case went to committee, and what came back."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        PROMOTED = "promoted", "Promoted"
        NOT_YET = "not_yet", "Not yet"

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="submissions")
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["candidacy", "submitted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidacy"],
                condition=models.Q(outcome="pending"),
                name="submission_one_pending_per_candidacy",
            ),
        ]

    def __str__(self):
        return f"{self.candidacy} submitted {self.submitted_on}: {self.get_outcome_display()}"

    @property
    def is_pending(self):
        return self.outcome == self.Outcome.PENDING


class Gap(models.Model):
    """Something to show before the next submission, against one criterion."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="gaps")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="gaps")
    text = models.TextField()
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="gaps"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_note = models.TextField(blank=True)

    class Meta:
        ordering = ["candidacy", "criterion__position", "created_at", "id"]

    def __str__(self):
        return f"{self.criterion}: {self.text[:60]}"

    @property
    def is_open(self):
        return self.closed_at is None
