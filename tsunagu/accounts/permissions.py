"""All permission rules, in one module (the tables are data in role_tables.py, the actions in
actions.py), in three layers.

1. ACTIONS: what each role may do at all.
2. RECORD_SCOPE: which records of personal data a role reaches
   ("own", "assigned", "organization", "window", "municipality" or "none").
   `tsunagu.tenancy.scoping` applies it to every query; each model translates the level into
   a filter in its `scope_q`.
3. READABLE_CLASSES: which field sensitivity classes a role may read
   (S = 要配慮個人情報, P = personal, O = operational).

4. OPTIONAL_ACTIONS: actions a municipality may switch on for a role (its role
   configuration, `RoleConfiguration`), e.g. whether 委託相談員 may create persons.

Views and API endpoints ask `require(user, action, municipality)`; records are fetched with
`Model.objects.visible_to(user, action)`. "Where may this user do X" is
`municipalities_where(user, action)`, "who may do X here" is `users_who_may(action, m)`.
Nothing else decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from .actions import Action
from .role_tables import (
    ACTIONS,
    AGGREGATE_DETAIL,
    MFA_EXEMPT_ROLES,
    OPTIONAL_ACTIONS,
    READABLE_CLASSES,
    RECORD_SCOPE,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from tsunagu.accounts.models import Membership, User
    from tsunagu.tenancy.models import Municipality


def aggregate_municipalities(user: User, detail: str) -> list[int]:
    """The municipalities whose aggregates the user may see at this detail (sorted ids)."""
    return sorted(
        {
            m.municipality_id
            for m in memberships_for(user, action=Action.VIEW_AGGREGATES)
            if AGGREGATE_DETAIL.get(m.role, "municipality") == detail
        }
    )


def record_scope(role: str) -> str:
    """The record-scope level of a role (the same for every personal-data model)."""
    return RECORD_SCOPE.get(role, "none")


def _enabled_options(user: User) -> dict[tuple[int, str], frozenset[str]]:
    """The optional actions switched on for the user's roles, per (municipality, role); one
    query per user object, and only when an optional action is asked about."""
    cached = getattr(user, "_enabled_options", None)
    if cached is None:
        from .models import RoleConfiguration

        pairs = {(m.municipality_id, m.role) for m in user.active_memberships()}
        configs = RoleConfiguration.objects.filter(
            municipality_id__in={m for m, _ in pairs}, role__in={r for _, r in pairs}
        )
        cached = {(c.municipality_id, c.role): frozenset(c.extra_actions) for c in configs}
        user._enabled_options = cached
    return cached


def membership_allows(membership: Membership, action: str) -> bool:
    """May this membership (one role in one municipality) do `action`?"""
    if action in ACTIONS.get(membership.role, ()):
        return True
    if action in OPTIONAL_ACTIONS.get(membership.role, ()):
        options = _enabled_options(membership.user)
        return action in options.get((membership.municipality_id, membership.role), ())
    return False


def memberships_for(
    user: User | None,
    municipality: Municipality | int | None = None,
    *,
    action: str | None = None,
) -> list[Membership]:
    """The user's active memberships (in one municipality, and allowing one action, if given)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    memberships = user.active_memberships()
    if municipality is not None:
        municipality_id = getattr(municipality, "pk", municipality)
        memberships = [m for m in memberships if m.municipality_id == municipality_id]
    if action is not None:
        memberships = [m for m in memberships if membership_allows(m, action)]
    return memberships


def permission_key(user: User | None) -> tuple:
    """Everything this module's answers for the user depend on: the user, each active
    membership's role, municipality, organisation and window, and the optional actions switched
    on (read only for roles that have some). Queries kept per user scope
    (core.fixed_query) are kept under it: when any of it changes, so does the key."""
    if user is None or not user.is_authenticated or not user.is_active:
        return (None,)
    memberships = user.active_memberships()
    roles = tuple(
        sorted((m.role, m.municipality_id, m.organization_id, m.window_id) for m in memberships)
    )
    options: tuple = ()
    if any(m.role in OPTIONAL_ACTIONS for m in memberships):
        options = tuple(sorted((k, tuple(sorted(v))) for k, v in _enabled_options(user).items()))
    return (user.pk, roles, options)


def can(user: User, action: str, municipality: Municipality | int | None = None) -> bool:
    """May this user do `action` (in this municipality, when given)?"""
    return bool(memberships_for(user, municipality, action=action))


def require(user: User, action: str, municipality: Municipality | int | None = None) -> None:
    if not can(user, action, municipality):
        raise PermissionDenied("この操作を行う権限がありません。")


def municipalities_where(user: User, action: str) -> list[int]:
    """Where may this user do `action`: the ids of those municipalities, sorted."""
    return sorted({m.municipality_id for m in memberships_for(user, action=action)})


def roles_allowed(action: str, municipality: Municipality | int) -> list[str]:
    """The roles that may do `action` in this municipality (its role configuration included)."""
    from .models import RoleConfiguration

    roles = [role for role, actions in ACTIONS.items() if action in actions]
    optional = [role for role, actions in OPTIONAL_ACTIONS.items() if action in actions]
    if optional:
        municipality_id = getattr(municipality, "pk", municipality)
        for config in RoleConfiguration.objects.filter(
            municipality_id=municipality_id, role__in=optional
        ):
            if action in config.extra_actions:
                roles.append(config.role)
    return roles


def users_who_may(
    action: str, municipality: Municipality | int, *, roles: Iterable[str] | None = None
) -> QuerySet[User]:
    """Who may do `action` here: active staff with an active membership in this municipality
    whose role allows it (optionally only some of those roles), by reading then username."""
    from .models import User

    allowed = roles_allowed(action, municipality)
    if roles is not None:
        allowed = [r for r in allowed if r in set(roles)]
    municipality_id = getattr(municipality, "pk", municipality)
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__municipality_id=municipality_id,
            memberships__role__in=allowed,
        )
        .distinct()
        .order_by("display_name_kana", "username")
    )


def readable_classes(user: User, municipality: Municipality | int | None) -> frozenset[str]:
    """The field classes the user's roles read in a municipality: the base of the field
    policy (people.visibility), which alone decides for a given record."""
    classes: set[str] = set()
    for m in memberships_for(user, municipality):
        classes |= READABLE_CLASSES.get(m.role, frozenset())
    return frozenset(classes)


def requires_mfa(user: User) -> bool:
    """Two-factor authentication is required for any role that can read personal data."""
    if user.is_superuser:
        return True
    return any(m.role not in MFA_EXEMPT_ROLES for m in memberships_for(user))


def role_labels(user: User) -> list[str]:
    return [f"{m.municipality.name} {m.get_role_display()}" for m in memberships_for(user)]
