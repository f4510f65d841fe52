from django.core.management import call_command
from django.core.management.base import BaseCommand

from promo.demo.steps import ensure_default_ladder
from promo.models import User


class Command(BaseCommand):
    help = (
        "Migrate, collect static files, load the default ladder, and seed the demo on an "
        "empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Never seed demo data.")

    def handle(self, *args, no_demo=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        # With DEBUG=false the manifest storage serves only collected files: without this,
        # every page is a 500 until someone remembers to run collectstatic.
        call_command("collectstatic", interactive=False, verbosity=0)
        ensure_default_ladder()
        if not no_demo and not User.objects.exists():
            call_command("seed_demo", stdout=self.stdout)
        else:
            self.stdout.write("Database ready.")
