from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from promo.ladders.services import ladder_load
from promo.ladders.yaml_io import LadderFileError, parse_ladder_document


class Command(BaseCommand):
    help = "Create or update a ladder from a YAML file. Validates everything before writing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{file}: cannot read ({error.strerror}).") from None
        try:
            ladder = ladder_load(spec=parse_ladder_document(text))
        except LadderFileError as error:
            raise CommandError(f"{file}: {str(error).rstrip('.')}. Nothing was changed.") from None
        self.stdout.write(f"Loaded ladder {ladder.name!r} ({ladder.slug}).")
