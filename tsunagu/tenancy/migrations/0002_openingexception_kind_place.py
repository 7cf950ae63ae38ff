from django.db import migrations, models


def kinds_from_is_closed(apps, schema_editor):
    OpeningException = apps.get_model("tenancy", "OpeningException")
    OpeningException.objects.filter(is_closed=False).update(kind="extra")


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="openingexception",
            name="kind",
            field=models.CharField(
                choices=[
                    ("closed", "休み"),
                    ("extra", "臨時・土曜の開所"),
                    ("outreach", "出張相談"),
                ],
                default="closed",
                max_length=10,
                verbose_name="種類",
            ),
        ),
        migrations.AddField(
            model_name="openingexception",
            name="place",
            field=models.CharField(blank=True, max_length=200, verbose_name="場所（出張相談）"),
        ),
        migrations.RunPython(kinds_from_is_closed, migrations.RunPython.noop),
    ]
