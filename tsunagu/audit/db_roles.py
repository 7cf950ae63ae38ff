"""PostgreSQL roles in which the application cannot rewrite its audit log.

- The owner role owns the database, the schema and every table; it runs `tsunagu migrate` and
  the maintenance commands, and its credentials never sit on the application servers.
- The application role (the DATABASE_URL of gunicorn) owns nothing. It may SELECT, INSERT,
  UPDATE and DELETE ordinary tables, but only SELECT and INSERT the audit tables: UPDATE, DELETE
  and TRUNCATE are refused, and without ownership it can neither disable nor drop the
  append-only triggers, nor (not being a superuser) SET session_replication_role = replica.

`setup_sql()` is one idempotent script (to run in one transaction): run it again after every `tsunagu migrate` (default
privileges give tables created later the ordinary grants; the script takes UPDATE and DELETE
away from the audit tables again).
"""

from __future__ import annotations

import re

from .models import AuditCheckpoint, AuditEvent

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleSetupError(ValueError):
    pass


def _literal(text: str) -> str:
    if "\x00" in text:
        raise RoleSetupError("パスワードに使えない文字が含まれています。")
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def check_role_names(owner: str, app: str) -> None:
    for name in (owner, app):
        if not _ROLE_NAME.match(name):
            raise RoleSetupError(
                f"ロール名「{name}」は使えません。英小文字・数字・_ で、英小文字か _ で始まる"
                "63文字以内の名前にしてください。"
            )
    if owner == app:
        raise RoleSetupError("所有者ロールとアプリケーションロールには別の名前を指定してください。")


def setup_sql(
    *,
    database: str,
    owner: str,
    app: str,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> str:
    """The SQL script, to be run by a superuser (or a role with CREATEROLE that owns the
    database) connected to `database`."""
    check_role_names(owner, app)
    audit_tables = ", ".join(_ident(m._meta.db_table) for m in (AuditEvent, AuditCheckpoint))
    o, a, db = _ident(owner), _ident(app), _ident(database)
    passwords = "".join(
        f"ALTER ROLE {role} PASSWORD {_literal(pw)};\n"
        for role, pw in ((o, owner_password), (a, app_password))
        if pw
    )
    # Role names are checked against a strict pattern and quoted, passwords quoted as literals.
    return f"""\
-- Never hand these roles to a superuser or to the role running this script.
DO $check$ BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname IN ({_literal(owner)}, {_literal(app)})
               AND (rolsuper OR rolname = current_user)) THEN
        RAISE EXCEPTION 'スーパーユーザーや実行中のロールは所有者・アプリケーションロールにできません';
    END IF;
END $check$;
DO $roles$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(owner)}) THEN
        CREATE ROLE {o} LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(app)}) THEN
        CREATE ROLE {a} LOGIN;
    END IF;
END $roles$;
ALTER ROLE {o} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE {a} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
{passwords}-- The application role must not inherit the owner's rights.
REVOKE {o} FROM {a};

-- The owner owns the database, the schema and everything the migrations created.
ALTER DATABASE {db} OWNER TO {o};
ALTER SCHEMA public OWNER TO {o};
DO $own$ DECLARE r record; BEGIN
    FOR r IN
        SELECT c.oid::regclass AS name FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND pg_get_userbyid(c.relowner) <> {_literal(owner)}
          -- sequences of identity/serial columns follow their table
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', r.name, {_literal(owner)});
    END LOOP;
    FOR r IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> {_literal(owner)}
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.name, {_literal(owner)});
    END LOOP;
END $own$;

-- Nobody else creates objects here; the application role only connects and uses.
REVOKE CREATE, TEMPORARY ON DATABASE {db} FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE {db} TO {a};
GRANT USAGE ON SCHEMA public TO {a};

-- Ordinary tables: read and write. The audit tables: read and append only.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {a};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {a};
REVOKE UPDATE, DELETE ON {audit_tables} FROM {a};
REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {a};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {a};

-- Tables and sequences the owner creates in later migrations get the same ordinary grants.
ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {a};
ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {a};
"""  # noqa: S608


def setup_script(**kwargs: str | None) -> str:
    """setup_sql() as one transaction, for psql (`tsunagu setup-db-roles --print`)."""
    return f"BEGIN;\n{setup_sql(**kwargs)}COMMIT;\n"
