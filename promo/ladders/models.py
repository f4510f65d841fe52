from django.db import models
from django.utils import timezone

from promo.ladders import thresholds


class Ladder(models.Model):
    """A career ladder: ordered levels, criteria, and the readiness rule for it."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    # The readiness rule's tunable numbers (promo/readiness/rule.py states the rule;
    # docs/readiness.md explains it). Defaults and bounds live in promo.ladders.thresholds.
    quarters_needed = models.PositiveSmallIntegerField(default=thresholds.DEFAULT_QUARTERS_NEEDED)
    quarters_window = models.PositiveSmallIntegerField(default=thresholds.DEFAULT_QUARTERS_WINDOW)
    needs_matured_impact = models.BooleanField(default=thresholds.DEFAULT_NEEDS_MATURED_IMPACT)
    matured_impact_needed = models.PositiveSmallIntegerField(
        default=thresholds.DEFAULT_MATURED_IMPACT_NEEDED
    )
    overdue_checkins_allowed = models.PositiveSmallIntegerField(
        default=thresholds.DEFAULT_OVERDUE_CHECKINS_ALLOWED
    )
    close_max_short = models.PositiveSmallIntegerField(default=thresholds.DEFAULT_CLOSE_MAX_SHORT)
    checkin_offsets_days = models.JSONField(default=list)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quarters_needed__lte=models.F("quarters_window")),
                name="ladder_quarters_needed_within_window",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def checkin_offsets(self):
        """The days after shipping that impact is checked in, defaults when none are set."""
        return thresholds.checkin_offsets_or_default(self.checkin_offsets_days)


class Level(models.Model):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ladder", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "code"], name="level_code_unique_in_ladder")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def next_level(self):
        return (
            Level.objects.filter(ladder_id=self.ladder_id, position__gt=self.position)
            .order_by("position", "id")
            .first()
        )


class Criterion(models.Model):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="criteria")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Shown only when enough other teams confirm adoption through attestations
    # (promo/readiness/rule.py); bounds in promo.ladders.thresholds.
    needs_confirmation = models.BooleanField(default=thresholds.DEFAULT_NEEDS_CONFIRMATION)
    min_confirming_teams = models.PositiveSmallIntegerField(
        default=thresholds.DEFAULT_MIN_CONFIRMING_TEAMS
    )

    class Meta:
        ordering = ["ladder", "position", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["ladder", "slug"], name="criterion_slug_unique_in_ladder"
            ),
            models.CheckConstraint(
                condition=models.Q(min_confirming_teams__gte=1),
                name="criterion_min_confirming_teams_positive",
            ),
        ]

    def __str__(self):
        return self.name


class Expectation(models.Model):
    """What a criterion asks of someone at one level."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="expectations")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="expectations")
    text = models.TextField()

    class Meta:
        ordering = ["criterion", "level__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "level"], name="expectation_unique_per_level"
            )
        ]

    def __str__(self):
        return f"{self.criterion} at {self.level.code}"


class LadderChange(models.Model):
    """One edit made to a ladder in the app: who, when, and what changed."""

    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        "promo.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    summary = models.TextField()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.ladder}: {self.summary[:60]}"
