from django.core.management import call_command
from django.core.management.base import BaseCommand

from promo.demo import ensure_default_ladder
from promo.models import User


class Command(BaseCommand):
    help = "Migrate, load the default ladder, and seed the demo on an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Never seed demo data.")

    def handle(self, *args, no_demo=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        ensure_default_ladder()
        if not no_demo and not User.objects.exists():
            call_command("seed_demo", stdout=self.stdout)
        else:
            self.stdout.write("Database ready.")
