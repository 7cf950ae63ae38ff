"""The case timeline: everything that happened on a case, newest first, in pages.

Each kind of entry comes from a *source* registered here (people's own status, engagement and
grant rows below; the contact log, visits, intakes, handoffs and concern reports register theirs
in their apps' ``ready()``). A source gives the user's scoped rows of one case
(``visible_to``: a grantee without contact coverage gets no contacts) and the field that dates
them. A page costs one query for the keys of every source (a UNION ALL of each source's
``ORDER BY time DESC LIMIT page+1`` below a keyset cursor (time, kind, pk)) and one query per
kind shown on the page (plus one per model for the field policy of users with grants that
withhold S-class fields), whatever the number of entries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, IntegerField, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import User, unnamed_user_fields
from tsunagu.accounts.permissions import Action, can
from tsunagu.core.fixed_query import FixedQuery, forget_plans
from tsunagu.core.validation.codes import clean_choice
from tsunagu.routing.models import HandoffEvent
from tsunagu.tenancy.access import fetch_in_scope
from tsunagu.tenancy.models import unnamed_window_fields

from .models import AccessGrant, Case
from .queries import engagement_history, status_history
from .visibility import field_policy

PAGE_SIZE = 30
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICRO = datetime.timedelta(microseconds=1)

RowsFunction = Callable[[User, Case], QuerySet | None]


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    label: Any  # a (lazy) Japanese label: the filter's option
    template: str  # renders one entry (context: entry, case)
    rows: RowsFunction  # the user's scoped rows of this case; None when the user has none
    time_field: str
    order: int = 100


@dataclass(frozen=True)
class Entry:
    kind: str
    at: datetime.datetime
    obj: Any
    template: str
    rank: int

    @property
    def cursor(self) -> str:
        return f"{(self.at - _EPOCH) // _MICRO}.{self.rank}.{self.obj.pk}"

    def key(self) -> tuple[datetime.datetime, int, int]:
        return (self.at, self.rank, self.obj.pk)


@dataclass(frozen=True)
class Cursor:
    at: datetime.datetime
    rank: int
    pk: int


@dataclass
class TimelinePage:
    entries: list[Entry]
    kind: str  # "" for every kind
    next_cursor: str | None  # where the next page starts; None on the last page


_SOURCES: dict[str, TimelineSource] = {}


def register_timeline_source(
    kind: str,
    label: Any,
    template: str,
    rows: RowsFunction,
    *,
    time_field: str,
    order: int = 100,
) -> None:
    """Add (or replace) a kind of timeline entry; safe when ready() runs twice."""
    _SOURCES[kind] = TimelineSource(kind, label, template, rows, time_field, order)
    forget_plans()  # the first page's keys query names every source


def unregister_timeline_source(kind: str) -> None:
    _SOURCES.pop(kind, None)
    forget_plans()


def sources() -> list[TimelineSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.kind))


def kind_choices() -> list[tuple[str, Any]]:
    return [(s.kind, s.label) for s in sources()]


def clean_kind(value: Any) -> str:
    """The ?kind= filter: "" (everything) or a registered kind (ValidationError otherwise)."""
    return clean_choice(value, kind_choices(), field="kind", label=str(_("種類")), required=False)


def parse_cursor(value: Any) -> Cursor | None:
    """The ?before= cursor (from Entry.cursor); None when empty, ValidationError when bad."""
    if value in (None, ""):
        return None
    try:
        micros, rank, pk = (int(part) for part in str(value).split("."))
        at = _EPOCH + micros * _MICRO
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            {"before": _("続きの位置が正しくありません。最初から表示します。")}, code="invalid"
        ) from None
    return Cursor(at, rank, pk)


def _below(source: TimelineSource, rank: int, cursor: Cursor) -> Q:
    """Rows of this source that come after the cursor in (time, rank, pk) descending order."""
    tf = source.time_field
    earlier = Q(**{f"{tf}__lt": cursor.at})
    if rank < cursor.rank:
        return Q(**{f"{tf}__lte": cursor.at})
    if rank == cursor.rank:
        # the redundant bound lets the (case, time) index start at the cursor on a deep page
        # instead of reading and discarding every newer row of the case
        return Q(**{f"{tf}__lte": cursor.at}) & (
            earlier | Q(**{tf: cursor.at, "pk__lt": cursor.pk})
        )
    return earlier


def timeline_page(
    user: User,
    case: Case,
    *,
    kind: str = "",
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> TimelinePage:
    """One page of the case's timeline for this user (kind: one kind only)."""
    if not kind and before is None:  # the case page as it opens: its keys query is kept
        keys = fetch_in_scope(
            _FIRST_PAGE_KEYS, user, case.municipality_id, size, case_id=case.pk,
            person_id=case.person_id,
        )  # fmt: skip
        entries = _first_page_rows(user, case, keys)
    else:
        chosen = _chosen(user, case, kind, before)
        if len(chosen) == 1:  # one kind: its rows at once
            rank, source, rows = chosen[0]
            fetched = list(rows.order_by(f"-{source.time_field}", "-pk")[: size + 1])
            entries = _entries(user, rank, source, fetched)
        else:
            entries = _page_rows(user, chosen, list(_keys(chosen, size))) if chosen else []
    entries.sort(key=Entry.key, reverse=True)
    shown = entries[:size]
    more = len(entries) > size
    return TimelinePage(shown, kind, shown[-1].cursor if more and shown else None)


Chosen = list[tuple[int, TimelineSource, QuerySet]]


def _chosen(user: User, case: Case, kind: str, before: Cursor | None) -> Chosen:
    """The sources shown (one kind, or all) with the user's rows."""
    chosen = []
    for rank, source in enumerate(sources()):
        if kind and source.kind != kind:
            continue
        rows = source.rows(user, case)
        if rows is None:
            continue
        if before is not None:
            rows = rows.filter(_below(source, rank, before))
        chosen.append((rank, source, rows))
    return chosen


def _keys(chosen: Chosen, size: int) -> QuerySet:
    """The page's keys (time, rank, pk) of every chosen source, newest first: one UNION ALL
    of each source's newest rows (each query's compilation, not its execution, is what a page
    spends its time on)."""
    slice_parts = connection.features.supports_slicing_ordering_in_compound
    parts = []
    for rank, source, rows in chosen:
        keys = rows.annotate(
            tl_at=F(source.time_field), tl_rank=Value(rank, output_field=IntegerField())
        ).values_list("tl_at", "tl_rank", "pk")
        if slice_parts or len(chosen) == 1:  # PostgreSQL: each source's (case, time) index
            keys = keys.order_by(f"-{source.time_field}", "-pk")[: size + 1]
        else:  # SQLite: no ORDER BY inside a compound; the outer one orders
            keys = keys.order_by()
        parts.append(keys)
    if len(parts) == 1:
        return parts[0]
    return parts[0].union(*parts[1:], all=True).order_by("-tl_at", "-tl_rank", "-pk")[: size + 1]


def _first_page_keys(
    user: User, municipality_id: int, size: int, case_id: int, person_id: int
) -> QuerySet | None:
    # the sources read the case's id, municipality and person only
    case = Case(pk=case_id, municipality_id=municipality_id, person_id=person_id)
    chosen = _chosen(user, case, "", None)
    return _keys(chosen, size) if chosen else None


_FIRST_PAGE_KEYS = FixedQuery(_first_page_keys, case_id=int, person_id=int)


# The rows of one kind on the first page, by their keys: a fixed number of id slots (the unused
# ones hold 0, which no row has), so that the query is kept as the keys' query is.
_ROW_SLOTS = PAGE_SIZE + 1


def _rows_by_pks(
    user: User, municipality_id: int, rank: int, case_id: int, person_id: int, **pks: int
) -> QuerySet | None:
    case = Case(pk=case_id, municipality_id=municipality_id, person_id=person_id)
    rows = sources()[rank].rows(user, case)
    return None if rows is None else rows.filter(pk__in=list(pks.values())).order_by()


_PAGE_ROWS = FixedQuery(
    _rows_by_pks, case_id=int, person_id=int, **{f"pk{i}": int for i in range(_ROW_SLOTS)}
)


def _first_page_rows(user: User, case: Case, keys: list[tuple[Any, int, int]]) -> list[Entry]:
    """One read per kind on the page (the keys give the order)."""
    wanted: dict[int, list[int]] = {}
    for _at, rank, pk in keys:
        wanted.setdefault(rank, []).append(pk)
    entries: list[Entry] = []
    for rank, pks in wanted.items():
        source = sources()[rank]
        if len(pks) <= _ROW_SLOTS:
            slots = {f"pk{i}": pk for i, pk in enumerate(pks + [0] * (_ROW_SLOTS - len(pks)))}
            rows = fetch_in_scope(
                _PAGE_ROWS, user, case.municipality_id, rank, case_id=case.pk,
                person_id=case.person_id, **slots,
            )  # fmt: skip
        else:  # a page larger than the case page's
            rows = list(source.rows(user, case).filter(pk__in=pks).order_by())
        entries += _entries(user, rank, source, rows)
    return entries


def _page_rows(user: User, chosen: Chosen, keys: list[tuple[Any, int, int]]) -> list[Entry]:
    """One read per kind on the page: 1 + (kinds shown) queries in all, whatever the number of
    sources."""
    wanted: dict[int, list[int]] = {}
    for _at, rank, pk in keys:
        wanted.setdefault(rank, []).append(pk)
    entries: list[Entry] = []
    for rank, source, rows in chosen:
        if rank in wanted:
            page_rows = rows.filter(pk__in=wanted[rank]).order_by()  # the keys give the order
            entries += _entries(user, rank, source, list(page_rows))
    return entries


def _entries(user: User, rank: int, source: TimelineSource, rows: list[Any]) -> list[Entry]:
    field_policy(user).prime(rows)  # S-class checks for the page: one query, not N
    return [
        Entry(source.kind, getattr(row, source.time_field), row, source.template, rank)
        for row in rows
    ]


# People's own sources -----------------------------------------------------------------------


def _status_rows(user: User, case: Case) -> QuerySet:
    return status_history(user, case)


def _engagement_rows(user: User, case: Case) -> QuerySet:
    return engagement_history(user, case)


def _handoff_rows(user: User, case: Case) -> QuerySet:
    """The handoffs' history (offered, accepted, declined, ended; window handoffs too)."""
    return (
        HandoffEvent.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case_id=case.pk)
        .select_related("actor", "to_window")
        .defer(*unnamed_user_fields("actor"), *unnamed_window_fields("to_window"))
    )


def _grant_rows(user: User, case: Case) -> QuerySet:
    """Grants given directly (a handoff's grant is shown with the handoff)."""
    return (
        AccessGrant.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case_id=case.pk, source=AccessGrant.Source.DIRECT)
        .select_related("user", "organization", "granted_by", "granting_window", "ended_by")
        .defer(
            *unnamed_user_fields("user", "granted_by", "ended_by"),
            *unnamed_window_fields("granting_window"),
        )
    )


def register_people_sources() -> None:
    register_timeline_source(
        "status",
        _("状況の変更"),
        "people/timeline/_status.html",
        _status_rows,
        time_field="changed_at",
        order=40,
    )
    register_timeline_source(
        "engagement",
        _("関わりの段階"),
        "people/timeline/_engagement.html",
        _engagement_rows,
        time_field="changed_at",
        order=50,
    )
    register_timeline_source(
        "handoff",
        _("引き継ぎ"),
        "people/timeline/_handoff.html",
        _handoff_rows,
        time_field="created_at",
        order=60,
    )
    register_timeline_source(
        "grant",
        _("アクセス権"),
        "people/timeline/_grant.html",
        _grant_rows,
        time_field="created_at",
        order=70,
    )


def may_view(user: User, case: Case, action: str) -> bool:
    """For sources: may the user do ``action`` in the case's municipality at all? (A source
    returns None instead of a query that can find nothing.)"""
    return can(user, action, case.municipality_id)
