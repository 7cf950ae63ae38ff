"""Enrolment and the waiting list (business rules as plain functions). Attendance:
attendance.py; actions on sessions: sessions.py.

- ``enrol``: eligibility (age range, residence, who the programme is for) is checked, then the
  participant takes a free place (capacity) or joins the FIFO waiting list.
- A freed place (``withdraw``, a declined or expired offer) is offered to the first person
  waiting (``offer_next``); the offer holds the place until ``offer_expires_at``
  (programme.offer_hours later). ``expire_offers`` ends unanswered offers and moves on.
- An organisation's member list is its own data: its participants are never linked to a
  person record (so nothing of it reaches a case).

Every function checks the actor's permission itself; writes of personal data are audited by
the TenantOwned machinery, public sessions by the audit registry.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action
from tsunagu.core.validation.text import clean_text

from .access import may_run_roster
from .models import HOLDS_PLACE, Audience, Participant, ParticipantStatus, Programme, Relation

if TYPE_CHECKING:
    from tsunagu.accounts.models import User
    from tsunagu.people.models import HouseholdMember, Person

S = ParticipantStatus


def check_roster(user: User, programme: Programme, action: str = Action.MANAGE_PARTICIPANTS):
    if not may_run_roster(user, programme, action):
        raise PermissionDenied(_("このプログラムの参加者を扱う権限がありません。"))


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
