from django.db import models


class Heartbeat(models.Model):
    """Written by a periodic task, so /healthz can tell whether beat and a worker are alive."""

    name = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
