"""An intake's concern report becomes a real one-to-one link (one intake per report); the
report's own back-pointer (concerns.ConcernReport.intake_id, dropped in concerns 0002) is
folded in."""

import django.db.models.deletion
from django.db import migrations, models


def link_reports(apps, schema_editor):
    Intake = apps.get_model("intake", "Intake")
    ConcernReport = apps.get_model("concerns", "ConcernReport")
    taken = set()
    pairs = list(Intake.objects.exclude(concern_report_ref=None).values_list("pk", "concern_report_ref"))
    pairs += [
        (intake_id, pk)
        for pk, intake_id in ConcernReport.objects.exclude(intake_id=None).values_list("pk", "intake_id")
    ]
    reports = set(ConcernReport.objects.values_list("pk", flat=True))
    for intake_id, report_id in sorted(pairs):
        if report_id in reports and report_id not in taken:
            if Intake.objects.filter(pk=intake_id, concern_report=None).update(
                concern_report_id=report_id
            ):
                taken.add(report_id)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0001_initial"),
        ("intake", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="intake", name="intake_concern"),
        migrations.RenameField(
            model_name="intake", old_name="concern_report_id", new_name="concern_report_ref"
        ),
        migrations.AddField(
            model_name="intake",
            name="concern_report",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="concerns.concernreport",
                verbose_name="民生委員からの連絡",
            ),
        ),
        migrations.RunPython(link_reports, migrations.RunPython.noop),
        migrations.RemoveField(model_name="intake", name="concern_report_ref"),
    ]
