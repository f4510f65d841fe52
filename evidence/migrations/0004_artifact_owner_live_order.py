from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0003_purge_trash_schedule"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="artifact",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True)),
                fields=["owner", "-happened_on", "-id"],
                name="artifact_owner_live_order",
            ),
        ),
    ]
