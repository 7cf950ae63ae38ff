"""Writing to the audit log. Every entry is appended to its municipality's chain (see chain.py)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from tsunagu.core.bulk_insert import insert_row, insert_rows
from tsunagu.core.fixed_query import FixedQuery

from .chain import locked_head
from .context import current
from .models import GENESIS_HASH, AuditAction, AuditEvent


def object_label(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def _actor_and_roles(user: Any = None) -> tuple[Any, str]:
    actor = user if user is not None else current().actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    roles = ""
    if actor is not None:
        from tsunagu.accounts.permissions import memberships_for

        roles = ",".join(sorted({m.role for m in memberships_for(actor)}))
    return actor, roles


def _entry(
    action: str,
    actor: Any,
    roles: str,
    *,
    municipality_id: int | None,
    object_type: str,
    object_id: Any,
    changed_fields: list[str],
    extra: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """An entry not yet placed in its chain (no seq, prev_hash or hash)."""
    ctx = current()
    return AuditEvent(
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
        changed_fields=changed_fields,
        extra={**ctx.note, **(extra or {})},
    )


def _chain(event: AuditEvent, head: tuple[int, str] | None) -> None:
    last_seq, last_hash = head or (0, GENESIS_HASH)
    event.seq = last_seq + 1
    event.prev_hash = last_hash
    event.hash = event.compute_hash()


def _append(events: list[AuditEvent]) -> None:
    """Place many entries in their chains and insert them: each chain is locked and read once
    and its entries go in together (COPY on PostgreSQL, core.bulk_insert)."""
    by_chain: dict[int | None, list[AuditEvent]] = {}
    for event in events:
        by_chain.setdefault(event.municipality_id, []).append(event)
    with transaction.atomic(savepoint=False):
        for municipality_id, chain_events in by_chain.items():
            head = locked_head(municipality_id)
            for event in chain_events:
                _chain(event, head)
                head = (event.seq, event.hash)
            insert_rows(AuditEvent, chain_events)


@dataclass
class _Queue:
    limit: int
    events: list[AuditEvent] = field(default_factory=list)


# Entries queued by `buffered` (None: written at once).
_buffer: contextvars.ContextVar[_Queue | None] = contextvars.ContextVar(
    "tsunagu_audit_buffer", default=None
)


@contextlib.contextmanager
def buffered(limit: int = 500) -> Iterator[None]:
    """Inside the block, `record` queues its entries and they are written together every
    ``limit`` entries and when the block ends, an error included (the reads they record took
    place). For long background work outside a transaction that records one read per item,
    such as an import's duplicate check: one commit per entry would cost more than the reads.
    An entry's time is when it was recorded; its place in the chain is taken when written."""
    queue = _Queue(limit)
    token = _buffer.set(queue)
    try:
        yield
    finally:
        _buffer.reset(token)
        if queue.events:
            _append(queue.events)


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
    actor, roles = _actor_and_roles(user)
    if obj is not None:
        object_type = object_type or object_label(obj)
        object_id = object_id or obj.pk
        if municipality_id is None:
            municipality_id = getattr(obj, "municipality_id", None)
    event = _entry(
        action,
        actor,
        roles,
        municipality_id=municipality_id,
        object_type=object_type,
        object_id=object_id,
        changed_fields=sorted(changed_fields),
        extra=extra,
        username=username,
    )
    queue = _buffer.get()
    if queue is not None:
        queue.events.append(event)
        if len(queue.events) >= queue.limit:
            _append(queue.events)
            queue.events = []
        return event
    # No savepoint inside a caller's transaction (two round trips fewer while the chain is
    # locked): an entry that cannot be written fails the whole transaction it belongs to.
    with transaction.atomic(savepoint=False):
        # The lock is held until the outer transaction ends: the head stays the head.
        _chain(event, locked_head(municipality_id))
        insert_row(event)
    return event


def record_rows(
    action: str, model: type[models.Model], rows: Iterable[tuple[Any, Any]], fields: Iterable[str]
) -> None:
    """One event per (pk, municipality_id) row written in bulk (queryset update, bulk_create):
    the same entries as one `record` per row, but each chain is locked and read once and its
    entries are inserted together (an import of 100,000 rows writes 100,000 entries)."""
    rows = list(rows)
    if not rows:
        return
    actor, roles = _actor_and_roles()
    changed = sorted(fields)
    object_type = object_label(model)
    _append(
        [
            _entry(
                action,
                actor,
                roles,
                municipality_id=municipality_id,
                object_type=object_type,
                object_id=pk,
                changed_fields=changed,
            )
            for pk, municipality_id in rows
        ]
    )


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


def _last_viewers(object_type: str, object_id: str) -> models.QuerySet[AuditEvent]:
    # the columns the table shows (an entry's other fields, JSON among them, are not read)
    return (
        AuditEvent.objects.filter(
            object_type=object_type, object_id=object_id, action=AuditAction.VIEW
        )
        .only("created_at", "actor_username", "actor_role", "ip_address")
        .order_by("-id")[:LAST_VIEWERS]
    )


LAST_VIEWERS = 50
_LAST_VIEWERS = FixedQuery(_last_viewers, object_type=str, object_id=str)  # on record pages


def last_viewers(obj: models.Model) -> list[AuditEvent]:
    """The record page's access log: the latest views of it, newest first."""
    return _LAST_VIEWERS.fetch(object_type=object_label(obj), object_id=str(obj.pk))
