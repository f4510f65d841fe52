from django.db import models


class Heartbeat(models.Model):
    """Written by a periodic task, so /healthz can tell whether beat and a worker are alive."""

    name = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class FactsVersion(models.Model):
    """A token that changes, in the very transaction that changes them, whenever a person's
    readiness facts change (promo.web.readiness_changed): pages that cache what they draw
    from those facts key it by this token, so a change shows at once. No foreign key: the
    row is a marker, and writing it must cost no more than one statement."""

    person_id = models.BigIntegerField(primary_key=True)
    token = models.UUIDField()

    def __str__(self):
        return f"facts of person {self.person_id}: {self.token}"
