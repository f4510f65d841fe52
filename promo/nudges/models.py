"""Nudges: who asked for what, the exactly-once claims, and the in-app notifications.

A nudge is claimed by inserting a NudgeClaim row unique on (person, kind, period). The
claim is also the outbox: delivery tasks are published after commit, and a claim that is
still pending because the broker was down is published again by the outbox relay.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NudgeSettings(models.Model):
    """One person's timing choices. Absent row = the defaults (staff thresholds)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudge_settings"
    )
    log_wins_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, null=True, blank=True
    )
    log_wins_hour = models.PositiveSmallIntegerField(null=True, blank=True)
    quiet_from = models.DateField(null=True, blank=True)
    quiet_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "nudge settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(log_wins_hour__isnull=True) | models.Q(log_wins_hour__lte=23),
                name="nudge_settings_hour_in_day",
            ),
            models.CheckConstraint(
                condition=models.Q(quiet_from__isnull=True)
                | models.Q(quiet_until__isnull=True)
                | models.Q(quiet_from__lte=models.F("quiet_until")),
                name="nudge_settings_quiet_period_ordered",
            ),
        ]

    def __str__(self):
        return f"nudge settings of {self.person}"

    def is_quiet_on(self, day):
        return bool(
            self.quiet_from and self.quiet_until and self.quiet_from <= day <= self.quiet_until
        )


class NudgePreference(models.Model):
    """Channels, frequency and unsubscription for one kind. Absent row = both channels on."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Every week"
        FORTNIGHTLY = "fortnightly", "Every other week"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudge_preferences"
    )
    kind = models.CharField(max_length=40)
    email = models.BooleanField(default=True)
    in_app = models.BooleanField(default=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default="weekly")
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="nudge_preference_unique")
        ]

    def __str__(self):
        return f"{self.person}: {self.kind}"

    @property
    def wants_anything(self):
        return self.unsubscribed_at is None and (self.email or self.in_app)


class NudgeThreshold(models.Model):
    """A staff override of a default threshold declared by a nudge kind."""

    key = models.CharField(max_length=80, unique=True)
    value = models.IntegerField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.key} = {self.value}"


class NudgeClaim(models.Model):
    """One nudge for one person in one period: the exactly-once row and the outbox entry."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a worker"
        SENDING = "sending", "Being sent"
        RETRYING = "retrying", "Email failed; will retry"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped (preferences)"
        FAILED = "failed", "Failed after retries"
        INTERRUPTED = "interrupted", "Interrupted while sending; not resent"

    OPEN = (Status.PENDING, Status.RETRYING)

    # No index of its own: the unique (person, kind, period) index starts with person,
    # and every index costs the planner's bulk INSERT. No database constraint either: the
    # planner inserts only ids it has just selected from the user table, and checking
    # tens of thousands of them again at COMMIT was most of the claiming time (see
    # docs/benchmarks.md). Deleting a person still deletes their claims (Django's
    # CASCADE); a claim whose person vanished mid-plan is skipped at delivery.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="nudge_claims",
        db_index=False,
        db_constraint=False,
    )
    kind = models.CharField(max_length=40)
    period = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Outbox bookkeeping: when a delivery task was last published (null = never, or the
    # broker refused), and the earliest time the next attempt may run.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    not_before = models.DateTimeField(default=timezone.now)
    # Until when the worker delivering this claim holds it; renewed as the worker works
    # through its batch. Past it, the worker is presumed dead and the relay publishes the
    # claim again (promo/nudges/outbox.py), without waiting for the broker's redelivery.
    leased_until = models.DateTimeField(null=True, blank=True)
    sending_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "period"], name="nudge_claim_once_per_period"
            )
        ]
        # Every index here costs the planner's bulk INSERT, so a fresh claim enters only
        # the primary key, the unique index and the partial index of open claims: that
        # one lets the relay find an open claim of any age (a task lost in a long broker
        # outage) without reading the closed history. On PostgreSQL a BRIN index on
        # created_at (migration 0029, database-only) finds this week's claims for the
        # planner at almost no cost per insert.
        indexes = [
            models.Index(
                fields=["not_before"],
                name="nudge_claim_open_only",
                condition=models.Q(status__in=["pending", "retrying"]),
            ),
            models.Index(
                fields=["sending_at"],
                name="nudge_claim_sending_only",
                condition=models.Q(status="sending"),
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.person_id} in {self.period}: {self.status}"


class Notification(models.Model):
    """An in-app notification: what the notification centre lists."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    claim = models.OneToOneField(
        NudgeClaim, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title

    @property
    def is_unread(self):
        return self.read_at is None

    def mark_read(self):
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])
