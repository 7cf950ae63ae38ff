"""Staff pages: the bookings of the windows a user reaches (upcoming first, failed e-mails on
top), one booking with its e-mail log, cancel, and 「受付票にする」 (one step: intake_from_booking).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, can, require
from tsunagu.audit.log import record_list
from tsunagu.tenancy.access import fetch_for_user

from . import mail
from .models import Booking, BookingMessage
from .services import cancel
from .to_intake import intake_from_booking

PAGE_SIZE = 50


@login_required
def booking_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_BOOKINGS)
    past = request.GET.get("show") == "past"
    now = timezone.now()
    bookings = Booking.objects.visible_to(request.user, Action.VIEW_BOOKINGS).select_related(
        "rule", "window"
    )
    if past:
        bookings = bookings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        bookings = bookings.filter(starts_at__gte=now)
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list(Booking, page, page="booking_list")
    failures = list(
        BookingMessage.objects.visible_to(request.user, Action.VIEW_BOOKINGS)
        .filter(status=BookingMessage.Status.FAILED, booking__starts_at__gte=now)
        .select_related("booking")[:20]
    )
    return render(
        request,
        "booking/staff_list.html",
        {"page_obj": page, "bookings": page.object_list, "past": past, "failures": failures},
    )


@login_required
def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = fetch_for_user(
        request.user, Action.VIEW_BOOKINGS, Booking, booking_id, related=("rule", "window")
    )
    log = list(
        BookingMessage.objects.visible_to(request.user, Action.VIEW_BOOKINGS).filter(
            booking=booking
        )
    )
    manage = can(request.user, Action.MANAGE_BOOKINGS, booking.municipality_id)
    return render(
        request,
        "booking/staff_detail.html",
        {
            "booking": booking,
            "log": log,
            "may_manage": manage,
            "location": mail.location_of(booking),
        },
    )


@login_required
@require_POST
def booking_intake(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = fetch_for_user(request.user, Action.MANAGE_BOOKINGS, Booking, booking_id)
    require(request.user, Action.CREATE_INTAKE, booking.municipality_id)
    try:
        intake = intake_from_booking(request.user, booking)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff-booking", booking_id=booking.pk)
    messages.success(request, "予約から受付票を作成しました。")
    return redirect("intake-detail", intake_id=intake.pk)


@login_required
@require_POST
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = fetch_for_user(request.user, Action.MANAGE_BOOKINGS, Booking, booking_id)
    if booking.is_active:
        booking = cancel(booking, by_staff=True)
        mail.send(booking, BookingMessage.Kind.CANCELLATION)
        messages.success(request, "予約をキャンセルしました。")
    return redirect("staff-booking", booking_id=booking.pk)
