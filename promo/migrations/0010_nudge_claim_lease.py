from django.db import migrations, models

RELAY = "nudges: relay the outbox"


def relay_every_30_seconds(apps, schema_editor):
    """A lease runs out within 45 s of a worker's death; a relay every 30 s then puts its
    claims back in flight well inside two minutes."""
    _relay_every(apps, 30)


def relay_every_minute(apps, schema_editor):
    _relay_every(apps, 60)


def _relay_every(apps, seconds):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
    PeriodicTask.objects.filter(name=RELAY).update(interval=every)


class Migration(migrations.Migration):
    dependencies = [("promo", "0009_snapshot_shown_count")]

    operations = [
        migrations.AddField(
            model_name="nudgeclaim",
            name="leased_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(relay_every_30_seconds, relay_every_minute),
    ]
