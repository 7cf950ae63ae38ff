"""The SQL behind the report definitions: one query per source, every cell a conditional
aggregate (COUNT … FILTER / SUM(CASE …)), grouped by municipality only. Nothing is counted in
Python; a report costs the same few queries whatever its number of tables or rows.

The "persons" source is two-level: the inner query groups the period's contacts by person
(Django ORM: first contact, 新規 flag, the person's attributes and flags for the channels and
months of their contacts), the outer SQL counts those persons by category. Intake answers come
from each person's latest submitted intake, joined once per person.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThan, LessThan

from tsunagu.contacts.models import Contact, Reached
from tsunagu.intake.models import Intake
from tsunagu.meetings.models import AgendaItem, Meeting
from tsunagu.people.models import BirthPrecision
from tsunagu.people.models import Case as CaseModel
from tsunagu.referrals.models import Referral

from .categories import DEFAULT_BY_ORG_TYPE
from .definitions import Category, Dimension, Measure
from .periods import Month, Period

REASON = "aggregate report: counts only, access checked by tsunagu.reports.access"


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


# Predicates on ORM sources ---------------------------------------------------------------
def _category_q(dim: Dimension, cat: Category, column: str) -> Q:
    if cat.rest:
        others = [v for c in dim.categories if not c.rest for v in c.matched]
        return ~Q(**{f"{column}__in": others}) | Q(**{f"{column}__isnull": True})
    return Q(**{f"{column}__in": list(cat.matched)})


def _orm_q(agg: Agg, columns: dict[str, str], time_field: str, period: Period) -> Q:
    q = Q()
    for column, values in agg.measure.where:
        q &= Q(**{f"{columns.get(column, column)}__in": list(values)})
    if agg.dimension is not None:
        for column, values in agg.dimension.only:
            q &= Q(**{f"{columns.get(column, column)}__in": list(values)})
        if agg.category is not None:
            q &= _category_q(agg.dimension, agg.category, columns[agg.dimension.column])
    if agg.month is not None:
        start, end = period.month_bounds(agg.month)
        q &= Q(**{f"{time_field}__gte": start, f"{time_field}__lt": end})
    return q


def _grouped(qs: QuerySet, aggs: list[Agg], expressions: dict[str, Q], count: str) -> Result:
    """Run one GROUP BY municipality query with a filtered COUNT per aggregate."""
    names = {f"a{i}": agg for i, agg in enumerate(aggs)}
    annotations = {
        name: Count(count, filter=expressions[name] if expressions[name] else None)
        for name in names
    }
    rows = qs.values("municipality_id").order_by().annotate(**annotations)
    out: Result = defaultdict(dict)
    for row in rows:
        cells = out[row["municipality_id"]]
        for name, agg in names.items():
            cells[agg.key] = row[name] or 0
    return out


def _orm_source(
    qs: QuerySet, aggs: list[Agg], period: Period, columns: dict[str, str], time_field: str
) -> Result:
    exprs = {f"a{i}": _orm_q(agg, columns, time_field, period) for i, agg in enumerate(aggs)}
    return _grouped(qs, aggs, exprs, "id")


def _in_scope(qs: QuerySet, scope: Scope, window_path: str | None) -> QuerySet:
    qs = qs.filter(municipality_id__in=scope.municipality_ids)
    if scope.window_id is not None and window_path:
        qs = qs.filter(**{window_path: scope.window_id})
    return qs


def contacts(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _in_scope(
        Contact.objects.unscoped(REASON).filter(
            occurred_at__gte=period.start_at, occurred_at__lt=period.end_at
        ),
        scope,
        "case__window_id",
    )
    columns = {"channel": "channel", "reached": "reached"}
    return _orm_source(qs, aggs, period, columns, "occurred_at")


def referrals(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    by_type = [
        When(organization__org_type=t, then=Value(code)) for t, code in DEFAULT_BY_ORG_TYPE.items()
    ]
    qs = _in_scope(
        Referral.objects.unscoped(REASON).filter(
            sent_at__gte=period.start_at, sent_at__lt=period.end_at
        ),
        scope,
        "case__window_id",
    ).annotate(
        category=Coalesce(
            F("organization__report_category__category"), Case(*by_type, default=Value("other"))
        )
    )
    return _orm_source(qs, aggs, period, {"category": "category", "status": "status"}, "sent_at")


def closures(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _in_scope(
        CaseModel.objects.unscoped(REASON).filter(
            status=CaseModel.Status.CLOSED, closed_on__gte=period.start, closed_on__lte=period.end
        ),
        scope,
        "window_id",
    )
    # Months of a date column: compare with the local dates of the month bounds.
    exprs = {}
    for i, agg in enumerate(aggs):
        q = _orm_q(
            Agg(agg.measure, agg.dimension, agg.category),
            {"closure_reason": "closure_reason"},
            "",
            period,
        )
        if agg.month is not None:
            start, end = period.month_bounds(agg.month)
            q &= Q(closed_on__gte=start.date(), closed_on__lt=end.date())
        exprs[f"a{i}"] = q
    return _grouped(qs, aggs, exprs, "id")


def meetings(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _in_scope(
        Meeting.objects.unscoped(REASON).filter(
            starts_at__gte=period.start_at, starts_at__lt=period.end_at
        ),
        scope,
        "window_id",
    )
    return _orm_source(qs, aggs, period, {"kind": "kind"}, "starts_at")


def meeting_items(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _in_scope(
        AgendaItem.objects.unscoped(REASON).filter(
            case__isnull=False,
            meeting__starts_at__gte=period.start_at,
            meeting__starts_at__lt=period.end_at,
        ),
        scope,
        "meeting__window_id",
    )
    return _orm_source(qs, aggs, period, {"kind": "meeting__kind"}, "meeting__starts_at")


# The persons source ------------------------------------------------------------------------
CONTACT_LEVEL = {"channel", "reached"}  # dimensions of contacts, flags on a person
PERSON_REACHED = (Reached.PERSON, Reached.PERSON_AND_FAMILY)


def _age_expression(first: F) -> Case:
    """Age at the first contact in the period, by the birth data's precision (a birth known
    to the month or year counts from its first day; an age stated earlier grows by the years
    since; a decade counts as its band, 60代 as unknown since it straddles 64/65)."""
    by_date = (
        ExtractYear(first)
        - ExtractYear("b_date")
        - Case(
            When(
                GreaterThan(
                    ExtractMonth("b_date") * 100 + ExtractDay("b_date"),
                    ExtractMonth(first) * 100 + ExtractDay(first),
                ),
                then=Value(1),
            ),
            default=Value(0),
        )
    )
    stated = F("b_age") + ExtractYear(first) - ExtractYear("b_asof")
    age = Case(
        When(
            b_prec__in=[BirthPrecision.DAY, BirthPrecision.MONTH, BirthPrecision.YEAR],
            b_date__isnull=False,
            then=by_date,
        ),
        When(b_prec=BirthPrecision.AGE, b_age__isnull=False, b_asof__isnull=False, then=stated),
        default=Value(None),
        output_field=IntegerField(),
    )
    bands = [(20, "u19"), (30, "20s"), (40, "30s"), (50, "40s"), (60, "50s"), (65, "60_64")]
    decade = {10: "u19", 20: "20s", 30: "30s", 40: "40s", 50: "50s"}
    return Case(
        *[When(LessThan(age, limit), then=Value(code)) for limit, code in bands],
        When(GreaterThan(age, 64), then=Value("65p")),
        *[
            When(b_prec=BirthPrecision.BAND, b_band=d, then=Value(code))
            for d, code in decade.items()
        ],
        When(b_prec=BirthPrecision.BAND, b_band__lt=10, then=Value("u19")),
        When(b_prec=BirthPrecision.BAND, b_band__gte=70, then=Value("65p")),
        default=Value("unknown"),
    )


def _flag(q: Q) -> Max:
    return Max(Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField()))


def _flag_name(agg: Agg, period: Period) -> str | None:
    """The inner flag column a contact-level condition of `agg` reads, or None."""
    parts = []
    if agg.dimension is not None and agg.dimension.column in CONTACT_LEVEL:
        parts.append(f"{agg.dimension.key}_{agg.category.code if agg.category else 'all'}")
    if agg.month is not None:
        # 新規 in a month: a new person whose first contact of the period falls in it (so the
        # months' 新規 add up to the period's)
        parts.append(("first_" if _is_new(agg) else "") + agg.month.key)
    return "f_" + "__".join(parts) if parts else None


def _is_new(agg: Agg) -> bool:
    return any(col == "is_new" for col, _v in agg.measure.where)


def _flag_q(agg: Agg, period: Period) -> Q:
    q = Q()
    if agg.dimension is not None and agg.dimension.column in CONTACT_LEVEL:
        for column, values in agg.dimension.only:
            q &= Q(**{f"{column}__in": list(values)})
        if agg.category is not None:
            q &= _category_q(agg.dimension, agg.category, agg.dimension.column)
    if agg.month is not None:
        start, end = period.month_bounds(agg.month)
        q &= Q(occurred_at__gte=start, occurred_at__lt=end)
    return q


def _json_text(column: str, key: str) -> str:
    """SQL for an intake answer as text (a list stays JSON text, matched with LIKE)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):  # keys come from definitions; never quote
        raise ValueError(f"not an intake answer key: {key!r}")
    if connection.vendor == "postgresql":
        return f"{column} ->> '{key}'"
    return f"json_extract({column}, '$.{key}')"


def _sql_in(column: str, values: Iterable[object], params: list[object]) -> str:
    values = list(values)
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def _sql_category(dim: Dimension, cat: Category, column: str, params: list[object]) -> str:
    def match(c: Category) -> str:
        if dim.multi:
            likes = []
            for value in c.matched:
                params.append(f'%"{value}"%')
                likes.append(f"{column} LIKE %s")
            return "(" + " OR ".join(likes) + ")"
        return _sql_in(column, c.matched, params)

    if cat.rest:
        others = [match(c) for c in dim.categories if not c.rest]
        return f"NOT COALESCE({' OR '.join(others)}, FALSE)" if others else "TRUE"
    return f"COALESCE({match(cat)}, FALSE)"


def persons(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qn = connection.ops.quote_name
    base = _in_scope(
        Contact.objects.unscoped(REASON).filter(
            occurred_at__gte=period.start_at, occurred_at__lt=period.end_at
        ),
        scope,
        "case__window_id",
    )
    opened_in_period = Q(case__opened_on__gte=period.start, case__opened_on__lte=period.end)
    annotations = {
        "is_new": _flag(opened_in_period),
        "reached_person": _flag(Q(reached__in=PERSON_REACHED)),
    }
    firsts = {}
    for agg in aggs:
        name = _flag_name(agg, period)
        if not name or name in annotations or name in firsts:
            continue
        if agg.month is not None and _is_new(agg):
            start, end = period.month_bounds(agg.month)
            firsts[name] = Case(
                When(Q(first_at__gte=start, first_at__lt=end), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        else:
            annotations[name] = _flag(_flag_q(agg, period))
    needs_age = any(a.dimension is not None and a.dimension.column == "age_band" for a in aggs)
    group = {
        "pid": F("case__person_id"),
        "muni": F("municipality_id"),
        "sex": F("case__person__sex"),
    }
    if needs_age:
        group |= {
            "b_date": F("case__person__birth_date"),
            "b_prec": F("case__person__birth_date_precision"),
            "b_age": F("case__person__stated_age"),
            "b_asof": F("case__person__age_as_of"),
            "b_band": F("case__person__age_band"),
        }
    if needs_age or firsts:
        annotations["first_at"] = Min("occurred_at")
    inner = base.values(**group).order_by().annotate(**annotations)
    if firsts:
        inner = inner.annotate(**firsts)
    if needs_age:
        inner = inner.annotate(age_band=_age_expression(F("first_at")))
    inner_sql, inner_params = inner.query.sql_with_params()

    intake_columns = {
        a.dimension.column
        for a in aggs
        if a.dimension is not None and a.dimension.column.startswith(("intake:", "answer:"))
    }
    params: list[object] = []
    selects = []
    for i, agg in enumerate(aggs):
        conds = []
        for column, values in agg.measure.where:
            conds.append(_sql_in(f"q.{qn(column)}", values, params))
        flag = _flag_name(agg, period)
        if flag:
            conds.append(f"q.{qn(flag)} = 1")
        dim = agg.dimension
        if dim is not None and agg.category is not None and dim.column not in CONTACT_LEVEL:
            if dim.column.startswith("intake:"):
                column = f"i.{qn(dim.column.split(':', 1)[1])}"
            elif dim.column.startswith("answer:"):
                column = _json_text(f"i.{qn('answers')}", dim.column.split(":", 1)[1])
            else:
                column = f"q.{qn(dim.column)}"
            conds.append(_sql_category(dim, agg.category, column, params))
        where = " AND ".join(conds) or "TRUE"
        selects.append(f"SUM(CASE WHEN {where} THEN 1 ELSE 0 END) AS a{i}")
    if connection.vendor != "postgresql":
        selects = [s.replace("TRUE", "1").replace("FALSE", "0") for s in selects]
    join = ""
    source = f"({inner_sql}) AS q"
    source_params: list[object] = list(inner_params)
    if intake_columns:
        intake_table = qn(Intake._meta.db_table)
        latest = (
            f"(SELECT ii.{qn('id')} FROM {intake_table} ii WHERE ii.{qn('person_id')} = p.{qn('pid')}"  # noqa: S608 - names from the models
            f" AND ii.{qn('status')} = %s ORDER BY ii.{qn('received_at')} DESC, ii.{qn('id')} DESC"
            " LIMIT 1)"
        )
        source = f"(SELECT p.*, {latest} AS intake_id FROM ({inner_sql}) AS p) AS q"  # noqa: S608
        source_params = [Intake.Status.SUBMITTED, *inner_params]
        join = f" LEFT JOIN {intake_table} i ON i.{qn('id')} = q.intake_id"
    # Only names and SQL built here from the definitions enter the text; values are parameters.
    sql = f"SELECT q.{qn('muni')}, {', '.join(selects)} FROM {source}{join} GROUP BY q.{qn('muni')}"  # noqa: S608
    out: Result = defaultdict(dict)
    with connection.cursor() as cursor:
        # placeholders in text order: the selected aggregates, then the FROM
        cursor.execute(sql, [*params, *source_params])
        for row in cursor.fetchall():
            cells = out[row[0]]
            for agg, value in zip(aggs, row[1:], strict=True):
                cells[agg.key] = int(value or 0)
    return out


SOURCES = {
    "contacts": contacts,
    "persons": persons,
    "referrals": referrals,
    "closures": closures,
    "meetings": meetings,
    "meeting_items": meeting_items,
}

__all__ = ["SOURCES", "Agg", "Result", "Scope"]
