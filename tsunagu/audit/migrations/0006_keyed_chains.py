"""A keyed chain per municipality, and signed checkpoints.

Existing rows (one SHA-256 chain over the whole log) are first verified as they are — a log that
fails is not re-signed: the migration stops — then given their chain's seq and re-hashed with
TSUNAGU_AUDIT_KEY. On PostgreSQL the append-only trigger is switched off for that one rewrite
(migrations run as the schema owner) and now covers the checkpoint table too.
"""

import hashlib
import json

from django.db import migrations, models

from tsunagu.audit.chain import GENESIS_HASH, canonical_json, row_hash, row_payload

BATCH = 2000

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION tsunagu_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditcheckpoint_append_only
    BEFORE UPDATE OR DELETE ON audit_auditcheckpoint
    FOR EACH ROW EXECUTE FUNCTION tsunagu_audit_append_only();
"""
DROP_CHECKPOINT_TRIGGER = (
    "DROP TRIGGER IF EXISTS audit_auditcheckpoint_append_only ON audit_auditcheckpoint"
)


def _legacy_hash(row) -> str:
    """The hash of the previous format: SHA-256 (no key) over the row including its id."""
    payload = {
        "id": row.pk,
        "created_at": row.created_at.isoformat(timespec="microseconds"),
        "actor_id": row.actor_id,
        "actor_username": row.actor_username,
        "actor_role": row.actor_role,
        "municipality_id": row.municipality_id,
        "ip_address": row.ip_address,
        "request_id": row.request_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "changed_fields": row.changed_fields,
        "extra": row.extra,
        "prev_hash": row.prev_hash,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def rechain(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    connection = schema_editor.connection
    rows = AuditEvent.objects.using(connection.alias).order_by("id")
    postgres = connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
        )
    legacy_prev, legacy_id = GENESIS_HASH, 1
    heads: dict = {}  # chain → (seq, hash)
    last_id = 0
    while True:
        batch = list(rows.filter(id__gt=last_id)[:BATCH])
        if not batch:
            break
        for row in batch:
            if row.pk != legacy_id or row.prev_hash != legacy_prev or _legacy_hash(row) != row.hash:
                raise RuntimeError(
                    f"既存の監査ログ（ID {row.pk}）が検証に失敗したため、新しい形式に移行できません。"
                    "改ざんの疑いがあります。バックアップから復元してから移行してください。"
                )
            legacy_prev, legacy_id = row.hash, row.pk + 1
            seq, prev = heads.get(row.municipality_id, (0, GENESIS_HASH))
            row.seq, row.prev_hash = seq + 1, prev
            row.hash = row_hash(canonical_json(row_payload(row)))
            heads[row.municipality_id] = (row.seq, row.hash)
        AuditEvent.objects.using(connection.alias).bulk_update(
            batch, ["seq", "prev_hash", "hash"]
        )
        last_id = batch[-1].pk
    if postgres:
        schema_editor.execute(
            "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
        )
        # ids were given by the application before; from now on the database gives them
        schema_editor.execute(
            "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'),"
            " COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM audit_auditevent"
        )


def append_only_checkpoints(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY, params=None)  # a literal "%", not a placeholder


def drop_checkpoint_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CHECKPOINT_TRIGGER)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_more_actions'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('municipality_id', models.BigIntegerField(null=True, verbose_name='自治体ID')),
                ('seq', models.PositiveBigIntegerField(verbose_name='連番')),
                ('head_hash', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(verbose_name='日時')),
                ('signature', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': '監査ログのチェックポイント',
                'verbose_name_plural': '監査ログのチェックポイント',
                'ordering': ['id'],
            },
        ),
        migrations.AddField(
            model_name='auditevent',
            name='seq',
            field=models.PositiveBigIntegerField(default=0, verbose_name='連番'),
            preserve_default=False,
        ),
        # not reversible: the previous, unkeyed hashes cannot be restored
        migrations.RunPython(rechain, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(condition=models.Q(('municipality_id__isnull', False)), fields=('municipality_id', 'seq'), name='audit_chain_seq'),
        ),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(condition=models.Q(('municipality_id__isnull', True)), fields=('seq',), name='audit_system_seq'),
        ),
        migrations.AddIndex(
            model_name='auditcheckpoint',
            index=models.Index(fields=['municipality_id', 'seq'], name='audit_checkpoint_chain'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='municipality_id',
            field=models.BigIntegerField(null=True, verbose_name='自治体ID'),
        ),
        migrations.RunPython(append_only_checkpoints, drop_checkpoint_trigger),
    ]
