"""Attendance of a session and attendance rates (business rules as plain functions).

- ``record_attendance``: present/absent per enrolled participant with an optional note each,
  named 見学・体験 visitors, unnamed visitor and anonymous head counts — one transaction.
- ``members_for_attendance``: who is on a session's list (enrolled on the day, or now).
- ``attendance_rates``: per participant, sessions present / sessions recorded (one query).

An organisation's named visitors are never linked to a person record (nothing reaches a case).
Every writing function checks the actor's permission itself; writes of personal data are
audited by the TenantOwned machinery.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core.validation.text import clean_text

from .models import Attendance, Participant, ParticipantStatus, Programme, Session
from .services import check_roster

if TYPE_CHECKING:
    from tsunagu.accounts.models import User
    from tsunagu.people.models import Person

# the links a service sets itself: not re-validated by full_clean (the database constraints and
# the scoped queries check them; full_clean's own queries would run unscoped)
NOTE_MAX_LENGTH = 2000
ROW_LINKS = ["municipality", "session", "programme", "participant", "person", "recorded_by"]


@dataclass(frozen=True)
class Mark:
    participant_id: int
    present: bool
    note: str = ""


@dataclass(frozen=True)
class NamedVisitor:
    name: str
    person: Person | None = None
    note: str = ""


def members_for_attendance(programme: Programme, session: Session):
    """Who is on the attendance list of a session: those enrolled on the day, and those
    enrolled now (attendance is often entered after the fact), in the order they joined."""
    on_the_day = Q(enrolled_at__lte=session.ends_at) & (
        Q(ended_at__isnull=True) | Q(ended_at__gte=session.starts_at)
    )
    return (
        Participant.objects.in_municipality(programme.municipality_id)
        .filter(programme=programme, enrolled_at__isnull=False)
        .filter(on_the_day | Q(status=ParticipantStatus.ENROLLED))
        .order_by("enrolled_at", "pk")
    )


@transaction.atomic
def record_attendance(
    actor: User,
    session: Session,
    *,
    marks: Iterable[Mark] = (),
    visitors: Iterable[NamedVisitor] = (),
    visitor_count: int = 0,
    anonymous_count: int = 0,
    now: datetime.datetime | None = None,
) -> Session:
    """Record (or correct) a session's attendance in one go."""
    programme = session.programme
    check_roster(actor, programme)
    now = now or timezone.now()
    if session.is_cancelled:
        raise ValidationError(_("中止になった回の出欠は記録できません。"))
    if timezone.localtime(session.starts_at).date() > timezone.localtime(now).date():
        raise ValidationError(_("まだ開催されていない回の出欠は記録できません。"))
    for count in (visitor_count, anonymous_count):
        if not 0 <= count <= 10000:
            raise ValidationError(_("人数は0〜10000で入力してください。"))
    members = {p.pk: p for p in members_for_attendance(programme, session)}
    existing = {
        a.participant_id: a
        for a in Attendance.objects.in_municipality(session.municipality_id).filter(
            session=session, kind=Attendance.Kind.MEMBER
        )
    }
    marks = list({m.participant_id: m for m in marks}.values())  # one mark per person: the last
    for mark in marks:
        participant = members.get(mark.participant_id)
        if participant is None:
            raise ValidationError(_("この回の参加者ではない方が含まれています。"))
        row = existing.get(participant.pk) or Attendance(
            municipality_id=session.municipality_id,
            session=session,
            programme=programme,
            participant=participant,
            person=participant.person,
            kind=Attendance.Kind.MEMBER,
            at=session.starts_at,
        )
        note = clean_text(mark.note, field="note", max_length=NOTE_MAX_LENGTH)
        if row.pk and (row.present, row.note) == (mark.present, note):
            continue
        row.present, row.note, row.recorded_by = mark.present, note, actor
        row.full_clean(exclude=ROW_LINKS, validate_unique=False, validate_constraints=False)
        row.save()
    for visitor in visitors:
        if programme.organization_id and visitor.person is not None:
            raise ValidationError(
                _("団体のプログラムの見学者は、相談記録の本人に結びつけられません。")
            )
        if visitor.person is not None and visitor.person.municipality_id != session.municipality_id:
            raise ValidationError(_("同じ自治体の記録を選んでください。"))
        row = Attendance(
            municipality_id=session.municipality_id,
            session=session,
            programme=programme,
            person=visitor.person,
            kind=Attendance.Kind.VISITOR,
            visitor_name=clean_text(visitor.name, field="visitor_name", max_length=120),
            note=clean_text(visitor.note, field="note", max_length=NOTE_MAX_LENGTH),
            present=True,
            at=session.starts_at,
            recorded_by=actor,
        )
        row.full_clean(exclude=ROW_LINKS, validate_unique=False, validate_constraints=False)
        row.save()
    session.visitor_count = visitor_count
    session.anonymous_count = anonymous_count
    session.attendance_taken_at = session.attendance_taken_at or now
    session.save(
        update_fields=["visitor_count", "anonymous_count", "attendance_taken_at", "updated_at"]
    )
    return session


@dataclass(frozen=True)
class Rate:
    participant: Participant
    present: int
    recorded: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


def attendance_rates(participants: Iterable[Participant]) -> list[Rate]:
    """Per participant: sessions present / sessions with their attendance recorded (one query)."""
    participants = list(participants)
    if not participants:
        return []
    counts = (
        Attendance.objects.in_municipality(participants[0].municipality_id)
        .filter(participant__in=[p.pk for p in participants], kind=Attendance.Kind.MEMBER)
        .values("participant_id")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(present=True)))
    )
    by_id = {c["participant_id"]: c for c in counts}
    return [
        Rate(p, by_id.get(p.pk, {}).get("present", 0), by_id.get(p.pk, {}).get("recorded", 0))
        for p in participants
    ]
