"""Person search: one box for any part of a name (kanji or kana), a birth date or a phone."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, municipalities_where
from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction
from tsunagu.people.models import Person

from .backends import backend_for
from .keys import Query, parse_query
from .models import PersonSearchEntry

MAX_LIMIT = 200
MAX_OFFSET = 10_000  # paging further than this is not a search any more


@dataclass
class SearchResult:
    """One page of results. No total: counting every 佐藤 of a city costs more than the page."""

    items: list[Person] = field(default_factory=list)
    has_more: bool = False
    query: Query = field(default_factory=Query)


def searchable_municipalities(user: User) -> list[int]:
    """Municipalities where the user may look persons up (VIEW_PERSON)."""
    return municipalities_where(user, Action.VIEW_PERSON)


def has_merge_field() -> bool:
    return any(f.name == "merged_into" for f in Person._meta.concrete_fields)


def visible_persons(user: User, municipality_ids: list[int]):
    """Persons this user may see in these municipalities, without merged-away records."""
    persons = Person.objects.visible_to(user, Action.VIEW_PERSON).filter(
        municipality_id__in=municipality_ids
    )
    if has_merge_field():
        persons = persons.filter(merged_into__isnull=True)
    return persons


def _condition(query: Query, municipality_ids: list[int], alias: str) -> Q:
    backend = backend_for(alias)
    condition = Q()
    if query.names:
        condition &= backend.names_q(query.names, municipality_ids, prefix="")
    for birth_date in query.birth_dates:
        condition &= Q(birth_date=birth_date)
    for first, last in query.birth_ranges:
        condition &= Q(birth_date__range=(first, last))
    for digits in query.phones:
        condition &= Q(phone_digits=digits)
    return condition


def search_queryset(user: User, parsed: Query, municipality_ids: list[int]):
    """The scoped search entries of a parsed query, in result order (reading, then person).

    Ordering and the page limit apply to the entry table alone, so a common surname (7,500
    佐藤 in a city of 200,000) sorts narrow index rows instead of joining every matching person
    first; only the page's persons are fetched afterwards. Entries exist only for persons not
    merged away, and their scope is the persons' scope (PersonSearchEntry.scope_q).
    """
    # The municipality ids repeat the scope's own filter: the index's keys lead with them.
    entries = PersonSearchEntry.objects.visible_to(user, Action.VIEW_PERSON).filter(
        municipality_id__in=municipality_ids
    )
    return entries.filter(_condition(parsed, municipality_ids, entries.db)).order_by(
        "kana_key", "person_id"
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
    offset = max(0, min(offset, MAX_OFFSET))
    parsed = parse_query(query)
    if parsed.is_empty:
        return SearchResult(query=parsed)
    entries = search_queryset(user, parsed, municipality_ids)
    ids = list(entries.values_list("person_id", flat=True)[offset : offset + limit + 1])
    persons = (
        visible_persons(user, municipality_ids).select_related("municipality").in_bulk(ids[:limit])
    )
    items = [persons[pk] for pk in ids[:limit] if pk in persons]
    result = SearchResult(items=items, has_more=len(ids) > limit, query=parsed)
    kinds = [k for k, v in (("name", parsed.names), ("birth_date", parsed.birth_dates + parsed.birth_ranges),
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
            "ids": [p.pk for p in result.items],
        },
        user=user,
    )
    return result
