"""manage.py import_org FILE.zip: an organisation export from another promo, recreated here."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from promo.portability.archive import ArchiveError, read_archive
from promo.portability.org_import import organisation_import
from promo.portability.portable import ORGANISATION_SCOPE


class Command(BaseCommand):
    help = (
        "Recreate an organisation (ladders, teams, people, shared evidence, cases) from the "
        "staff export of another promo, into a promo where none of its people are yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the zip Admin → Export gave")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            document, archive = read_archive(
                path, max_bytes=settings.PORTABILITY_IMPORT_MAX_BYTES, scope=ORGANISATION_SCOPE
            )
            with archive:
                report = organisation_import(document=document, archive=archive)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
