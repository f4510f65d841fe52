from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from promo.demo.steps import DEMO_SEEDERS, demo_logins
from promo.models import User


class Command(BaseCommand):
    help = "Build (or refresh) the demo organisation. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when anyone already exists."
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("People exist already; demo not seeded.")
            return
        for dotted_path in DEMO_SEEDERS:
            import_string(dotted_path)()
        self.stdout.write(self.style.SUCCESS("Demo organisation ready. Log in with:"))
        for role, name, email in demo_logins():
            self.stdout.write(
                f"  {role:<17} {name:<16} {email:<26} password: {settings.DEMO_PASSWORD}"
            )
