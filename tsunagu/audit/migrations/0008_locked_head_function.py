"""On PostgreSQL, lock a chain and read its head in one round trip (chain.locked_head)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION tsunagu_audit_locked_head(lock_class integer, lock_key integer,
                                                     chain bigint)
RETURNS TABLE (head_seq bigint, head_hash text) AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_class, lock_key);
    -- VOLATILE: the query below takes its snapshot once the lock is held, so it sees the row
    -- the previous holder committed.
    IF chain IS NULL THEN
        RETURN QUERY SELECT e.seq::bigint, e.hash::text FROM audit_auditevent e
            WHERE e.municipality_id IS NULL ORDER BY e.seq DESC LIMIT 1;
    ELSE
        RETURN QUERY SELECT e.seq::bigint, e.hash::text FROM audit_auditevent e
            WHERE e.municipality_id = chain ORDER BY e.seq DESC LIMIT 1;
    END IF;
END;
$$ LANGUAGE plpgsql VOLATILE;
"""
DROP = "DROP FUNCTION IF EXISTS tsunagu_audit_locked_head(integer, integer, bigint);"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_fewer_actions")]
    operations = [migrations.RunPython(create, drop)]
