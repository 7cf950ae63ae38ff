"""The persons source (実人数): the period's contacts grouped by person (first contact, age at
it, the 新規 flag, flags for the channels and months of their contacts), then counted by
category, with the answers of each person's latest submitted intake joined once."""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThan

from tsunagu.contacts.models import Reached
from tsunagu.intake.models import Intake
from tsunagu.people.models import BirthPrecision

from ..periods import Period
from .records import contacts_in_period
from .sql import (
    Agg,
    Result,
    Scope,
    count_sql,
    json_text,
    param,
    qn,
    sql_category,
    sql_in,
    sql_range,
)

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
        return f"CASE WHEN {sql_range(first, start, end, params)} THEN 1 ELSE 0 END"
    conds = []
    if agg.dimension is not None and agg.dimension.column in CONTACT_LEVEL:
        for column, values in agg.dimension.only:
            conds.append(sql_in(f"c.{qn(column)}", values, params))
        if agg.category is not None:
            column = f"c.{qn(agg.dimension.column)}"
            conds.append(sql_category(agg.dimension, agg.category, column, params))
    if agg.month is not None:
        start, end = period.month_bounds(agg.month)
        conds.append(sql_range(f"c.{qn('t')}", start, end, params))
    return f"MAX(CASE WHEN {' AND '.join(conds) or 'TRUE'} THEN 1 ELSE 0 END)"


def persons(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    contacts_sql, contacts_params = (
        contacts_in_period(scope, period)
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
        f"MAX(CASE WHEN {sql_in(c('reached'), PERSON_REACHED, [])} THEN 1 ELSE 0 END)"
        " AS reached_person",
    ]
    params.extend((param(period.start), param(period.end)))
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
        conds = [sql_in(f"q.{qn(col)}", values, cond_params) for col, values in agg.measure.where]
        flag = _flag(agg)
        if flag:
            conds.append(f"q.{qn(flag)} = 1")
        dim = agg.dimension
        if dim is not None and agg.category is not None and dim.column not in CONTACT_LEVEL:
            if dim.column.startswith("intake:"):
                column = f"i.{qn(dim.column.split(':', 1)[1])}"
            elif dim.column.startswith("answer:"):
                column = json_text(f"i.{qn('answers')}", dim.column.split(":", 1)[1])
            else:
                column = f"q.{qn(dim.column)}"
            conds.append(sql_category(dim, agg.category, column, cond_params))
        return conds

    return count_sql(source, source_params, aggs, condition, join)
