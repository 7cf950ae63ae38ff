"""System check: person search needs a UTF-8 ``LC_CTYPE`` on PostgreSQL.

With ctype ``C`` (or ``POSIX``) pg_trgm treats every Japanese character as a non-word
character and silently indexes nothing (engineering notes §3.2); similarity search then finds
nothing and every substring search becomes a full scan.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.utils import OperationalError


def database_ctype(alias: str = "default") -> str | None:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        row = cursor.fetchone()
    return row[0] if row else None


@register(Tags.database)
def check_database_ctype(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    errors = []
    for alias in databases or []:
        try:
            ctype = database_ctype(alias)
        except OperationalError:  # no database to ask (yet)
            continue
        if ctype is not None and ctype.upper() in ("C", "POSIX"):
            errors.append(
                Error(
                    f"データベース「{alias}」の LC_CTYPE が {ctype} です。"
                    "日本語の部分一致検索（pg_trgm）が機能しません。",
                    hint="UTF-8 の LC_CTYPE（例 C.UTF-8）でデータベースを作り直してください: "
                    "createdb -E UTF8 --lc-ctype=C.UTF-8 --lc-collate=C.UTF-8 -T template0 NAME",
                    id="tsunagu.search.E001",
                )
            )
    return errors
