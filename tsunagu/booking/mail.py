"""E-mails to the visitor (confirmation, change, cancellation, reminder), each with an .ics
(RFC 5546: METHOD:REQUEST with a stable UID and a SEQUENCE raised on every change,
METHOD:CANCEL on cancellation). Every send is logged in ``BookingMessage`` with its outcome:
a failure is kept with the error's kind and shown to staff (/staff/bookings/), never silent.

Only bookings whose contact method is e-mail get mail; a visitor who gave a phone number keeps
the manage link shown once on the confirmation page, and staff call back.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Booking, BookingMessage, ContactMethod, Mode

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
PRODID = "-//tsunagu//consultation booking//JA"
SUBJECTS = {
    BookingMessage.Kind.CONFIRMATION: "ご相談の予約を受け付けました",
    BookingMessage.Kind.RESCHEDULE: "ご相談の日時を変更しました",
    BookingMessage.Kind.CANCELLATION: "ご相談の予約をキャンセルしました",
    BookingMessage.Kind.REMINDER: "ご相談の日が近づきました",
}


def location_of(booking: Booking) -> str:
    if booking.place:
        return booking.place
    if booking.mode == Mode.IN_PERSON:
        return booking.window.address
    if booking.mode == Mode.ONLINE:
        return booking.rule.meeting_url
    return ""


def ics(booking: Booking) -> bytes:
    """The booking as one VEVENT; a cancelled booking as METHOD:CANCEL with the same UID."""
    cancelled = not booking.is_active
    calendar = Calendar.new(prodid=PRODID, method="CANCEL" if cancelled else "REQUEST")
    description = booking.rule.name
    if booking.mode == Mode.ONLINE and booking.rule.meeting_url:
        description += f"\n{booking.rule.meeting_url}"
    event = Event.new(
        uid=f"booking-{booking.pk}@tsunagu",
        summary=f"{booking.window.name}：{booking.rule.name}",
        start=booking.starts_at.astimezone(TOKYO),
        end=booking.ends_at.astimezone(TOKYO),
        stamp=timezone.now().astimezone(datetime.UTC),
        sequence=booking.sequence,
        status="CANCELLED" if cancelled else "CONFIRMED",
        location=location_of(booking) or None,
        description=description,
    )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def send(booking: Booking, kind: str, *, manage_url: str = "") -> BookingMessage | None:
    """Send one message and log it; None when the visitor gave no e-mail address."""
    if booking.contact_method != ContactMethod.EMAIL:
        return None
    body = render_to_string(
        "booking/mail.txt",
        {
            "booking": booking,
            "kind": kind,
            "manage_url": manage_url,
            "location": location_of(booking),
            "cancelled": not booking.is_active,
        },
    )
    message = EmailMessage(
        subject=f"{SUBJECTS[kind]}（{booking.window.name}）",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[booking.contact],
    )
    message.attach("soudan.ics", ics(booking), "text/calendar; charset=utf-8")
    try:
        message.send()
    except Exception as error:
        # The error's kind and text, never the address (it may be in the text: cut at '@').
        text = f"{type(error).__name__}: {error}".split("@")[0][:200]
        return BookingMessage.objects.create(
            municipality_id=booking.municipality_id,
            booking=booking,
            kind=kind,
            status=BookingMessage.Status.FAILED,
            error=text,
        )
    return BookingMessage.objects.create(
        municipality_id=booking.municipality_id,
        booking=booking,
        kind=kind,
        status=BookingMessage.Status.SENT,
    )


def send_due_reminders(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Remind every active booking whose start is within its rule's reminder hours; each once
    (a failed send is retried at the next run while the booking is still ahead). Returns
    (sent, failed)."""
    now = now or timezone.now()
    longest = datetime.timedelta(hours=max_reminder_hours())
    due = (
        Booking.objects.unscoped("the reminder job: every municipality's coming bookings")
        .select_related("rule", "window")
        .filter(
            status=Booking.Status.BOOKED,
            reminded_at__isnull=True,
            contact_method=ContactMethod.EMAIL,
            starts_at__gt=now,
            starts_at__lte=now + longest,
        )
    )
    sent = failed = 0
    for booking in due:
        if booking.starts_at - now > datetime.timedelta(hours=booking.rule.reminder_hours):
            continue
        logged = send(booking, BookingMessage.Kind.REMINDER)
        if logged is not None and logged.status == BookingMessage.Status.SENT:
            booking.reminded_at = now
            booking.save(update_fields=["reminded_at"])
            sent += 1
        else:
            failed += 1
    return sent, failed


def max_reminder_hours() -> int:
    from django.db.models import Max

    from .models import AvailabilityRule

    return AvailabilityRule.objects.aggregate(m=Max("reminder_hours"))["m"] or 0
