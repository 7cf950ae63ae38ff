"""The audit-log screen's query: the events of the municipalities where the user may read the
log (Action.VIEW_AUDIT_LOG), filtered by person, case, user, action and a range of local
(Asia/Tokyo) dates, newest first; and its CSV export (UTF-8 with BOM), itself audited."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, municipalities_where, require

from .log import record
from .models import AuditAction, AuditEvent

EXPORT_LIMIT = 100_000
CSV_COLUMNS = (
    "連番",
    "日時",
    "職員",
    "役割",
    "操作",
    "対象",
    "対象ID",
    "変更項目",
    "接続元",
)


@dataclass(frozen=True)
class AuditFilter:
    """Already validated values (see audit.forms.AuditFilterForm)."""

    municipality_id: int | None = None
    person_id: int | None = None
    case_id: int | None = None
    username: str = ""
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def as_note(self) -> dict[str, str]:
        """The filters, for the audit entry of an export (ids and codes, no names)."""
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def readable_municipalities(user: User) -> list[int]:
    ids = municipalities_where(user, Action.VIEW_AUDIT_LOG)
    if not ids:
        require(user, Action.VIEW_AUDIT_LOG)  # PermissionDenied
    return ids


def audit_events(user: User, wanted: AuditFilter) -> QuerySet[AuditEvent]:
    """The events the user may read that match the filter, newest first."""
    ids = readable_municipalities(user)
    if wanted.municipality_id is not None:
        ids = [i for i in ids if i == wanted.municipality_id]
    events = AuditEvent.objects.filter(municipality_id__in=ids)
    if wanted.person_id is not None:
        events = events.filter(object_type="people.person", object_id=str(wanted.person_id))
    if wanted.case_id is not None:
        events = events.filter(object_type="people.case", object_id=str(wanted.case_id))
    if wanted.username:
        events = events.filter(
            Q(actor_username__iexact=wanted.username)
            | Q(actor_id__in=User.objects.filter(username__iexact=wanted.username).values("pk"))
        )
    if wanted.action:
        events = events.filter(action=wanted.action)
    if wanted.date_from is not None:
        events = events.filter(created_at__gte=_local_midnight(wanted.date_from))
    if wanted.date_to is not None:
        end = wanted.date_to + datetime.timedelta(days=1)
        events = events.filter(created_at__lt=_local_midnight(end))
    return events.order_by("-id")


def _row(event: AuditEvent) -> list[str]:
    local = timezone.localtime(event.created_at)
    return [
        str(event.seq),
        local.strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_username,
        event.actor_role,
        str(event.get_action_display()),
        event.object_type,
        event.object_id,
        " ".join(event.changed_fields or []),
        event.ip_address,
    ]


def _safe(cell: str) -> str:
    """No spreadsheet formulas from logged text (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def export_csv(user: User, wanted: AuditFilter) -> Iterator[str]:
    """The matching events as CSV text chunks (UTF-8 BOM first), at most EXPORT_LIMIT rows.
    The export is recorded in the audit log of each municipality it covers, before any row."""
    events = audit_events(user, wanted)
    covered = readable_municipalities(user)
    if wanted.municipality_id is not None:
        covered = [i for i in covered if i == wanted.municipality_id]
    for municipality_id in covered:
        record(
            AuditAction.EXPORT,
            object_type="audit.auditevent",
            municipality_id=municipality_id,
            extra={"filters": wanted.as_note(), "format": "csv"},
        )

    def chunks() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(CSV_COLUMNS)
        for n, event in enumerate(events[:EXPORT_LIMIT].iterator(chunk_size=2000), start=1):
            writer.writerow([_safe(c) for c in _row(event)])
            if n % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return chunks()
