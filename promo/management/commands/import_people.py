from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from promo.org.csv_import import decode_upload
from promo.org.models import LEAVING_DAYS
from promo.org.services import people_import


class Command(BaseCommand):
    help = (
        "Create or update people, teams, managers and mentors from a CSV file (the columns "
        "are in docs/organisation.md). Writes nothing unless every row is good."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would change."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot read ({error.strerror}).") from None
        text, problems = decode_upload(data, limit=settings.PEOPLE_IMPORT_MAX_BYTES)
        plan = people_import(text=text, by=None, apply=not dry_run) if text is not None else None
        problems = plan.problems if plan else problems
        for problem in problems:
            self.stderr.write(f"{file}:{problem.line}: {problem.message}")
        if problems:
            raise CommandError(
                f"{file}: {len(problems)} problem{'s' if len(problems) != 1 else ''}. "
                "Nothing was changed."
            )
        for person in plan.people:
            if person.outcome != "unchanged":
                changes = "; ".join(person.described)
                self.stdout.write(f"line {person.line}: {person.email} {person.outcome}: {changes}")
        if plan.deactivated:
            emailed = "would each be emailed" if dry_run else "were each emailed"
            self.stdout.write(
                f"The {len(plan.deactivated)} people deactivated {emailed} a link to download "
                f"their data, valid {LEAVING_DAYS} days; after those days their private "
                "evidence and unshared drafts are deleted."
            )
        verb = "Would create" if dry_run else "Created"
        teams = f", new teams {len(plan.new_teams)}" if plan.new_teams else ""
        self.stdout.write(
            f"{verb} {len(plan.created)}, updated {len(plan.updated)}, "
            f"unchanged {len(plan.unchanged)}{teams}."
            + (" Dry run: nothing was changed." if dry_run else "")
        )
