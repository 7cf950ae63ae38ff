"""The SQL behind the report definitions: one query per source, every cell a conditional
aggregate (SUM(CASE WHEN … THEN 1 …)), grouped by municipality only. Nothing is counted in
Python; a report costs the same few queries whatever its number of tables or rows.

Each source is an inner query built with the ORM — the period's rows in scope, with the
columns the definitions read — wrapped in an outer SELECT written here from the definitions
(writing the hundreds of conditions as SQL text directly keeps the ORM's expression
compilation, seconds for a report, out of the way). Values always travel as parameters.

The "persons" source has one more level: the period's contacts grouped by person (first
contact, age at it, the 新規 flag, flags for the channels and months of their contacts), then
counted by category, with the answers of each person's latest submitted intake joined once.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThan

from tsunagu.contacts.models import Contact, Reached
from tsunagu.intake.models import Intake
from tsunagu.meetings.models import AgendaItem, Meeting
from tsunagu.people.models import BirthPrecision
from tsunagu.people.models import Case as CaseModel
from tsunagu.referrals.models import Referral

from .categories import DEFAULT_BY_ORG_TYPE
from .definitions import Category, Dimension, Measure
from .periods import Month, Period

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


# SQL text ----------------------------------------------------------------------------------
def qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _param(value: object) -> object:
    """A value as the database driver wants it (SQLite stores UTC text, not aware objects)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _sql_in(column: str, values: Iterable[object], params: list[object]) -> str:
    values = list(values)
    params.extend(_param(v) for v in values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def _sql_range(column: str, start: object, end: object, params: list[object]) -> str:
    params.extend((_param(start), _param(end)))
    return f"({column} >= %s AND {column} < %s)"


def _sql_category(dim: Dimension, cat: Category, column: str, params: list[object]) -> str:
    def match(c: Category) -> str:
        if dim.multi:  # a JSON list as text: match the quoted code
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


def _json_text(column: str, key: str) -> str:
    """SQL for an intake answer as text (a list stays JSON text, matched with LIKE)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):  # keys come from definitions; never quoted
        raise ValueError(f"not an intake answer key: {key!r}")
    if connection.vendor == "postgresql":
        return f"{column} ->> '{key}'"
    return f"json_extract({column}, '$.{key}')"


def _bool_sql(text: str) -> str:
    return (
        text
        if connection.vendor == "postgresql"
        else text.replace("TRUE", "1").replace("FALSE", "0")
    )


def _count_sql(
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
    sql = _bool_sql(
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


def _row_condition(columns: dict[str, str], time_column: str, period: Period) -> Callable:
    """The condition of an aggregate over one row per counted unit (a contact, a referral…)."""

    def condition(agg: Agg, params: list[object]) -> list[str]:
        conds = []
        col = lambda name: f"q.{qn(columns.get(name, name))}"  # noqa: E731
        for column, values in agg.measure.where:
            conds.append(_sql_in(col(column), values, params))
        if agg.dimension is not None:
            for column, values in agg.dimension.only:
                conds.append(_sql_in(col(column), values, params))
            if agg.category is not None:
                conds.append(
                    _sql_category(agg.dimension, agg.category, col(agg.dimension.column), params)
                )
        if agg.month is not None:
            start, end = period.month_bounds(agg.month)
            if time_column.endswith("_on"):  # a date column: local dates
                start, end = start.date(), end.date()
            conds.append(_sql_range(col(time_column), start, end, params))
        return conds

    return condition


def _in_scope(qs: QuerySet, scope: Scope, window_path: str | None) -> QuerySet:
    qs = qs.filter(municipality_id__in=scope.municipality_ids)
    if scope.window_id is not None and window_path:
        qs = qs.filter(**{window_path: scope.window_id})
    return qs


def _rows_source(
    qs: QuerySet, aggs: list[Agg], period: Period, time_column: str, columns: dict[str, str]
) -> Result:
    inner_sql, inner_params = qs.query.sql_with_params()
    return _count_sql(
        f"({inner_sql}) AS q",
        list(inner_params),
        aggs,
        _row_condition(columns, time_column, period),
    )


# The row sources ---------------------------------------------------------------------------
def _contacts_in_period(scope: Scope, period: Period) -> QuerySet:
    return _in_scope(
        Contact.objects.unscoped(REASON).filter(
            occurred_at__gte=period.start_at, occurred_at__lt=period.end_at
        ),
        scope,
        "case__window_id",
    )


def contacts(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _contacts_in_period(scope, period).values(
        "channel", "reached", "occurred_at", muni=F("municipality_id")
    )
    return _rows_source(qs, aggs, period, "occurred_at", {})


def referrals(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    by_type = [
        When(organization__org_type=t, then=Value(code)) for t, code in DEFAULT_BY_ORG_TYPE.items()
    ]
    qs = (
        _in_scope(
            Referral.objects.unscoped(REASON).filter(
                sent_at__gte=period.start_at, sent_at__lt=period.end_at
            ),
            scope,
            "case__window_id",
        )
        .annotate(
            category=Coalesce(
                F("organization__report_category__category"),
                Case(*by_type, default=Value("other")),
            )
        )
        .values("status", "sent_at", "category", muni=F("municipality_id"))
    )
    return _rows_source(qs, aggs, period, "sent_at", {})


def closures(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _in_scope(
        CaseModel.objects.unscoped(REASON).filter(
            status=CaseModel.Status.CLOSED, closed_on__gte=period.start, closed_on__lte=period.end
        ),
        scope,
        "window_id",
    ).values("closure_reason", "closed_on", muni=F("municipality_id"))
    return _rows_source(qs, aggs, period, "closed_on", {})


def meetings(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _in_scope(
        Meeting.objects.unscoped(REASON).filter(
            starts_at__gte=period.start_at, starts_at__lt=period.end_at
        ),
        scope,
        "window_id",
    ).values("kind", "starts_at", muni=F("municipality_id"))
    return _rows_source(qs, aggs, period, "starts_at", {})


def meeting_items(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _in_scope(
        AgendaItem.objects.unscoped(REASON).filter(
            case__isnull=False,
            meeting__starts_at__gte=period.start_at,
            meeting__starts_at__lt=period.end_at,
        ),
        scope,
        "meeting__window_id",
    ).values(kind=F("meeting__kind"), t=F("meeting__starts_at"), muni=F("municipality_id"))
    return _rows_source(qs, aggs, period, "t", {})


def _sessions_held(scope: Scope, period: Period) -> QuerySet:
    """Sessions held in the period: not cancelled and already begun."""
    from django.utils import timezone

    from tsunagu.programmes.models import Session, SessionStatus

    until = min(period.end_at, timezone.now())
    return _in_scope(
        Session.objects.filter(starts_at__gte=period.start_at, starts_at__lt=until).exclude(
            status=SessionStatus.CANCELLED
        ),
        scope,
        "programme__window_id",
    )


def sessions(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _sessions_held(scope, period).values(
        "starts_at",
        "visitor_count",
        "anonymous_count",
        kind=F("programme__kind"),
        muni=F("municipality_id"),
    )
    return _rows_source(qs, aggs, period, "starts_at", {})


def _attendances(scope: Scope, period: Period) -> QuerySet:
    from tsunagu.programmes.models import Attendance

    held = _sessions_held(scope, period).values("pk")
    return Attendance.objects.unscoped(REASON).filter(
        municipality_id__in=scope.municipality_ids, present=True, session__in=held
    )


def attendances(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _attendances(scope, period).values(
        a_kind=F("kind"),
        t=F("session__starts_at"),
        p_kind=F("programme__kind"),
        muni=F("municipality_id"),
    )
    return _rows_source(qs, aggs, period, "t", {"kind": "p_kind"})


def participants(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    """Distinct participants who attended at least once (実参加者数): one row each."""
    from tsunagu.programmes.models import Attendance

    qs = (
        _attendances(scope, period)
        .filter(kind=Attendance.Kind.MEMBER, participant__isnull=False)
        .values("participant_id", p_kind=F("programme__kind"), muni=F("municipality_id"))
        .order_by()  # the model's ordering would make every attendance distinct
        .distinct()
    )
    return _rows_source(qs, aggs, period, "", {"kind": "p_kind"})


# The persons source ------------------------------------------------------------------------
CONTACT_LEVEL = {"channel", "reached"}  # dimensions of contacts: flags on a person
PERSON_REACHED = (Reached.PERSON, Reached.PERSON_AND_FAMILY)
AGE_BANDS = ((20, "u19"), (30, "20s"), (40, "30s"), (50, "40s"), (60, "50s"), (65, "60_64"))
DECADES = {10: "u19", 20: "20s", 30: "30s", 40: "40s", 50: "50s"}


def _age_at_contact() -> Case:
    """The person's age at each contact (Japan-time date). Age never decreases, so the
    smallest over the period is the age at the first contact. A birth known to the month or
    year counts from its first day; an age stated earlier grows by the years since."""
    when = "occurred_at"
    by_date = (
        ExtractYear(when)
        - ExtractYear("case__person__birth_date")
        - Case(
            When(
                GreaterThan(
                    ExtractMonth("case__person__birth_date") * 100
                    + ExtractDay("case__person__birth_date"),
                    ExtractMonth(when) * 100 + ExtractDay(when),
                ),
                then=Value(1),
            ),
            default=Value(0),
        )
    )
    stated = (
        F("case__person__stated_age") + ExtractYear(when) - ExtractYear("case__person__age_as_of")
    )
    return Case(
        When(
            case__person__birth_date_precision__in=[
                BirthPrecision.DAY,
                BirthPrecision.MONTH,
                BirthPrecision.YEAR,
            ],
            case__person__birth_date__isnull=False,
            then=by_date,
        ),
        When(
            case__person__birth_date_precision=BirthPrecision.AGE,
            case__person__stated_age__isnull=False,
            case__person__age_as_of__isnull=False,
            then=stated,
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def _age_band_sql(params: list[object]) -> str:
    """The age band of the grouped person: from the age at the first contact, or from a decade
    (年代のみ; 60代 straddles 64/65 and counts as unknown)."""
    whens = [f"WHEN MIN(c.{qn('age')}) < {limit} THEN '{code}'" for limit, code in AGE_BANDS]
    whens.append(f"WHEN MIN(c.{qn('age')}) >= 65 THEN '65p'")
    band_prec = f"c.{qn('b_prec')} = %s"
    for decade, code in DECADES.items():
        params.append(BirthPrecision.BAND)
        whens.append(f"WHEN {band_prec} AND c.{qn('b_band')} = {decade} THEN '{code}'")
    params.append(BirthPrecision.BAND)
    whens.append(f"WHEN {band_prec} AND c.{qn('b_band')} >= 70 THEN '65p'")
    params.append(BirthPrecision.BAND)
    whens.append(f"WHEN {band_prec} AND c.{qn('b_band')} < 10 THEN 'u19'")
    return f"CASE {' '.join(whens)} ELSE 'unknown' END"


def _is_new(agg: Agg) -> bool:
    return any(col == "is_new" for col, _v in agg.measure.where)


def _flag(agg: Agg) -> str | None:
    """The per-person flag column an aggregate's contact-level condition reads, or None."""
    parts = []
    if agg.dimension is not None and agg.dimension.column in CONTACT_LEVEL:
        parts.append(f"{agg.dimension.key}_{agg.category.code if agg.category else 'all'}")
    if agg.month is not None:
        # 新規 in a month: a new person whose first contact of the period falls in it (so the
        # months' 新規 add up to the period's)
        parts.append(("first_" if _is_new(agg) else "") + agg.month.key)
    return "f_" + "__".join(parts) if parts else None


def _flag_sql(agg: Agg, period: Period, params: list[object]) -> str:
    """MAX over a person's contacts of the contact-level condition (or, for a month's 新規,
    whether the first contact falls in the month)."""
    if agg.month is not None and _is_new(agg):
        start, end = period.month_bounds(agg.month)
        first = f"MIN(c.{qn('t')})"
        return f"CASE WHEN {_sql_range(first, start, end, params)} THEN 1 ELSE 0 END"
    conds = []
    if agg.dimension is not None and agg.dimension.column in CONTACT_LEVEL:
        for column, values in agg.dimension.only:
            conds.append(_sql_in(f"c.{qn(column)}", values, params))
        if agg.category is not None:
            column = f"c.{qn(agg.dimension.column)}"
            conds.append(_sql_category(agg.dimension, agg.category, column, params))
    if agg.month is not None:
        start, end = period.month_bounds(agg.month)
        conds.append(_sql_range(f"c.{qn('t')}", start, end, params))
    return f"MAX(CASE WHEN {' AND '.join(conds) or 'TRUE'} THEN 1 ELSE 0 END)"


def persons(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    contacts_sql, contacts_params = (
        _contacts_in_period(scope, period)
        .values(
            "channel",
            "reached",
            t=F("occurred_at"),
            pid=F("case__person_id"),
            muni=F("municipality_id"),
            opened=F("case__opened_on"),
            sex=F("case__person__sex"),
            b_prec=F("case__person__birth_date_precision"),
            b_band=F("case__person__age_band"),
            age=_age_at_contact(),
        )
        .query.sql_with_params()
    )
    # Level 2: one row per person.
    params: list[object] = []
    c = lambda name: f"c.{qn(name)}"  # noqa: E731
    columns = [
        f"{c('pid')} AS {qn('pid')}",
        f"{c('muni')} AS {qn('muni')}",
        f"{c('sex')} AS {qn('sex')}",
        f"{_age_band_sql(params)} AS {qn('age_band')}",
        f"MAX(CASE WHEN {c('opened')} >= %s AND {c('opened')} <= %s THEN 1 ELSE 0 END) AS is_new",
        f"MAX(CASE WHEN {_sql_in(c('reached'), PERSON_REACHED, [])} THEN 1 ELSE 0 END)"
        " AS reached_person",
    ]
    params.extend((_param(period.start), _param(period.end)))
    params.extend(PERSON_REACHED)
    seen: set[str] = set()
    for agg in aggs:
        name = _flag(agg)
        if name and name not in seen:
            seen.add(name)
            columns.append(f"{_flag_sql(agg, period, params)} AS {qn(name)}")
    group = ", ".join(c(n) for n in ("pid", "muni", "sex", "b_prec", "b_band"))
    per_person = f"SELECT {', '.join(columns)} FROM ({contacts_sql}) AS c GROUP BY {group}"  # noqa: S608
    per_person_params = [*params, *contacts_params]

    # Level 3: counted by category, with the latest submitted intake's answers.
    needs_intake = any(
        a.dimension is not None and a.dimension.column.startswith(("intake:", "answer:"))
        for a in aggs
    )
    source, source_params, join = f"({per_person}) AS q", per_person_params, ""
    if needs_intake:
        intake = qn(Intake._meta.db_table)
        latest = (
            f"(SELECT ii.{qn('id')} FROM {intake} ii WHERE ii.{qn('person_id')} = p.{qn('pid')}"  # noqa: S608
            f" AND ii.{qn('status')} = %s"
            f" ORDER BY ii.{qn('received_at')} DESC, ii.{qn('id')} DESC LIMIT 1)"
        )
        source = f"(SELECT p.*, {latest} AS intake_id FROM ({per_person}) AS p) AS q"  # noqa: S608
        source_params = [Intake.Status.SUBMITTED, *per_person_params]
        join = f" LEFT JOIN {intake} i ON i.{qn('id')} = q.intake_id"

    def condition(agg: Agg, cond_params: list[object]) -> list[str]:
        conds = [_sql_in(f"q.{qn(col)}", values, cond_params) for col, values in agg.measure.where]
        flag = _flag(agg)
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
            conds.append(_sql_category(dim, agg.category, column, cond_params))
        return conds

    return _count_sql(source, source_params, aggs, condition, join)


SOURCES = {
    "contacts": contacts,
    "persons": persons,
    "referrals": referrals,
    "closures": closures,
    "meetings": meetings,
    "meeting_items": meeting_items,
    "sessions": sessions,
    "attendances": attendances,
    "participants": participants,
}

__all__ = ["SOURCES", "Agg", "Result", "Scope"]
