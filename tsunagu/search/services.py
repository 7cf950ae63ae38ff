"""Person search: one box for any part of a name (kanji or kana), a birth date or a phone."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, can, memberships_for
from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction
from tsunagu.people.models import Person

from .backends import backend_for
from .keys import Query, parse_query

MAX_LIMIT = 200


@dataclass
class SearchResult:
    """One page of results. No total: counting every 佐藤 of a city costs more than the page."""

    items: list[Person] = field(default_factory=list)
    has_more: bool = False
    query: Query = field(default_factory=Query)


def searchable_municipalities(user: User) -> list[int]:
    """Municipalities where the user may look persons up (VIEW_PERSON)."""
    ids = {m.municipality_id for m in memberships_for(user)}
    return sorted(i for i in ids if can(user, Action.VIEW_PERSON, i))


def has_merge_field() -> bool:
    return any(f.name == "merged_into" for f in Person._meta.concrete_fields)


def visible_persons(user: User, municipality_ids: list[int]):
    """Persons this user may see in these municipalities, without merged-away records."""
    persons = Person.objects.visible_to(user).filter(municipality_id__in=municipality_ids)
    if has_merge_field():
        persons = persons.filter(merged_into__isnull=True)
    return persons


def _condition(query: Query, municipality_ids: list[int], alias: str) -> Q:
    backend = backend_for(alias)
    condition = Q()
    for key in query.names:
        condition &= backend.name_q(key, municipality_ids)
    for birth_date in query.birth_dates:
        condition &= Q(search_entry__birth_date=birth_date)
    for digits in query.phones:
        condition &= Q(search_entry__phone_digits=digits)
    return condition


def search_queryset(user: User, parsed: Query, municipality_ids: list[int]):
    """The scoped, ordered queryset of a parsed query (also what the benchmark times as SQL)."""
    persons = visible_persons(user, municipality_ids)
    # The tenant condition on the entry too, so the planner narrows the index side first.
    tenant = Q(search_entry__municipality_id__in=municipality_ids)
    return (
        persons.filter(tenant & _condition(parsed, municipality_ids, persons.db))
        .select_related("municipality")
        .order_by("search_entry__kana_key", "pk")
    )


def search_persons(user: User, query: str, *, limit: int = 50, offset: int = 0) -> SearchResult:
    """Find persons the user may see; results ordered by reading, then id.

    The query text is never logged: the audit event records only the kinds of terms used and
    the number of hits on this page.
    """
    municipality_ids = searchable_municipalities(user)
    if not municipality_ids:
        raise PermissionDenied("本人を検索する権限がありません。")
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    parsed = parse_query(query)
    if parsed.is_empty:
        return SearchResult(query=parsed)
    rows = list(search_queryset(user, parsed, municipality_ids)[offset : offset + limit + 1])
    result = SearchResult(items=rows[:limit], has_more=len(rows) > limit, query=parsed)
    kinds = [k for k, v in (("name", parsed.names), ("birth_date", parsed.birth_dates),
                            ("phone", parsed.phones)) if v]  # fmt: skip
    record(
        AuditAction.SEARCH,
        object_type="people.person",
        municipality_id=municipality_ids[0] if len(municipality_ids) == 1 else None,
        extra={
            "hits": len(result.items),
            "has_more": result.has_more,
            "kinds": kinds,
            "offset": offset,
        },
        user=user,
    )
    return result
