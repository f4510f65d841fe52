from django.core.management.base import BaseCommand, CommandError

from promo.ladders.yaml_io import export_ladder
from promo.models import Ladder


class Command(BaseCommand):
    help = "Print a ladder as YAML, in the format load_ladder reads."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The ladder's name or slug.")

    def handle(self, *args, name, **options):
        ladder = (
            Ladder.objects.filter(slug=name).first() or Ladder.objects.filter(name=name).first()
        )
        if ladder is None:
            known = ", ".join(Ladder.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No ladder named {name!r}. Known ladders: {known}.")
        self.stdout.write(export_ladder(ladder), ending="")
