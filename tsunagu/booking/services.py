"""Writing bookings: book a slot, cancel and reschedule (the visitor, through the manage link's
token, until the rule's cut-off; staff at any time), all in one transaction each.

A seat is claimed by inserting a ``SlotSeat`` row: the unique constraint (rule, start, seat)
decides between two people who want the same last seat at the same moment, so one of them gets
``SlotUnavailable`` (tests/…/test_concurrency.py fires parallel requests at it on PostgreSQL).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from tsunagu.core.validation import clean_choice, clean_model_text, clean_phone, invalid

from .availability import Slot, find_slot, is_outreach
from .models import AvailabilityRule, Booking, Consulter, ContactMethod, Mode, SlotSeat


class SlotUnavailable(Exception):
    """The slot is full, or no longer bookable."""


class TooLate(Exception):
    """Past the rule's cut-off for the visitor's own cancel or reschedule."""


@dataclass(frozen=True)
class Visitor:
    """What the booking form asks: the minimum."""

    nickname: str
    contact_method: str
    contact: str
    consulter: str
    note: str = ""
    mode: str = ""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clean_visitor(rule: AvailabilityRule, visitor: Visitor, *, outreach: bool) -> Visitor:
    """The visitor's answers checked with the shared validators (Japanese errors by field)."""
    errors: dict[str, list[str]] = {}

    def check(field: str, fn):
        try:
            return fn()
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)
            return ""

    nickname = check("nickname", lambda: clean_model_text(Booking, "nickname", visitor.nickname))
    if not nickname and "nickname" not in errors:
        errors["nickname"] = ["お名前（ニックネームでかまいません）を入力してください。"]
    method = check(
        "contact_method",
        lambda: clean_choice(visitor.contact_method, ContactMethod, field="contact_method"),
    )
    contact = check("contact", lambda: _clean_contact(method, visitor.contact))
    consulter = check(
        "consulter", lambda: clean_choice(visitor.consulter, Consulter, field="consulter")
    )
    note = check("note", lambda: clean_model_text(Booking, "note", visitor.note))
    mode = Mode.IN_PERSON if outreach else visitor.mode
    if not outreach and mode not in rule.modes:
        errors["mode"] = ["相談のしかたを選んでください。"]
    if errors:
        raise ValidationError(errors)
    return Visitor(nickname, method, contact, consulter, note, mode)


def _clean_contact(method: str, value: str) -> str:
    if method == ContactMethod.PHONE:
        phone = clean_phone(value, field="contact")
        if not phone:
            raise invalid("contact", "電話番号を入力してください。", "required")
        return phone
    text = clean_model_text(Booking, "contact", value)
    try:
        validate_email(text)
    except ValidationError:
        raise invalid("contact", "メールアドレスを正しく入力してください。", "not_email") from None
    return text


def _claim_seat(booking: Booking, slot: Slot) -> None:
    rule = slot.rule
    taken = set(
        SlotSeat.objects.filter(rule=rule, starts_at=slot.starts_at).values_list("seat", flat=True)
    )
    for seat in range(1, rule.capacity + 1):
        if seat in taken:
            continue
        try:
            with transaction.atomic():
                SlotSeat.objects.create(
                    rule=rule, starts_at=slot.starts_at, seat=seat, booking=booking
                )
            return
        except IntegrityError:
            continue  # taken meanwhile by someone else: try the next seat
    raise SlotUnavailable


def book(
    rule: AvailabilityRule,
    starts_at: datetime.datetime,
    visitor: Visitor,
    *,
    now: datetime.datetime | None = None,
) -> tuple[Booking, str]:
    """Book a seat of the slot; returns the booking and its manage token (shown once: only
    its hash is stored). ValidationError for bad answers, SlotUnavailable for a full slot."""
    now = now or timezone.now()
    slot = find_slot(rule, starts_at, now)
    if slot is None or slot.free < 1:
        raise SlotUnavailable
    visitor = clean_visitor(rule, visitor, outreach=is_outreach(slot))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        booking = Booking.objects.create(
            municipality_id=rule.window.municipality_id,
            rule=rule,
            window=rule.window,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            mode=visitor.mode,
            place=slot.place,
            nickname=visitor.nickname,
            contact_method=visitor.contact_method,
            contact=visitor.contact,
            consulter=visitor.consulter,
            note=visitor.note,
            token_hash=hash_token(token),
        )
        _claim_seat(booking, slot)
    return booking, token


def booking_for_token(token: str) -> Booking | None:
    """The booking of a manage link (any municipality: the token is the visitor's key)."""
    if not token or len(token) > 100:
        return None
    return (
        Booking.objects.unscoped("the visitor's own booking, found by its manage link's token")
        .select_related("rule", "window", "window__municipality")
        .filter(token_hash=hash_token(token))
        .first()
    )


def guest_may_change(booking: Booking, now: datetime.datetime | None = None) -> bool:
    """Whether the visitor may still cancel or reschedule (before the rule's cut-off)."""
    now = now or timezone.now()
    cutoff = booking.starts_at - datetime.timedelta(hours=booking.rule.cancel_cutoff_hours)
    return booking.is_active and now < cutoff


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.in_municipality(booking.municipality_id)
        .select_for_update()
        .select_related("rule", "window")
        .get(pk=booking.pk)
    )


@transaction.atomic
def cancel(
    booking: Booking, *, by_staff: bool = False, now: datetime.datetime | None = None
) -> Booking:
    """Cancel and free the seat. The visitor only before the cut-off (TooLate)."""
    now = now or timezone.now()
    booking = _locked(booking)
    if not booking.is_active:
        return booking
    if not by_staff and not guest_may_change(booking, now):
        raise TooLate
    SlotSeat.objects.filter(booking=booking).delete()
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by_staff = by_staff
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by_staff", "sequence"])
    return booking


@transaction.atomic
def reschedule(
    booking: Booking, starts_at: datetime.datetime, *, now: datetime.datetime | None = None
) -> Booking:
    """Move the visitor's booking to another slot of the same rule (same token and links)."""
    now = now or timezone.now()
    booking = _locked(booking)
    if not guest_may_change(booking, now):
        raise TooLate
    slot = find_slot(booking.rule, starts_at, now)
    if slot is None or slot.free < 1 or slot.starts_at == booking.starts_at:
        raise SlotUnavailable
    SlotSeat.objects.filter(booking=booking).delete()
    _claim_seat(booking, slot)
    if is_outreach(slot):
        booking.mode = Mode.IN_PERSON
    elif booking.mode not in booking.rule.modes:
        booking.mode = booking.rule.modes[0]
    booking.starts_at, booking.ends_at, booking.place = slot.starts_at, slot.ends_at, slot.place
    booking.sequence += 1
    booking.reschedule_count += 1
    booking.reminded_at = None
    booking.save()
    return booking
