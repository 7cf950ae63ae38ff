"""A municipality's role configuration: the optional actions it switches on per role
(role_tables.OPTIONAL_ACTIONS), e.g. whether its 委託相談員 may create persons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.tenancy.models import Municipality

from .models import RoleConfiguration, User
from .permissions import Action, require
from .role_tables import OPTIONAL_ACTION_LABELS, OPTIONAL_ACTIONS
from .roles import Role


@dataclass(frozen=True)
class RoleOption:
    role: str
    role_label: str
    action: str
    label: str
    enabled: bool


def role_options(municipality: Municipality) -> list[RoleOption]:
    """Every optional action of every role, with whether this municipality switched it on."""
    enabled = {
        c.role: set(c.extra_actions)
        for c in RoleConfiguration.objects.filter(municipality=municipality)
    }
    return [
        RoleOption(
            role,
            str(Role(role).label),
            action,
            OPTIONAL_ACTION_LABELS[action],
            action in enabled.get(role, set()),
        )
        for role, actions in OPTIONAL_ACTIONS.items()
        for action in sorted(actions)
    ]


@transaction.atomic
def set_role_options(
    actor: User, municipality: Municipality, role: str, actions: Iterable[str]
) -> RoleConfiguration:
    """Switch on exactly `actions` (optional actions of `role`) in this municipality."""
    require(actor, Action.MANAGE_USERS, municipality)
    actions = sorted(set(actions))
    allowed = OPTIONAL_ACTIONS.get(role, frozenset())
    if role not in OPTIONAL_ACTIONS or not set(actions) <= allowed:
        raise ValidationError(_("この役割には設定できない操作です。"))
    config, _created = RoleConfiguration.objects.select_for_update().get_or_create(
        municipality=municipality, role=role
    )
    if config.extra_actions != actions:
        config.extra_actions = actions
        config.save()
    return config
