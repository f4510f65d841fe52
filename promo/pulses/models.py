"""A pulse: one question to three to seven senior colleagues, and their answers.

Who answered what is never read back together: the aggregate (promo.pulses.queries)
reads answers and sentences without the people, and no page lists them side by side.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

OPEN_FOR = timedelta(days=14)
FEWEST_ASKED = 3
MOST_ASKED = 7
# Below this many answers the aggregate shows only how many answered: with one or two,
# the engineer could tell who said what.
SHOWN_FROM = 3
SENTENCE_LENGTH = 280


class Pulse(models.Model):
    """One "does <person> operate at <level> today?" question, open for OPEN_FOR.

    Open until `created_at + OPEN_FOR`, computed; a beat job (pulses_close_expired) writes
    `closed` afterwards so the one-open-per-person constraint frees the person again.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulses"
    )
    # The level asked about, kept as asked: the question must not change under answerers.
    level = models.ForeignKey("promo.Level", on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="open"),
                name="pulse_one_open_per_person",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="pulse_status_created")]

    def __str__(self):
        return f"pulse {self.pk} about {self.person_id}"

    @property
    def open_until(self):
        return self.created_at + OPEN_FOR

    def is_open_at(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.OPEN and now < self.open_until

    @property
    def is_open(self):
        return self.is_open_at()

    @property
    def question(self):
        return f"Does {self.person} operate at {self.level} today?"


class PulseRecipient(models.Model):
    """One colleague asked, and their answer: blank until they answer, changeable while
    the pulse is open, blank again if they withdraw it."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NOT_YET = "not_yet", "Not yet"
        DONT_KNOW = "dont_know", "Don’t know"

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulses_asked"
    )
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    sentence = models.CharField(max_length=SENTENCE_LENGTH, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pulse", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pulse", "person"], name="pulse_recipient_once"),
            models.CheckConstraint(
                condition=~models.Q(answer="") | models.Q(sentence=""),
                name="pulse_sentence_only_with_an_answer",
            ),
        ]
        indexes = [models.Index(fields=["person", "pulse"], name="pulse_recipient_person")]

    def __str__(self):
        return f"pulse {self.pulse_id} asks {self.person_id}"

    @property
    def has_answered(self):
        return bool(self.answer)
