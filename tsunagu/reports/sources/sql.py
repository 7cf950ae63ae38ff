"""The shared SQL of the report sources: the scope and cell types, and the text of conditional
aggregates (SUM(CASE WHEN … THEN 1 …)) grouped by municipality. Values always travel as
parameters; only names and SQL built here from the definitions enter the text."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from ..definitions import Category, Dimension, Measure
from ..periods import Month, Period

REASON = "aggregate report: counts only, access checked by tsunagu.reports.services"


@dataclass(frozen=True)
class Scope:
    """Which records a report counts: municipalities (ids), optionally one window."""

    municipality_ids: tuple[int, ...]
    window_id: int | None = None


@dataclass(frozen=True)
class Agg:
    """One aggregate cell: a measure, optionally restricted to a category and a month."""

    measure: Measure
    dimension: Dimension | None = None
    category: Category | None = None
    month: Month | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (
            self.measure.key,
            self.dimension.key if self.dimension else "",
            self.category.code if self.category else "",
            self.month.key if self.month else "",
        )


Result = dict[int, dict[tuple[str, str, str, str], int]]  # municipality id → cell → count


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


def param(value: object) -> object:
    """A value as the database driver wants it (SQLite stores UTC text, not aware objects)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def sql_in(column: str, values: Iterable[object], params: list[object]) -> str:
    values = list(values)
    params.extend(param(v) for v in values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def sql_range(column: str, start: object, end: object, params: list[object]) -> str:
    params.extend((param(start), param(end)))
    return f"({column} >= %s AND {column} < %s)"


def sql_category(dim: Dimension, cat: Category, column: str, params: list[object]) -> str:
    def match(c: Category) -> str:
        if dim.multi:  # a JSON list as text: match the quoted code
            likes = []
            for value in c.matched:
                params.append(f'%"{value}"%')
                likes.append(f"{column} LIKE %s")
            return "(" + " OR ".join(likes) + ")"
        return sql_in(column, c.matched, params)

    if cat.rest:
        others = [match(c) for c in dim.categories if not c.rest]
        return f"NOT COALESCE({' OR '.join(others)}, FALSE)" if others else "TRUE"
    return f"COALESCE({match(cat)}, FALSE)"


def json_text(column: str, key: str) -> str:
    """SQL for an intake answer as text (a list stays JSON text, matched with LIKE)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):  # keys come from definitions; never quoted
        raise ValueError(f"not an intake answer key: {key!r}")
    if connection.vendor == "postgresql":
        return f"{column} ->> '{key}'"
    return f"json_extract({column}, '$.{key}')"


def bool_sql(text: str) -> str:
    return (
        text
        if connection.vendor == "postgresql"
        else text.replace("TRUE", "1").replace("FALSE", "0")
    )


def count_sql(
    source_sql: str,
    source_params: list[object],
    aggs: list[Agg],
    condition: Callable[[Agg, list[object]], list[str]],
    join: str = "",
) -> Result:
    """SELECT muni, SUM(CASE WHEN <condition of agg> THEN 1 ELSE 0 END) … FROM (source) q."""
    params: list[object] = []
    selects = []
    for i, agg in enumerate(aggs):
        where = " AND ".join(condition(agg, params)) or "TRUE"
        value = f"q.{qn(agg.measure.sum_column)}" if agg.measure.sum_column else "1"
        selects.append(f"SUM(CASE WHEN {where} THEN {value} ELSE 0 END) AS a{i}")
    muni = f"q.{qn('muni')}"
    # Only names and SQL built here from the definitions enter the text; values are parameters.
    sql = bool_sql(
        f"SELECT {muni}, {', '.join(selects)} FROM {source_sql}{join} GROUP BY {muni}"  # noqa: S608
    )
    out: Result = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *source_params])  # placeholders in text order
        for row in cursor.fetchall():
            cells = out[row[0]]
            for agg, value in zip(aggs, row[1:], strict=True):
                cells[agg.key] = int(value or 0)
    return out


def row_condition(columns: dict[str, str], time_column: str, period: Period) -> Callable:
    """The condition of an aggregate over one row per counted unit (a contact, a referral…)."""

    def condition(agg: Agg, params: list[object]) -> list[str]:
        conds = []
        col = lambda name: f"q.{qn(columns.get(name, name))}"  # noqa: E731
        for column, values in agg.measure.where:
            conds.append(sql_in(col(column), values, params))
        if agg.dimension is not None:
            for column, values in agg.dimension.only:
                conds.append(sql_in(col(column), values, params))
            if agg.category is not None:
                conds.append(
                    sql_category(agg.dimension, agg.category, col(agg.dimension.column), params)
                )
        if agg.month is not None:
            start, end = period.month_bounds(agg.month)
            if time_column.endswith("_on"):  # a date column: local dates
                start, end = start.date(), end.date()
            conds.append(sql_range(col(time_column), start, end, params))
        return conds

    return condition


def in_scope(qs: QuerySet, scope: Scope, window_path: str | None) -> QuerySet:
    qs = qs.filter(municipality_id__in=scope.municipality_ids)
    if scope.window_id is not None and window_path:
        qs = qs.filter(**{window_path: scope.window_id})
    return qs


def rows_source(
    qs: QuerySet, aggs: list[Agg], period: Period, time_column: str, columns: dict[str, str]
) -> Result:
    inner_sql, inner_params = qs.query.sql_with_params()
    return count_sql(
        f"({inner_sql}) AS q",
        list(inner_params),
        aggs,
        row_condition(columns, time_column, period),
    )
