"""Field visibility: the one policy for S, P and O fields, used by pages (the `readable` tag of
`people/templatetags/visibility.py`) and the API alike.

A user reads a field of a record when the field's class is among the classes the user's roles
read in the record's municipality (`accounts.role_tables.READABLE_CLASSES`) — except S-class
fields of a record the user reaches only through access grants that do not cover S-class fields
(a grant says "S or not"). That exception costs one query per request for users holding such a
grant, and one query per model and page of records (`prime`) for them; nobody else pays it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import (
    READABLE_CLASSES,
    memberships_for,
    readable_classes,
    record_scope,
)
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.tenancy.access import fetch_in_scope
from tsunagu.tenancy.scoping import NOTHING, Sensitivity, TenantOwned

from .models import AccessGrant

SENSITIVE = frozenset({"sensitive"})


class FieldPolicy:
    def __init__(self, user: User) -> None:
        self.user = user
        self._limited: bool | None = None
        self._sensitive: dict[tuple[str, Any], bool] = {}
        # by municipality: a page of 50 search results asks 50 times (the memberships do not
        # change within the request this policy lives for)
        self._base_classes: dict[Any, frozenset[str]] = {}

    # Questions -----------------------------------------------------------------------------
    def classes(self, obj: TenantOwned) -> frozenset[str]:
        """The sensitivity classes this user reads on this record."""
        classes = self._base_classes.get(obj.municipality_id)
        if classes is None:
            classes = readable_classes(self.user, obj.municipality_id)
            self._base_classes[obj.municipality_id] = classes
        if Sensitivity.S in classes and not self._reaches_sensitive(obj):
            classes = classes - {Sensitivity.S}
        return classes

    def readable(self, obj: TenantOwned, field: str) -> bool:
        return obj.sensitivity_of(field) in self.classes(obj)

    def reads_sensitive(self, obj: TenantOwned) -> bool:
        return Sensitivity.S in self.classes(obj)

    def values(self, obj: TenantOwned, names: Iterable[str]) -> dict[str, Any]:
        """The readable ones of these fields, by name (the API's field filter)."""
        classes = self.classes(obj)
        return {n: getattr(obj, n) for n in names if obj.sensitivity_of(n) in classes}

    def prime(self, objs: Iterable[TenantOwned]) -> None:
        """Resolve S for a page of records of one model in one query (avoids N+1)."""
        objs = [o for o in objs if (o._meta.label_lower, o.pk) not in self._sensitive]
        if not objs or not self._has_limited_grants():
            return
        model = type(objs[0])
        condition = NOTHING
        for membership in memberships_for(self.user):
            if Sensitivity.S not in READABLE_CLASSES.get(membership.role, ()):
                continue
            level = record_scope(membership.role)
            part = model.scope_q(level, self.user, membership, SENSITIVE)
            condition |= part & Q(municipality_id=membership.municipality_id)
        ids = [o.pk for o in objs]
        reached = set(
            model.objects.unscoped("field policy: records whose S fields the user reaches")
            .filter(condition, pk__in=ids)
            .values_list("pk", flat=True)
        )
        for pk in ids:
            self._sensitive[(model._meta.label_lower, pk)] = pk in reached

    # Internals -----------------------------------------------------------------------------
    def _reaches_sensitive(self, obj: TenantOwned) -> bool:
        if not self._has_limited_grants():
            return True
        key = (obj._meta.label_lower, obj.pk)
        if key not in self._sensitive:
            self.prime([obj])
        return self._sensitive[key]

    def _has_limited_grants(self) -> bool:
        """Does the user (or their organisation) hold an active grant without S?"""
        if self._limited is None:
            self._limited = bool(fetch_in_scope(_LIMITED_GRANTS, self.user))
        return self._limited


def _limited_grants(user: User) -> Any:
    """The user's (or their organisation's) active grants without S: one is enough."""
    who = Q()
    for membership in memberships_for(user):
        who |= AccessGrant.grantee_q(user, membership)
    if not who:
        return None  # no membership: no grant to hold
    return (
        AccessGrant.objects.unscoped("field policy: the user's own grants")
        .filter(who, AccessGrant.active_q(), covers_sensitive=False)
        .values_list("pk")[:1]
    )


_LIMITED_GRANTS = FixedQuery(_limited_grants)  # on every page that shows S-class fields


def field_policy(user: User) -> FieldPolicy:
    """The policy of this user, kept on the user object (one per request)."""
    policy = getattr(user, "_field_policy", None)
    if policy is None:
        policy = FieldPolicy(user)
        user._field_policy = policy
    return policy
