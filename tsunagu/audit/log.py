"""Writing to the audit log. Every entry is appended to its municipality's chain (see chain.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from tsunagu.core.bulk_insert import insert_rows

from .chain import locked_head
from .context import current
from .models import GENESIS_HASH, AuditAction, AuditEvent


def object_label(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def record(
    action: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    municipality_id: int | None = None,
    changed_fields: Iterable[str] = (),
    extra: dict[str, Any] | None = None,
    user: Any = None,
    username: str = "",
) -> AuditEvent:
    """Append one event. Field *names* only: values never enter the log."""
    ctx = current()
    actor = user if user is not None else ctx.actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or object_label(obj)
        object_id = object_id or obj.pk
        if municipality_id is None:
            municipality_id = getattr(obj, "municipality_id", None)
    roles = ""
    if actor is not None:
        from tsunagu.accounts.permissions import memberships_for

        roles = ",".join(sorted({m.role for m in memberships_for(actor)}))
    # No savepoint inside a caller's transaction (two round trips fewer while the chain is
    # locked): an entry that cannot be written fails the whole transaction it belongs to.
    with transaction.atomic(savepoint=False):
        # The lock is held until the outer transaction ends: the head stays the head.
        last_seq, last_hash = locked_head(municipality_id) or (0, GENESIS_HASH)
        event = AuditEvent(
            seq=last_seq + 1,
            created_at=timezone.now(),
            actor_id=actor.pk if actor is not None else None,
            actor_username=actor.get_username() if actor is not None else username,
            actor_role=roles,
            municipality_id=municipality_id,
            ip_address=ctx.ip_address,
            request_id=ctx.request_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            changed_fields=sorted(changed_fields),
            extra={**ctx.note, **(extra or {})},
            prev_hash=last_hash,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


def record_rows(
    action: str, model: type[models.Model], rows: Iterable[tuple[Any, Any]], fields: Iterable[str]
) -> None:
    """One event per (pk, municipality_id) row written in bulk (queryset update, bulk_create):
    the same entries as one `record` per row, but each chain is locked and read once and its
    entries are inserted together (an import of 100,000 rows writes 100,000 entries)."""
    fields = sorted(fields)
    by_chain: dict[Any, list[Any]] = {}
    for pk, municipality_id in rows:
        by_chain.setdefault(municipality_id, []).append(pk)
    if not by_chain:
        return
    ctx = current()
    actor = ctx.actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    roles = ""
    if actor is not None:
        from tsunagu.accounts.permissions import memberships_for

        roles = ",".join(sorted({m.role for m in memberships_for(actor)}))
    object_type = object_label(model)
    with transaction.atomic(savepoint=False):
        for municipality_id, pks in by_chain.items():
            last_seq, last_hash = locked_head(municipality_id) or (0, GENESIS_HASH)
            events = []
            for pk in pks:
                event = AuditEvent(
                    seq=last_seq + 1,
                    created_at=timezone.now(),
                    actor_id=actor.pk if actor is not None else None,
                    actor_username=actor.get_username() if actor is not None else "",
                    actor_role=roles,
                    municipality_id=municipality_id,
                    ip_address=ctx.ip_address,
                    request_id=ctx.request_id,
                    action=action,
                    object_type=object_type,
                    object_id=str(pk or ""),
                    changed_fields=fields,
                    extra=dict(ctx.note),
                    prev_hash=last_hash,
                )
                event.hash = event.compute_hash()
                events.append(event)
                last_seq, last_hash = event.seq, event.hash
            insert_rows(AuditEvent, events)  # COPY on PostgreSQL (core.bulk_insert)


def record_view(obj: models.Model, **extra: Any) -> AuditEvent:
    return record(AuditAction.VIEW, obj=obj, extra=extra or None)


def record_list(
    model: type[models.Model], objects: Iterable[models.Model], *, page: str
) -> list[AuditEvent]:
    """A list that showed personal data: one event per municipality naming the ids shown
    (so "who saw this person's name" includes search results, queues and dashboards)."""
    by_municipality: dict[Any, list[str]] = {}
    for obj in objects:
        by_municipality.setdefault(getattr(obj, "municipality_id", None), []).append(str(obj.pk))
    return [
        record(
            AuditAction.LIST,
            object_type=object_label(model),
            municipality_id=municipality_id,
            extra={"page": page, "ids": ids},
        )
        for municipality_id, ids in by_municipality.items()
    ]


def record_denied(
    model: type[models.Model] | str, object_id: Any, *, reason: str = "not_found"
) -> AuditEvent:
    """A refused read or write of a record: out of the user's scope, another municipality's,
    or an action the role lacks. The municipality is not looked up: the record may not exist."""
    object_type = model if isinstance(model, str) else object_label(model)
    event = record(
        AuditAction.ACCESS_DENIED,
        object_type=object_type,
        object_id=object_id,
        extra={"reason": reason},
    )
    current().denied_recorded = True
    return event


def record_refusal(method: str, path: str) -> AuditEvent | None:
    """A request refused with 403 (the role lacks the action), unless the refusal was already
    recorded with its record by an access helper. The path holds ids only, never names."""
    if current().denied_recorded:
        return None
    return record(
        AuditAction.ACCESS_DENIED,
        object_type="request",
        object_id="",
        extra={"reason": "forbidden", "method": method, "path": path[:300]},
    )


def viewers_of(obj: models.Model) -> models.QuerySet[AuditEvent]:
    """Who viewed this record, newest first (shown to supervisors)."""
    return AuditEvent.objects.filter(
        object_type=object_label(obj), object_id=str(obj.pk), action=AuditAction.VIEW
    ).order_by("-id")
