"""What is audited automatically: every personal-data model (TenantOwned), and the configuration
models their apps register here.

An app registers its configuration models in its AppConfig.ready():

    from tsunagu.audit.registry import register
    register(RoutingRule)
    register(FormVersion, municipality_of=lambda v: v.definition.municipality_id)

Then every create, update (with the names of the changed fields, never their values) and delete
of those models is recorded by tsunagu.audit.signals: no service writes these entries by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from tsunagu.tenancy.scoping import TenantOwned

# Bookkeeping that changes on every save and says nothing about the record.
ALWAYS_IGNORED = frozenset({"updated_at"})


@dataclass(frozen=True)
class Registration:
    ignored_fields: frozenset[str] = ALWAYS_IGNORED
    # The chain (municipality) of the model's events when it has no municipality_id of its own.
    municipality_of: Callable[[Any], int | None] | None = None


_PERSONAL_DATA = Registration()
_registry: dict[type[models.Model], Registration] = {}


def register(
    model: type[models.Model],
    *,
    ignored_fields: Iterable[str] = (),
    municipality_of: Callable[[Any], int | None] | None = None,
) -> None:
    """Audit every write of `model`. `ignored_fields`: fields whose change alone is not worth an
    entry (e.g. last_login). `municipality_of(instance)`: the municipality whose chain gets the
    entries, for a model without a municipality_id (default: its municipality_id, or none)."""
    if issubclass(model, TenantOwned):
        raise ValueError(f"{model.__name__} is personal data: it is audited already")
    _registry[model] = Registration(ALWAYS_IGNORED | set(ignored_fields), municipality_of)


def registration(model: type[models.Model]) -> Registration | None:
    """How `model` is audited, or None when it is not."""
    if issubclass(model, TenantOwned):
        return _PERSONAL_DATA
    return _registry.get(model)


def registered_models() -> list[type[models.Model]]:
    """The configuration models registered by the apps (not the TenantOwned ones)."""
    return list(_registry)
