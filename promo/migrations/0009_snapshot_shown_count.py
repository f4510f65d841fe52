from django.db import migrations, models


def count_shown_cells(apps, schema_editor):
    snapshots = apps.get_model("promo", "ReadinessSnapshot")
    for snapshot in snapshots.objects.only("pk", "cells").iterator(chunk_size=500):
        snapshot.shown_count = sum(1 for cell in snapshot.cells if cell.get("shown"))
        snapshot.save(update_fields=["shown_count"])


class Migration(migrations.Migration):
    dependencies = [
        ("promo", "0008_merge_snapshots_and_claims"),
    ]

    operations = [
        migrations.AddField(
            model_name="readinesssnapshot",
            name="shown_count",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(count_shown_cells, migrations.RunPython.noop),
    ]
