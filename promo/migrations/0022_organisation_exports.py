from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("promo", "0021_personal_exports")]

    operations = [
        migrations.AddField(
            model_name="personalexport",
            name="scope",
            field=models.CharField(
                choices=[("personal", "Personal"), ("organisation", "Organisation")],
                default="personal",
                max_length=12,
            ),
        ),
    ]
