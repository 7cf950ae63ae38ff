"""An index for counting a municipality's contacts over a period (the reports' main scan):
(municipality, occurred_at), on PostgreSQL covering the columns the counts read, so a 年度
report reads one index range instead of the whole table. Created here, by the app that needs
it, in SQL (no model state changes: the contacts app's models stay as they are)."""

from django.db import migrations

NAME = "contact_muni_time_report"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON contacts_contact "
            "(municipality_id, occurred_at) INCLUDE (case_id, channel, reached)"
        )
    else:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON contacts_contact (municipality_id, occurred_at)"
        )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("contacts", "0003_contact_case_time_id_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
