"""Fast bulk loading: ``COPY … FROM STDIN`` on PostgreSQL (psycopg ``cursor.copy``), batched
``executemany`` on SQLite. Rows bypass the ORM (and so the per-row audit signals): synthetic
data is one maintenance operation, recorded as one audit event by the caller.

Columns the generator does not supply are filled from the model (default, ``auto_now``,
NULL or ""), so the loader keeps working while other apps add fields.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _constant(field: models.Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    if isinstance(field, models.BooleanField):
        return False
    raise ValueError(f"{field.model.__name__}.{field.name}: no value for synthetic data")


class TableWriter:
    """Writes rows of ``columns`` (attnames) into ``model``'s table, filling the rest."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.columns = list(columns)
        fixed = [
            f
            for f in model._meta.concrete_fields
            if f.attname not in self.columns and not f.primary_key
        ]
        self.fixed_columns = [f.column for f in fixed]
        self.fixed_values = tuple(f.get_db_prep_save(_constant(f), connection) for f in fixed)
        names = [model._meta.get_field(c).column if c != "id" else "id" for c in self.columns]
        self.all_columns = names + self.fixed_columns
        self.rows = 0

    def next_id(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")  # noqa: S608
            return int(cursor.fetchone()[0]) + 1

    def write(self, rows: Iterable[tuple]) -> int:
        cols = ", ".join(f'"{c}"' for c in self.all_columns)
        fixed = self.fixed_values
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + fixed)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(self.all_columns))
                sql = f"INSERT INTO {self.table} ({cols}) VALUES ({marks})"  # noqa: S608
                batch = [_sqlite_row(row + fixed) for row in rows]
                cursor.executemany(sql, batch)
                count = len(batch)
        self.rows += count
        return count

    def reset_sequence(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{self.table}', 'id'),"  # noqa: S608
                f" GREATEST((SELECT MAX(id) FROM {self.table}), 1))"
            )


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return " ".join(value)
    return value


def _sqlite_row(row: tuple) -> tuple:
    return tuple(_sqlite_value(v) for v in row)


def analyze(models_: Iterable[type[models.Model]]) -> None:
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
