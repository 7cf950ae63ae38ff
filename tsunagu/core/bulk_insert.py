"""Inserting many rows whose ids nobody reads back: COPY on PostgreSQL, ``bulk_create`` elsewhere.

An INSERT of thousands of rows costs more in Python than in the database: Django prepares
every value and builds one long statement, and psycopg (client-side binding) quotes each value
into its text, arrays element by element. COPY sends the rows as data, each value through
psycopg's C dumpers. The values are the ones an INSERT would send: each field's ``pre_save``
and ``get_db_prep_save``, as ``bulk_create`` calls them.

For rows that are not audited one by one: the audit log's own entries, and derived data whose
source row carries the audit entry (the search index of imported persons). Model ``save`` and
signals do not run, and the objects get no ``pk``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import connection, models

from .validation.guard import check_instance


def insert_rows(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._base_manager.bulk_create(objects, batch_size=1000)
        return
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def insert_row(obj: models.Model) -> None:
    """One row, its id read back: an INSERT compiled once per model (``Model.save`` builds and
    compiles its INSERT every time; the audit log writes a row on every request). The input
    guard checks the row as it checks every save; ``save`` and its signals do not run."""
    check_instance(obj)
    model = type(obj)
    fields, sql = _insert_sql(model, connection.vendor)
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = connection.alias


@functools.cache
def _insert_sql(model: type[models.Model], vendor: str) -> tuple[list[models.Field], str]:
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    pk = quote(model._meta.pk.column)
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING {pk}"  # noqa: S608
    return fields, sql
