"""The case index gains the id: the timeline reads a case's contacts ORDER BY occurred_at DESC,
id DESC below a keyset cursor, which (case, occurred_at) alone answered with a sort of every
row older than the cursor. The new index is built before the old one goes, so case lookups
always have one. (At 10 M contacts the build takes a few minutes and blocks contact writes.)"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_case_index_in_composite"),
        ("people", "0003_access_grants"),
        ("tenancy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["case", "-occurred_at", "-id"], name="contact_case_id_time"
            ),
        ),
        migrations.RemoveIndex(model_name="contact", name="contact_case_time"),
    ]
