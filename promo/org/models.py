import zoneinfo
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

# Days a deactivated person has to take their data with them: their leaving link works
# this long, and then what only they could see (private evidence, drafts) is deleted.
LEAVING_DAYS = 30


def is_time_zone(value):
    return isinstance(value, str) and value in zoneinfo.available_timezones()


def validate_time_zone(value):
    if not is_time_zone(value):
        raise ValidationError(f"{value!r} is not a time zone name such as 'Europe/London'.")


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Their roles come from relationships, not from a field:

    an engineer has a case, a mentor has MentorAssignments, a manager has reports.
    """

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=120)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    ladder = models.ForeignKey(
        "promo.Ladder", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    level = models.ForeignKey(
        "promo.Level", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    is_staff = models.BooleanField(
        default=False, help_text="Staff administer people, teams, ladders and mentors."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # When staff last deactivated them (None while active): their private data is deleted
    # some days later (promo.portability.leaving_purge), unless they are active again.
    deactivated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When that deletion was done for this deactivation: a later run leaves them alone.
    private_data_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("id")), name="user_not_own_manager"
            ),
        ]

    def __str__(self):
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.lower()
        if self.level_id and self.ladder_id and self.level.ladder_id != self.ladder_id:
            raise ValidationError({"level": "This level belongs to another ladder."})
        if self.manager_id:
            # tree reads User, so it is imported when first needed.
            from promo.org.tree import refuse_manager_loop

            refuse_manager_loop(self, self.manager)

    def get_short_name(self):
        return self.display_name.split(" ")[0] if self.display_name else self.email

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def follow_active(self, *, was_active, now=None):
        """Keep `deactivated_at` in step with a change of `is_active` (not yet saved):
        stamped when an active person is deactivated, cleared when they are active again.
        Returns whether this change deactivates them."""
        if self.is_active:
            self.deactivated_at = self.private_data_deleted_at = None
            return False
        if not was_active:
            return False
        self.deactivated_at = now or timezone.now()
        self.private_data_deleted_at = None
        return True

    @property
    def private_data_deleted_after(self):
        """When a deactivated person's private data goes, unless they are active again."""
        if self.deactivated_at is None:
            return None
        return self.deactivated_at + timedelta(days=LEAVING_DAYS)


def person_name_sql(alias):
    """A person's name as str(User) gives it, as SQL over the user table aliased `alias`,
    for the plain-SQL reads that name people."""
    return f"COALESCE(NULLIF({alias}.display_name, ''), {alias}.email)"


class MentorAssignment(models.Model):
    """A principal engineer mentoring someone outside their own management chain."""

    mentor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mentee_links")
    mentee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mentor_links")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["mentee__display_name", "mentor__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], name="mentor_assignment_unique"),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="mentor_not_own_mentee"
            ),
        ]

    def __str__(self):
        return f"{self.mentor} mentors {self.mentee}"
