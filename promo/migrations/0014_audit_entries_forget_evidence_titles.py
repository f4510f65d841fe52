"""Audit entries kept the title of the evidence they were about, and an attachment's file
name in the detail; a private note or a draft's title then showed in the staff log
forever. Entries now name such objects by kind and id, and the log looks the title up
when shown, for those who may read it. This clears what older entries stored.

The historical model has none of AuditEntry's append-only guards, which is what lets this
one rewrite happen; the application itself still never changes an entry."""

from django.db import migrations

LABELLED_KINDS = [
    "promo.user",
    "promo.team",
    "promo.mentorassignment",
    "promo.candidacy",
    "promo.signonsettings",
    "reviews.promodocument",
]


def forget_titles(apps, schema_editor):
    entries = apps.get_model("promo", "AuditEntry").objects
    entries.exclude(target_type__in=LABELLED_KINDS).exclude(target_label="").update(target_label="")
    entries.filter(detail__startswith="Downloaded the attachment ").update(
        detail="Downloaded an attachment"
    )


class Migration(migrations.Migration):
    dependencies = [("promo", "0013_candidacy_reads_manager_and_mentors_from_the_org")]

    operations = [migrations.RunPython(forget_titles, migrations.RunPython.noop)]
