"""Booking, cancelling and rescheduling through the services; the last seat goes to one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tsunagu.booking.models import Booking, SlotSeat
from tsunagu.booking.services import (
    SlotUnavailable,
    TooLate,
    book,
    booking_for_token,
    cancel,
    hash_token,
    reschedule,
)
from tsunagu.testing.booking import book_tomorrow, tomorrow_slot, visitor

pytestmark = pytest.mark.django_db


def test_a_booking_stores_the_minimum_and_only_the_token_hash(rule):
    booking, token = book_tomorrow(rule, contact_method="phone", contact="090-1234-5678")
    assert booking.contact == "+819012345678"
    assert booking.token_hash == hash_token(token) and token not in booking.token_hash
    assert booking_for_token(token) == booking
    assert booking_for_token("nope") is None


def test_the_last_seat_goes_to_one_person(rule):
    book_tomorrow(rule)
    with pytest.raises(SlotUnavailable):
        book_tomorrow(rule, nickname="別の人")
    assert Booking.objects.unscoped("test").count() == 1


def test_bad_answers_are_refused_in_japanese(rule):
    slot = tomorrow_slot(rule)
    with pytest.raises(ValidationError) as caught:
        book(
            rule,
            slot.starts_at,
            visitor(nickname="", contact="not-an-address", consulter="x", mode="video"),
        )
    errors = caught.value.message_dict
    assert set(errors) == {"nickname", "contact", "consulter", "mode"}
    assert "メールアドレス" in errors["contact"][0]
    with pytest.raises(ValidationError):
        book(rule, slot.starts_at, visitor(nickname="山\x00田"))
    assert not SlotSeat.objects.exists()


def test_cancel_frees_the_seat_and_the_cutoff_binds_the_visitor(rule):
    booking, _ = book_tomorrow(rule)
    early = booking.starts_at - datetime.timedelta(hours=23)  # cut-off is 24 h before
    with pytest.raises(TooLate):
        cancel(booking, now=early)
    booking = cancel(booking, by_staff=True, now=early)
    assert booking.status == Booking.Status.CANCELLED and booking.sequence == 1
    assert not SlotSeat.objects.exists()
    again, _ = book_tomorrow(rule, nickname="次の人")
    assert again.starts_at == booking.starts_at


def test_reschedule_moves_the_seat_and_keeps_the_link(rule):
    booking, token = book_tomorrow(rule)
    now = timezone.now() - datetime.timedelta(days=2)
    later = booking.starts_at + datetime.timedelta(hours=1)
    moved = reschedule(booking, later, now=now)
    assert moved.starts_at == later and moved.reschedule_count == 1 and moved.sequence == 1
    assert SlotSeat.objects.get(booking=booking).starts_at == later
    assert booking_for_token(token).starts_at == later
    book_tomorrow(rule, nickname="元の枠")  # the old slot is free again
    with pytest.raises(SlotUnavailable):
        reschedule(moved, moved.starts_at - datetime.timedelta(hours=1), now=now)
