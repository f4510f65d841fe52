from django.db import models
from django.utils import timezone


class SignOnSettings(models.Model):
    """Staff-editable choices for single sign-on. One row only (pk=1): use `current()`.

    The identity provider itself (endpoints, client id and secret) comes from the
    environment, because it is deployment configuration and holds a secret. Whether a
    first sign-on may create an account is an organisational decision staff make and
    change without a redeploy, so it lives here.
    """

    SINGLETON_PK = 1

    allow_account_creation = models.BooleanField(
        default=False,
        help_text=(
            "When someone signs in through the company identity provider for the first "
            "time with a verified email address nobody here has yet, create their account."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        "promo.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "sign-on settings"
        verbose_name_plural = "sign-on settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="sign_on_settings_singleton")
        ]

    def __str__(self):
        return "Sign-on settings"

    @classmethod
    def current(cls):
        """The saved settings, or the defaults (unsaved: reading never writes)."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)


class Invitation(models.Model):
    """Staff inviting someone by email: a signed link to set their password, good until
    `expires_at`. A resend makes a new invitation, and only a person's latest one works."""

    class State(models.TextChoices):
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"

    person = models.ForeignKey("promo.User", on_delete=models.CASCADE, related_name="invitations")
    sent_by = models.ForeignKey(
        "promo.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(help_text="The address it went to; a link for another is void.")
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["person", "-sent_at"], name="invitation_latest")]

    def __str__(self):
        return f"Invitation of {self.person_id} sent {self.sent_at:%Y-%m-%d}"

    def state(self, now=None):
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.expires_at <= (now or timezone.now()):
            return self.State.EXPIRED
        return self.State.SENT
