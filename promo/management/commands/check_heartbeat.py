from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from promo.models import Heartbeat


class Command(BaseCommand):
    help = "Exit non-zero when beat and a worker have not recorded a heartbeat recently."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=180, help="Seconds (default 180).")

    def handle(self, *args, max_age, **options):
        beat = Heartbeat.objects.filter(name="worker").first()
        if beat is None:
            raise CommandError("No heartbeat yet: is beat running, and a worker?")
        age = timezone.now() - beat.beat_at
        if age > timedelta(seconds=max_age):
            raise CommandError(
                f"Last heartbeat {int(age.total_seconds())} s ago (max {max_age} s)."
            )
        self.stdout.write(f"Heartbeat {int(age.total_seconds())} s ago.")
