"""The one access helper: fetch one personal-data record for a user and an action.

Every view and API endpoint that opens a record by id goes through `fetch_for_user` (usually
via its app's `get_*_for_user` wrapper): the query is scoped by `visible_to(user, action)`, a
record outside it — another municipality's, one the user's role and grants do not reach, or
an id that does not exist — answers 404 and is audited as a denied access; a record served is
audited as viewed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404

from tsunagu.accounts.permissions import (
    memberships_for,
    municipalities_where,
    permission_key,
    record_scope,
)
from tsunagu.audit.log import record_denied, record_view
from tsunagu.core.fixed_query import FixedQuery

from .scoping import NO_NEEDS, ScopeError, TenantOwned

if TYPE_CHECKING:
    from tsunagu.accounts.models import User

M = TypeVar("M", bound=TenantOwned)


def _visible_by_pk(
    user: User, action: str, model: type[M], related: tuple[str, ...], needs: frozenset[str], pk
) -> QuerySet:
    return (
        model.objects.visible_to(user, action, needs=needs).select_related(*related).filter(pk=pk)
    )


# Every record page opens its record this way: compiled once per user scope and connection.
_VISIBLE_BY_PK = FixedQuery(_visible_by_pk, pk=int)


def _visible(user: User, action: str, model: type[M], pk: Any, related, needs) -> M | None:
    if isinstance(pk, int) and not isinstance(pk, bool):
        args = (user, action, model, tuple(related), needs)
        key = (model._meta.label_lower, action, tuple(related), needs, permission_key(user))
        rows = _VISIBLE_BY_PK.fetch(key=key, args=args, pk=pk)
        return rows[0] if rows else None
    return _visible_by_pk(user, action, model, tuple(related), needs, pk).first()


def fetch_in_scope(query: FixedQuery, user: User, *extra: Hashable, **values: Any) -> list[Any]:
    """The rows of a kept query (core.fixed_query) built as ``build(user, *extra, **values)``:
    compiled once per user scope (``permission_key``) and ``extra``, which must be hashable
    and name everything else the build depends on."""
    return query.fetch(key=(permission_key(user), *extra), args=(user, *extra), **values)


def fetch_for_user(
    user: User,
    action: str,
    model: type[M],
    pk: Any,
    *,
    related: Sequence[str] = (),
    prefetch: Sequence[str] = (),
    audit: bool = True,
    needs: frozenset[str] = NO_NEEDS,
) -> M:
    """`needs`: what an access grant must cover for the record to be reached through it
    (people.grants; e.g. {"sensitive"} for a record that is all 要配慮個人情報)."""
    obj = _visible(user, action, model, pk, related, needs)
    if obj is None:
        record_denied(model, pk)
        raise Http404
    if prefetch:
        prefetch_related_objects([obj], *prefetch)
    # Scope the query, then also assert (Zulip's access_stream_common).
    if obj.municipality_id not in municipalities_where(user, action):
        raise ScopeError(f"{model.__name__} #{pk} escaped the scope of {action}.")
    if audit:
        record_view(obj)
    return obj


def require_in_municipality(
    user: User, action: str, municipality_id: int, *, model: Any, pk: Any
) -> None:
    """A municipality's configuration (forms, rules: no personal data): another
    municipality's answers 404 as its records do; a member whose role lacks the action gets
    403. Both are audited as denied accesses to (model, pk)."""
    if municipality_id in municipalities_where(user, action):
        return
    record_denied(model, pk, reason="forbidden")
    if not memberships_for(user, municipality_id):
        raise Http404
    raise PermissionDenied("この操作を行う権限がありません。")


def get_config_for_admin(user: User, action: str, model: type[Any], pk: Any) -> Any:
    """One configuration record (a window, an organization: no personal data) of a
    municipality where the user may do `action`: another municipality's answers 404, a role
    without the action 403, both audited as denied (require_in_municipality)."""
    obj = model.objects.select_related("municipality").filter(pk=pk).first()
    if obj is None:
        record_denied(model, pk)
        raise Http404
    require_in_municipality(user, action, obj.municipality_id, model=model, pk=pk)
    return obj


def units_acting_for(user: User, action: str) -> tuple[list[Any], list[Any]]:
    """The windows and organisations in whose name the user may do ``action`` (run a programme,
    sign an announcement): an organisation's account its own organisation, window staff their
    window, a municipality-wide role every window and organisation of the municipality."""
    from django.db.models import Q

    from .models import Organization, Window
    from .scoping import NOTHING

    windows: Q = NOTHING
    orgs: Q = NOTHING
    for membership in memberships_for(user, action=action):
        level = record_scope(membership.role)
        if level == "organization":
            orgs |= Q(pk=membership.organization_id or 0)
        elif level == "window":
            windows |= Q(pk=membership.window_id or 0)
        else:
            windows |= Q(municipality_id=membership.municipality_id)
            orgs |= Q(municipality_id=membership.municipality_id)
    return (
        list(Window.objects.filter(windows).order_by("municipality__code", "name")),
        list(Organization.objects.filter(orgs).order_by("municipality__code", "name")),
    )
