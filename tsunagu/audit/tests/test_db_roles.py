"""`tsunagu setup-db-roles`: the application's PostgreSQL role may append to the audit log and
nothing more — UPDATE, DELETE, TRUNCATE, disabling or dropping the trigger and replica mode are
refused — while the ordinary tables still work, and so does the application (as that role)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tsunagu.audit.db_roles import setup_script

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles exist on PostgreSQL only"
)

INSERT_EVENT = """
INSERT INTO audit_auditevent (created_at, actor_username, actor_role, ip_address, request_id,
    action, object_type, object_id, changed_fields, extra, seq, prev_hash, hash)
VALUES (now(), 'app', '', '', '', 'view', 'x', '1', '[]', '{}', 999, %s, %s)
"""

REFUSED = [
    ("UPDATE", "UPDATE audit_auditevent SET actor_username = 'x'"),
    ("DELETE", "DELETE FROM audit_auditevent"),
    ("TRUNCATE", "TRUNCATE audit_auditevent"),
    ("UPDATE checkpoint", "UPDATE audit_auditcheckpoint SET seq = 1"),
    ("DELETE checkpoint", "DELETE FROM audit_auditcheckpoint"),
    ("TRUNCATE checkpoint", "TRUNCATE audit_auditcheckpoint"),
    ("DISABLE TRIGGER", "ALTER TABLE audit_auditevent DISABLE TRIGGER USER"),
    ("DROP TRIGGER", "DROP TRIGGER audit_auditevent_append_only ON audit_auditevent"),
    ("replica mode", "SET session_replication_role = replica"),
    ("CREATE TABLE", "CREATE TABLE audit_shadow (id int)"),
    ("fake a migration", "DELETE FROM django_migrations"),
]


@pytest.fixture
def roles(django_db_blocker):
    """Two fresh roles (cluster-wide, so uniquely named), dropped again at the end."""
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"tsunagu_t_owner_{suffix}", f"tsunagu_t_app_{suffix}"
    yield owner, app
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for role in (owner, app):
            cursor.execute(
                f"DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN"
                f" REASSIGN OWNED BY {role} TO CURRENT_USER; DROP OWNED BY {role};"
                f" DROP ROLE {role}; END IF; END $$"
            )


def app_conninfo(app: str) -> str:
    s = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, dbname=s["NAME"], user=app
    )


@pytest.mark.django_db(transaction=True)
def test_the_app_role_appends_to_the_audit_log_and_nothing_more(roles):
    owner, app = roles
    out = StringIO()
    call_command("setup-db-roles", "--owner", owner, "--app", app, stdout=out)
    assert f"所有者 {owner}" in out.getvalue()
    call_command("setup-db-roles", "--owner", owner, "--app", app, stdout=StringIO())  # again

    with psycopg.connect(app_conninfo(app), autocommit=True) as conn:
        conn.execute(INSERT_EVENT, ["0" * 64, uuid.uuid4().hex * 2])
        assert conn.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] == 1
        for what, sql in REFUSED:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
                pytest.fail(f"{what} was allowed")
        # ordinary tables: read, write, update, delete
        conn.execute("INSERT INTO tenancy_prefecture (code, name) VALUES ('99', '試験県')")
        conn.execute("UPDATE tenancy_prefecture SET name = '試験都' WHERE code = '99'")
        assert conn.execute("SELECT name FROM tenancy_prefecture").fetchone()[0] == "試験都"
        conn.execute("DELETE FROM tenancy_prefecture WHERE code = '99'")
        assert conn.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] == 1
        owners = conn.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND relkind = 'r'"
        ).fetchall()
        assert owners == [(owner,)]


@pytest.mark.django_db(transaction=True)
def test_the_application_runs_as_the_app_role(roles):
    """The audit path of the application itself (chain lock, append, checkpoint, verify) as the
    role that owns nothing, in another process with DATABASE_URL naming that role."""
    owner, app = roles
    call_command("setup-db-roles", "--owner", owner, "--app", app, stdout=StringIO())
    s = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{app}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}",
        "DJANGO_SETTINGS_MODULE": "tsunagu.settings.local",
        "TSUNAGU_AUDIT_KEY": settings.TSUNAGU_AUDIT_KEY,
        "TSUNAGU_AUDIT_WITNESS_FILE": settings.TSUNAGU_AUDIT_WITNESS_FILE,
    }
    env.pop("TSUNAGU_AUDIT_KEY_FILE", None)
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "from tsunagu.audit import log;"
        "[log.record('view', object_type='people.person', object_id=i, municipality_id=m)"
        " for i in range(3) for m in (1, 2, None)];"
        "call_command('audit', 'checkpoint'); call_command('audit', 'verify')"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "監査ログは正常です（3 本の連鎖、9 行を検証）" in result.stdout


def test_role_names_are_checked():
    with pytest.raises(CommandError, match=re.escape("ロール名「Robert'); DROP」は使えません")):
        call_command("setup-db-roles", "--owner", "Robert'); DROP", "--app", "a", "--print")
    with pytest.raises(CommandError, match="別の名前"):
        call_command("setup-db-roles", "--owner", "same", "--app", "same", "--print")


def test_print_shows_the_script_without_running_it():
    out = StringIO()
    call_command(
        "setup-db-roles", "--owner", "o", "--app", "a", "--app-password", "it's", "--print",
        stdout=out,
    )  # fmt: skip
    assert out.getvalue() == setup_script(
        database=connection.settings_dict["NAME"], owner="o", app="a", app_password="it's"
    )
    assert "ALTER ROLE \"a\" PASSWORD 'it''s';" in out.getvalue()
    assert 'REVOKE UPDATE, DELETE ON "audit_auditevent", "audit_auditcheckpoint"' in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_superuser_is_never_made_the_app_role(roles):
    with pytest.raises(CommandError, match="スーパーユーザー"):
        call_command("setup-db-roles", "--owner", roles[0], "--app", "postgres", stdout=StringIO())
