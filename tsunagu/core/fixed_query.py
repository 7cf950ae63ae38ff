"""Queries of a fixed shape, compiled to SQL once per database connection.

Every request runs the same few queries with different values (the user's memberships, the
API token); building and compiling a queryset costs far more than sending its SQL (about
0.75 ms against 0.2 ms for the memberships with their TOTP ``EXISTS``). A ``FixedQuery``
builds its queryset once, with placeholder values, compiles it on each connection the first
time it runs there, and afterwards sends the same SQL with the request's values and turns the
rows into model instances the way ``QuerySet`` does (``select_related`` relations and
annotations included, the backend's converters applied).

Only for queries whose shape cannot depend on the values: equality lookups on integers and
strings. When a plan is made, the query is also built with other values and must compile to
the same SQL with those values in the placeholders' places: a value Django transforms, folds
into the SQL or that the build computes with is refused instead of sent wrongly (a value this
shape does not use at all is fine). A build that returns None asks for nothing: no rows, no
query. The queries run through the connection's cursor wrapper, so query counting and
logging see them as any other query.

A query whose shape depends on something else (the user's scope: a supervisor's cases are a
municipality, a counsellor's those of their grants) is built from ``args`` and kept under a
``key`` that must name everything the build reads besides the values (for a user:
``accounts.permissions.permission_key``). The build may not read the database (it would be
read once, not on every run) and may not put a time in the SQL except through
``tsunagu.core.clock.now()``, which is filled in with the time of each run (an access grant
that ended a second ago must not still count): both are refused when the plan is made.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Hashable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.utils import timezone

from . import clock

# Placeholder values: integers and strings no real row uses, distinct from each other. The
# integers fit a positive 32-bit column: Django folds a comparison with an out-of-range value
# (a negative one for a PositiveIntegerField) into a constant, which would lose the placeholder.
_INT_BASE = 2_087_654_321
_STR_BASE = "\x00tsunagu-fixed-query-"
# The build's clock (tsunagu.core.clock): a time no row holds, replaced by now() on each run.
_CLOCK = datetime.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=datetime.UTC)
# A time that is not the clock's (or a date) among the compiled values was baked into the SQL.
_TIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
# Plans kept per query and connection: one per key (a user's scope); more are dropped at once.
MAX_PLANS = 512


_numbers = itertools.count()
# Bumped by forget_plans(): plans made before are not used again.
_generation = 0


def forget_plans() -> None:
    """Drop every kept plan: a registry that builds read (approval kinds, timeline sources)
    changed. At startup only, in production; tests register kinds of their own."""
    global _generation
    _generation += 1


class FixedQueryError(RuntimeError):
    """The query's shape depends on its values: it cannot be reused."""


def _compiled(queryset: models.QuerySet | None, connection) -> tuple[str | None, list[Any]]:
    """(sql, params) of a queryset; (None, []) when it asks for nothing."""
    if queryset is None:
        return None, []
    try:
        sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:  # the scope reaches nothing (Django sends no query either)
        return None, []
    return sql, list(params)


class _Plan:
    """The compiled SQL on one connection and how to turn its rows into instances."""

    def __init__(
        self,
        queryset: models.QuerySet | None,
        placeholders: dict[str, Any],
        connection,
        ordinary: tuple[dict[str, Any], models.QuerySet | None],
    ):
        """``ordinary``: other values and the query built with them, to prove that only the
        values' places differ (Django may fold a value it knows can never match into the SQL,
        or a build may compute with one: both would be kept wrongly)."""
        self.sql, self.params = _compiled(queryset, connection)
        self.slots: dict[str, list[int]] = {
            name: [i for i, value in enumerate(self.params) if value == placeholder]
            for name, placeholder in placeholders.items()
        }
        clock_value = _adapted_clock(connection)
        self.clock_slots = [i for i, value in enumerate(self.params) if value == clock_value]
        for i, value in enumerate(self.params):
            if i not in self.clock_slots and _is_time(value):
                raise FixedQueryError(f"a time is baked into the SQL: {value!r}")
        values, other = ordinary
        if (self.sql, self._filled(values, clock_value)) != _compiled(other, connection):
            raise FixedQueryError("the query's shape depends on its values")
        if self.sql is None:
            return
        # A value Django transformed (str() of an int, '%x%' of icontains) would not be found
        # above and would then be sent as the placeholder: refuse any trace of one.
        traces = [str(p) for p in placeholders.values()]
        slots = {slot for found in self.slots.values() for slot in found}
        for i, value in enumerate([self.sql, *self.params]):
            if i - 1 not in slots and any(trace in str(value) for trace in traces):
                raise FixedQueryError(f"a value is transformed or inlined: {value!r}")
        compiler = queryset.query.get_compiler(connection=connection)
        compiler.as_sql()  # sets up select and klass_info
        select, klass_info = compiler.select, compiler.klass_info
        self.converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
        self.compiler = compiler
        self.model = None  # a values_list() query: the rows as tuples
        if not issubclass(queryset._iterable_class, ModelIterable):
            if not issubclass(queryset._iterable_class, ValuesListIterable):
                raise FixedQueryError("model instances or values_list() tuples only")
            return
        self.annotations = list(compiler.annotation_col_map.items())
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, connection.alias)

    def _filled(self, values: dict[str, Any], now: Any) -> list[Any]:
        params = list(self.params)
        for name, found in self.slots.items():
            for slot in found:
                params[slot] = values[name]
        for slot in self.clock_slots:
            params[slot] = now
        return params

    def run(self, connection, values: dict[str, Any]) -> list[Any]:
        if self.sql is None:
            return []
        now = _adapted(connection, timezone.now()) if self.clock_slots else None
        params = self._filled(values, now)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        if self.model is None:
            return [tuple(row) for row in rows]
        out = []
        for row in rows:
            obj = self.model.from_db(connection.alias, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            out.append(obj)
        return out


def _adapted(connection, value: datetime.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _adapted_clock(connection) -> Any:
    return _adapted(connection, _CLOCK)


def _is_time(value: Any) -> bool:
    if isinstance(value, datetime.date):
        return True
    return isinstance(value, str) and _TIME_TEXT.match(value) is not None


def _ordinary(kind: type, i: int) -> Any:
    """A value any column of the kind takes, distinct for each value of a query."""
    return i + 1 if kind is int else f"v{i}"


def _refuse_reads(execute, sql, params, many, context):
    raise FixedQueryError(f"the build read the database: {sql[:120]}")


class FixedQuery:
    """``build(*args, **values)`` returns the queryset; its values may be integers or strings
    that it compares with ``=`` only. ``FixedQuery(build, user_id=int)`` then
    ``query.fetch(user_id=7)`` gives the list the queryset would give for user 7: model
    instances, or tuples for a ``values_list()`` queryset. ``fetch(key=K, args=A, ...)``
    builds with ``A`` and keeps the plan under ``K`` (see the module's docstring)."""

    def __init__(self, build: Callable[..., models.QuerySet], **kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self.placeholders: dict[str, Any] = {}
        for i, (name, kind) in enumerate(kinds.items()):
            if kind is int:
                self.placeholders[name] = _INT_BASE - i
            elif kind is str:
                self.placeholders[name] = f"{_STR_BASE}{i}"
            else:
                raise FixedQueryError(f"{name}: only int and str values")
        # per connection object: connections are per thread, and a new one compiles again.
        # A number of its own (not id(), which a freed query's successor may reuse).
        self._key = f"_tsunagu_fixed_query_{next(_numbers)}"

    def fetch(
        self,
        using: str = DEFAULT_DB_ALIAS,
        *,
        key: Hashable = (),
        args: tuple[Any, ...] = (),
        **values: Any,
    ) -> list[Any]:
        if values.keys() != self.placeholders.keys():
            raise TypeError(f"values for {sorted(self.placeholders)}, not {sorted(values)}")
        connection = connections[using]
        plans = connection.__dict__.setdefault(self._key, {})
        key = (_generation, key)
        plan = plans.get(key)
        if plan is None:
            ordinary = {
                name: _ordinary(kind, i) for i, (name, kind) in enumerate(self.kinds.items())
            }
            with clock.fixed(_CLOCK), connection.execute_wrapper(_refuse_reads):
                plan = _Plan(
                    self.build(*args, **self.placeholders),
                    self.placeholders,
                    connection,
                    (ordinary, self.build(*args, **ordinary)),
                )
            if len(plans) >= MAX_PLANS:
                plans.clear()
            plans[key] = plan
        return plan.run(connection, values)
