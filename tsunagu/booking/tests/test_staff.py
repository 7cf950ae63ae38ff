"""Staff screens: the bookings a role reaches (audited list), one booking with its e-mail log,
「受付票にする」 in one step, cancel; reminders logged with failures shown to staff."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.booking.mail import send_due_reminders
from tsunagu.booking.models import Booking, BookingMessage
from tsunagu.booking.services import book
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.models import Intake
from tsunagu.testing.booking import make_rule, tomorrow_slot, visitor
from tsunagu.testing.routing_concerns import login

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_window_s_bookings_and_records_them(client, settings, bookings):
    home = bookings.home
    c = login(client, settings, bookings.user(Role.RECEPTION))
    page = c.get(reverse("staff-bookings")).content.decode()
    assert reverse("staff-booking", args=[home.booking.pk]) in page
    assert reverse("staff-booking", args=[home.other_booking.pk]) not in page  # other window
    event = AuditEvent.objects.filter(action="list", extra__page="booking_list").latest("id")
    assert event.extra["ids"] == [str(home.booking.pk)]
    away = c.get(reverse("staff-booking", args=[bookings.away.booking.pk]))
    assert away.status_code == 404


def test_nobody_without_the_action_sees_bookings(client, settings, bookings):
    for role in (Role.CONTRACTED_COUNSELLOR, Role.AGENCY_STAFF, Role.MUNICIPALITY_ADMIN):
        c = login(client, settings, bookings.user(role))
        assert c.get(reverse("staff-bookings")).status_code == 403
        url = reverse("staff-booking", args=[bookings.home.booking.pk])
        assert c.get(url).status_code in (403, 404)


def test_a_booking_becomes_an_intake_in_one_step(client, settings, bookings):
    home = bookings.home
    install_default_sheet(home.municipality)
    c = login(client, settings, bookings.user(Role.COUNSELLOR))
    url = reverse("staff-booking-intake", args=[home.booking.pk])
    response = c.post(url)
    booking = Booking.objects.unscoped("test").get(pk=home.booking.pk)
    intake = Intake.objects.unscoped("test").get(pk=booking.intake_id)
    assert response["Location"] == reverse("intake-detail", args=[intake.pk])
    assert intake.window == home.window and intake.is_draft
    assert intake.answers["consulter_name"] == "みかん"
    assert intake.answers["consulter_phone"] == "mikan@example.jp"
    assert intake.answers["channel"] == "in_person"
    assert "息子のことで" in str(intake.answers.values())
    c.post(url)  # a second time is refused, nothing new
    assert Intake.objects.unscoped("test").filter(window=home.window).count() == 1
    detail = c.get(reverse("staff-booking", args=[booking.pk])).content.decode()
    assert reverse("intake-detail", args=[intake.pk]) in detail


def test_staff_cancel_and_the_mail_log(client, settings, bookings):
    home = bookings.home
    c = login(client, settings, bookings.user(Role.SUPERVISOR))
    c.post(reverse("staff-booking-cancel", args=[home.booking.pk]))
    booking = Booking.objects.unscoped("test").get(pk=home.booking.pk)
    assert booking.status == "cancelled" and booking.cancelled_by_staff
    detail = c.get(reverse("staff-booking", args=[booking.pk])).content.decode()
    assert "キャンセル" in detail and "送信済み" in detail


def test_reminders_are_sent_once_and_failures_are_shown(client, settings, bookings, monkeypatch):
    # Every booking is tomorrow's first slot; a run 23 hours before the latest of them has all
    # three within their 24 reminder hours whatever the time of day the suite runs.
    latest = Booking.objects.unscoped("test").latest("starts_at").starts_at
    now = latest - datetime.timedelta(hours=23)
    assert send_due_reminders(now) == (3, 0)
    assert send_due_reminders(now) == (0, 0)
    assert len(mail.outbox) == 3 and "近づきました" in mail.outbox[0].subject

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down for mikan@example.jp")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    Booking.objects.unscoped("test").update(reminded_at=None)
    with time_machine.travel(now, tick=False):
        call_command("send-booking-reminders")
    failed = BookingMessage.objects.unscoped("test").filter(status="failed")
    assert failed.count() == 3
    assert all("@" not in m.error and "ConnectionRefusedError" in m.error for m in failed)
    assert not Booking.objects.unscoped("test").filter(reminded_at__isnull=False).exists()
    c = login(client, settings, bookings.user(Role.RECEPTION))
    page = c.get(reverse("staff-bookings")).content.decode()
    assert "送信できなかったメール（1件）" in page  # only its own window's
    later = now + datetime.timedelta(days=3)
    assert send_due_reminders(later) == (0, 0)  # past bookings are not reminded


def test_the_list_costs_the_same_whatever_the_number_of_bookings(client, settings, bookings):
    c = login(client, settings, bookings.user(Role.SUPERVISOR))
    c.get(reverse("staff-bookings"))  # warm the per-connection queries

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert c.get(reverse("staff-bookings")).status_code == 200
        return len(queries)

    before = count()
    rule = make_rule(bookings.home.window, capacity=10)
    for n in range(5):
        book(rule, tomorrow_slot(rule).starts_at, visitor(nickname=f"人{n}"))
    assert count() == before
