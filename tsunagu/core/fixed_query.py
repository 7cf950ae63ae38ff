"""Queries of a fixed shape, compiled to SQL once per database connection.

Every request runs the same few queries with different values (the user's memberships, the
API token); building and compiling a queryset costs far more than sending its SQL (about
0.75 ms against 0.2 ms for the memberships with their TOTP ``EXISTS``). A ``FixedQuery``
builds its queryset once, with placeholder values, compiles it on each connection the first
time it runs there, and afterwards sends the same SQL with the request's values and turns the
rows into model instances the way ``QuerySet`` does (``select_related`` relations and
annotations included, the backend's converters applied).

Only for queries whose shape cannot depend on the values: equality lookups on integers and
strings. Each placeholder must appear exactly once among the compiled parameters (checked when
the SQL is compiled), so a value that Django would transform is refused instead of sent
wrongly. The queries run through the connection's cursor wrapper, so query counting and
logging see them as any other query.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

# Placeholder values: integers and strings no real row uses, distinct from each other. The
# integers fit a 32-bit column: Django folds a comparison with an out-of-range value into a
# constant (which would lose the placeholder).
_INT_BASE = -1_987_654_321
_STR_BASE = "\x00tsunagu-fixed-query-"


_numbers = itertools.count()


class FixedQueryError(RuntimeError):
    """The query's shape depends on its values: it cannot be reused."""


class _Plan:
    """The compiled SQL on one connection and how to turn its rows into instances."""

    def __init__(self, queryset: models.QuerySet, placeholders: dict[str, Any], connection):
        compiler = queryset.query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slots: dict[str, int] = {}
        for name, placeholder in placeholders.items():
            found = [i for i, value in enumerate(self.params) if value == placeholder]
            if len(found) != 1:
                raise FixedQueryError(f"{name}: {len(found)} uses among the compiled values")
            self.slots[name] = found[0]
        # A value Django transformed (str() of an int, '%x%' of icontains) would not be found
        # above and would then be sent as the placeholder: refuse any trace of one.
        traces = [str(p) for p in placeholders.values()]
        slots = set(self.slots.values())
        for i, value in enumerate([self.sql, *self.params]):
            if i - 1 not in slots and any(trace in str(value) for trace in traces):
                raise FixedQueryError(f"a value is transformed or inlined: {value!r}")
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

    def run(self, connection, values: dict[str, Any]) -> list[Any]:
        params = list(self.params)
        for name, slot in self.slots.items():
            params[slot] = values[name]
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


class FixedQuery:
    """``build(**values)`` returns the queryset; its values may be integers or strings that
    it compares with ``=`` only. ``FixedQuery(build, user_id=int)`` then
    ``query.fetch(user_id=7)`` gives the list the queryset would give for user 7: model
    instances, or tuples for a ``values_list()`` queryset."""

    def __init__(self, build: Callable[..., models.QuerySet], **kinds: type) -> None:
        self.build = build
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

    def fetch(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[Any]:
        if values.keys() != self.placeholders.keys():
            raise TypeError(f"values for {sorted(self.placeholders)}, not {sorted(values)}")
        connection = connections[using]
        plan = connection.__dict__.get(self._key)
        if plan is None:
            plan = _Plan(self.build(**self.placeholders), self.placeholders, connection)
            connection.__dict__[self._key] = plan
        return plan.run(connection, values)
