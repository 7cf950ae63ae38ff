"""Reports are 「対応中（ケース開始）」 once their intake's case exists; the intake they led to is
now the intake's own link (intake 0002), so the report's copy of its id goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0001_initial"),
        ("intake", "0002_concern_report_link"),
    ]

    operations = [
        migrations.RemoveField(model_name="concernreport", name="intake_id"),
        migrations.AlterField(
            model_name="concernreport",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "受付済み（確認待ち）"),
                    ("triaged", "確認済み"),
                    ("handled", "対応中（ケース開始）"),
                    ("closed", "対応を終了"),
                ],
                default="received",
                max_length=20,
                verbose_name="状況",
            ),
        ),
    ]
