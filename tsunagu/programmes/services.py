"""Enrolment, the waiting list and attendance (business rules as plain functions).

- ``enrol``: eligibility (age range, residence, who the programme is for) is checked, then the
  participant takes a free place (capacity) or joins the FIFO waiting list.
- A freed place (``withdraw``, a declined or expired offer) is offered to the first person
  waiting (``offer_next``); the offer holds the place until ``offer_expires_at``
  (programme.offer_hours later). ``expire_offers`` ends unanswered offers and moves on.
- ``record_attendance``: present/absent per enrolled participant with an optional note each,
  named 見学・体験 visitors, unnamed visitor and anonymous head counts — one transaction.
- An organisation's member list is its own data: its participants are never linked to a
  person record (so nothing of it reaches a case).

Every function checks the actor's permission itself; writes of personal data are audited by
the TenantOwned machinery, public sessions by the audit registry.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action
from tsunagu.core.validation.text import clean_text

from .access import may_manage, may_run_roster
from .models import (
    HOLDS_PLACE,
    Attendance,
    Audience,
    Participant,
    ParticipantStatus,
    Programme,
    Relation,
    Session,
)
from .schedules import cancel, reinstate

if TYPE_CHECKING:
    from tsunagu.accounts.models import User
    from tsunagu.people.models import HouseholdMember, Person

S = ParticipantStatus


def check_roster(user: User, programme: Programme, action: str = Action.MANAGE_PARTICIPANTS):
    if not may_run_roster(user, programme, action):
        raise PermissionDenied(_("このプログラムの参加者を扱う権限がありません。"))


def check_manage(user: User, programme: Programme) -> None:
    if not may_manage(user, programme):
        raise PermissionDenied(_("このプログラムを編集する権限がありません。"))


# Eligibility --------------------------------------------------------------------------------


def eligibility_problems(
    programme: Programme, *, age: int | None, is_resident: bool, relation: str
) -> list[str]:
    """Why this person may not join (empty: eligible). Unknown ages pass: staff confirm."""
    problems = []
    if age is not None and programme.age_min is not None and age < programme.age_min:
        problems.append(
            _("対象年齢（%(label)s）より若い方です。") % {"label": programme.age_range_label()}
        )
    if age is not None and programme.age_max is not None and age > programme.age_max:
        problems.append(
            _("対象年齢（%(label)s）を超えています。") % {"label": programme.age_range_label()}
        )
    if programme.residents_only and not is_resident:
        problems.append(_("%(m)sにお住まいの方が対象です。") % {"m": programme.municipality.name})
    if programme.audience == Audience.PERSON and relation == Relation.FAMILY:
        problems.append(_("本人向けのプログラムです（ご家族は対象外です）。"))
    if programme.audience == Audience.FAMILY and relation == Relation.PERSON:
        problems.append(_("家族向けのプログラムです（ご本人は対象外です）。"))
    return problems


def _age_of(person: Person | None, member: HouseholdMember | None, today) -> int | None:
    if member is not None:
        return member.age_on(today)
    if person is not None:
        return person.age_on(today)
    return None


# Enrolment and the waiting list -------------------------------------------------------------


def places_taken(programme: Programme) -> int:
    return (
        Participant.objects.in_municipality(programme.municipality_id)
        .filter(programme=programme, status__in=HOLDS_PLACE)
        .count()
    )


def free_places(programme: Programme) -> int | None:
    """Free places (None: no limit)."""
    if programme.capacity is None:
        return None
    return max(programme.capacity - places_taken(programme), 0)


def _lock(programme: Programme) -> Programme:
    """Serialise enrolments of one programme (two clicks never take the last place twice)."""
    return Programme.objects.select_for_update().get(pk=programme.pk)


@transaction.atomic
def enrol(
    actor: User,
    programme: Programme,
    *,
    name: str,
    relation: str = Relation.PERSON,
    person: Person | None = None,
    household_member: HouseholdMember | None = None,
    age: int | None = None,
    is_resident: bool = True,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Participant:
    """Enrol (a free place) or put on the waiting list (full). Raises ValidationError when
    the person is not eligible."""
    check_roster(actor, programme)
    now = now or timezone.now()
    programme = _lock(programme)
    if programme.organization_id and (person is not None or household_member is not None):
        raise ValidationError(
            {"person": _("団体のプログラムの参加者は、相談記録の本人に結びつけられません。")}
        )
    if household_member is not None:
        person = household_member.household.person
        relation = Relation.FAMILY
    for linked in (person, household_member):
        if linked is not None and linked.municipality_id != programme.municipality_id:
            raise ValidationError({"person": _("同じ自治体の記録を選んでください。")})
    if age is None:
        age = _age_of(
            person if household_member is None else None, household_member, timezone.localdate(now)
        )
    problems = eligibility_problems(programme, age=age, is_resident=is_resident, relation=relation)
    if problems:
        raise ValidationError({"__all__": problems})
    if person is not None and household_member is None:
        already = Participant.objects.in_municipality(programme.municipality_id).filter(
            programme=programme,
            person=person,
            household_member__isnull=True,
            status__in=(S.WAITING, S.OFFERED, S.ENROLLED),
        )
        if already.exists():
            raise ValidationError({"person": _("この方はすでに参加中か、キャンセル待ちです。")})
    participant = Participant(
        municipality_id=programme.municipality_id,
        programme=programme,
        name=clean_text(name, field="name", max_length=120, required=True),
        relation=relation,
        person=person,
        household_member=household_member,
        age=age,
        is_resident=is_resident,
        note=clean_text(note, field="note"),
        requested_at=now,
        created_by=actor,
    )
    waiting = Participant.objects.in_municipality(programme.municipality_id).filter(
        programme=programme, status__in=(S.WAITING, S.OFFERED)
    )
    free = free_places(programme)
    if free is None or (free > 0 and not waiting.exists()):
        participant.status = S.ENROLLED
        participant.enrolled_at = now
    else:
        participant.status = S.WAITING
    participant.full_clean(
        exclude=["municipality", "programme", "person", "household_member", "created_by"],
        validate_unique=False,  # uniqueness checks would query unscoped: none to check here
        validate_constraints=False,
    )
    participant.save()
    return participant


def waiting_list(programme: Programme):
    """The queue, first in first out."""
    return (
        Participant.objects.in_municipality(programme.municipality_id)
        .filter(programme=programme, status=S.WAITING)
        .order_by("requested_at", "pk")
    )


def offer_next(programme: Programme, now: datetime.datetime | None = None) -> list[Participant]:
    """Offer every free place to the first people waiting; returns the new offers."""
    now = now or timezone.now()
    offers = []
    free = free_places(programme)
    if free is None:  # no limit: everyone waiting is enrolled straight away
        for p in waiting_list(programme):
            p.status, p.enrolled_at = S.ENROLLED, now
            p.save(update_fields=["status", "enrolled_at", "updated_at"])
        return offers
    for p in list(waiting_list(programme)[:free]):
        p.status = S.OFFERED
        p.offered_at = now
        p.offer_expires_at = now + datetime.timedelta(hours=programme.offer_hours)
        p.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
        offers.append(p)
    return offers


def _end(participant: Participant, status: str, now: datetime.datetime) -> None:
    participant.status = status
    participant.ended_at = now
    participant.save(update_fields=["status", "ended_at", "updated_at"])


@transaction.atomic
def withdraw(actor: User, participant: Participant, now=None) -> list[Participant]:
    """A participant leaves (or leaves the waiting list); the freed place is offered on."""
    check_roster(actor, participant.programme)
    now = now or timezone.now()
    _lock(participant.programme)
    if participant.status not in (S.WAITING, S.OFFERED, S.ENROLLED):
        raise ValidationError(_("すでに終了しています。"))
    _end(participant, S.WITHDRAWN, now)
    return offer_next(participant.programme, now)


@transaction.atomic
def answer_offer(actor: User, participant: Participant, *, accept: bool, now=None):
    """The person offered a place accepts (enrolled) or declines (the place moves on)."""
    check_roster(actor, participant.programme)
    now = now or timezone.now()
    _lock(participant.programme)
    expire_offers(participant.programme, now)
    participant.refresh_from_db()
    if participant.status != S.OFFERED:
        raise ValidationError(_("ご案内の回答期限が過ぎたか、ご案内中ではありません。"))
    if accept:
        participant.status, participant.enrolled_at = S.ENROLLED, now
        participant.save(update_fields=["status", "enrolled_at", "updated_at"])
        return participant
    _end(participant, S.DECLINED, now)
    offer_next(participant.programme, now)
    return participant


def expire_offers(programme: Programme | None = None, now=None) -> int:
    """End offers past their time and offer the places on; returns how many expired."""
    now = now or timezone.now()
    if programme is not None:
        rows = Participant.objects.in_municipality(programme.municipality_id).filter(
            programme=programme
        )
    else:
        rows = Participant.objects.unscoped("daily job: expire waiting-list offers everywhere")
    expired = list(
        rows.filter(status=S.OFFERED, offer_expires_at__lte=now).select_related("programme")
    )
    for p in expired:
        _end(p, S.EXPIRED, now)
    for prog in {p.programme_id: p.programme for p in expired}.values():
        offer_next(prog, now)
    return len(expired)


# Attendance ---------------------------------------------------------------------------------

# the links a service sets itself: not re-validated by full_clean (the database constraints and
# the scoped queries above check them; full_clean's own queries would run unscoped)
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


# Sessions (public data) ---------------------------------------------------------------------


def cancel_session(actor: User, session: Session, reason: str) -> Session:
    check_manage(actor, session.programme)
    if not reason.strip():
        raise ValidationError({"reason": _("中止の理由を入力してください。")})
    if session.is_cancelled:
        raise ValidationError(_("すでに中止になっています。"))
    return cancel(session, reason.strip())


def reinstate_session(actor: User, session: Session) -> Session:
    check_manage(actor, session.programme)
    if not session.is_cancelled:
        raise ValidationError(_("中止になっていない回です。"))
    return reinstate(session)


def add_extra_session(
    actor: User,
    programme: Programme,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    title: str = "",
    place: str = "",
    note: str = "",
    capacity: int | None = None,
) -> Session:
    """A one-off session (a seminar, a forum, an extra meeting)."""
    check_manage(actor, programme)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("終了は開始より後にしてください。")})
    session = Session(
        programme=programme,
        municipality_id=programme.municipality_id,
        occurrence_date=timezone.localtime(starts_at).date(),
        starts_at=starts_at,
        ends_at=ends_at,
        is_extra=True,
        title=title.strip(),
        place=place.strip() or programme.place,
        note=note.strip(),
        capacity=capacity,
    )
    session.full_clean(exclude=["programme", "municipality", "schedule"])
    session.save()
    return session
