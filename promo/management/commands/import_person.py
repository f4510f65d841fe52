"""manage.py import_person FILE.zip: a personal export from another promo, recreated here."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from promo.portability.archive import ArchiveError, read_archive
from promo.portability.importing import person_import


class Command(BaseCommand):
    help = "Recreate one person's evidence, check-ins, cases and promo docs from their export."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the zip 'Export my data' gave them")
        parser.add_argument(
            "--ladder", help="the slug of the ladder to map criteria onto (default: theirs)"
        )

    def handle(self, *args, file, ladder=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            document, archive = read_archive(path, max_bytes=settings.PORTABILITY_IMPORT_MAX_BYTES)
            with archive:
                report = person_import(document=document, archive=archive, ladder_slug=ladder)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Imported {report.person.email}: {report.evidence} pieces of evidence, "
            f"{report.candidacies} cases."
        )
        if report.placeholders:
            self.stdout.write(
                "Other people, added as inactive accounts without a password: "
                + ", ".join(sorted(report.placeholders))
            )
