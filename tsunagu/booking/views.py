"""The public booking pages: windows that take bookings, a window's live availability, the form,
and the visitor's own booking through its manage link (cancel, reschedule).

The forms post without a CSRF cookie (public pages set no cookie): there is no session to ride
on; the booking form carries a signed one-time challenge instead (guard.py), and the manage
forms act only with the link's secret token. Pages with a challenge or a token are `no-store`;
the manage pages send no Referer and are not indexed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from itertools import groupby
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tsunagu.core.validation import clean_id
from tsunagu.tenancy.models import Municipality, Window

from . import guard, mail
from .availability import Slot, bookable_rules, find_slot, is_outreach, parse_key, slots
from .forms import BookingForm
from .models import AvailabilityRule, BookingMessage
from .services import (
    SlotUnavailable,
    TooLate,
    Visitor,
    book,
    booking_for_token,
    cancel,
    clean_visitor,
    guest_may_change,
    reschedule,
)

DAYS_SHOWN = 14


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


def index(request: HttpRequest) -> HttpResponse:
    rules = list(bookable_rules().order_by("window__municipality__code", "window__name", "name"))
    windows: dict[int, dict[str, Any]] = {}
    for rule in rules:
        entry = windows.setdefault(rule.window_id, {"window": rule.window, "rules": []})
        entry["rules"].append(rule)
    by_municipality = [
        (municipality, list(entries))
        for municipality, entries in groupby(
            windows.values(), key=lambda e: e["window"].municipality
        )
    ]
    return render(request, "booking/index.html", {"by_municipality": by_municipality})


def _window(municipality_code: str, slug: str) -> Window:
    municipality = get_object_or_404(Municipality, code=municipality_code[:6])
    return get_object_or_404(
        Window.objects.select_related("municipality"),
        municipality=municipality,
        slug=slug,
        is_public=True,
    )


def _first_day(request: HttpRequest) -> datetime.date:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("from", "")[:10])
    except ValueError:
        return today
    return min(max(day, today), today + datetime.timedelta(days=366))


def _by_day(found: list[Slot]) -> list[tuple[datetime.date, list[Slot]]]:
    return [
        (day, list(group))
        for day, group in groupby(found, key=lambda s: timezone.localtime(s.starts_at).date())
    ]


def window_slots(request: HttpRequest, municipality_code: str, slug: str) -> HttpResponse:
    """Live availability of a window's rules, two weeks at a time."""
    window = _window(municipality_code, slug)
    first = _first_day(request)
    now = timezone.now()
    sections = []
    for rule in bookable_rules().filter(window=window):
        found = slots(rule, now, first_day=first, days=DAYS_SHOWN)
        sections.append({"rule": rule, "days": _by_day(found)})
    later = first + datetime.timedelta(days=DAYS_SHOWN)
    horizon = max((s["rule"].horizon_days for s in sections), default=0)
    context = {
        "window": window,
        "sections": sections,
        "first": first,
        "last": later - datetime.timedelta(days=1),
        "later": later
        if later <= timezone.localdate() + datetime.timedelta(days=horizon)
        else None,
        "earlier": first - datetime.timedelta(days=DAYS_SHOWN)
        if first > timezone.localdate()
        else None,
    }
    return render(request, "booking/window.html", context)


def _rule_and_slot(window: Window, data: Any) -> tuple[AvailabilityRule, Slot | None]:
    try:
        rule_id = clean_id(data.get("rule"), field="rule")
    except ValidationError:
        raise Http404 from None
    rule = bookable_rules().filter(window=window, pk=rule_id).first()
    if rule is None:
        raise Http404
    starts_at = parse_key(data.get("start", ""))
    slot = find_slot(rule, starts_at, timezone.now()) if starts_at else None
    return rule, slot


def _unavailable(request: HttpRequest, window: Window) -> HttpResponse:
    return render(request, "booking/unavailable.html", {"window": window}, status=409)


@csrf_exempt
@_private
def book_slot(request: HttpRequest, municipality_code: str, slug: str) -> HttpResponse:
    window = _window(municipality_code, slug)
    data = request.POST if request.method == "POST" else request.GET
    rule, slot = _rule_and_slot(window, data)
    if slot is None or slot.free < 1:
        return _unavailable(request, window)
    outreach = is_outreach(slot)
    modes = [] if outreach else rule.mode_choices()
    form = BookingForm(request.POST or None, modes=modes)
    challenge, notice = request.POST.get("challenge", ""), ""
    if request.method == "POST" and form.is_valid():
        visitor = Visitor(**{k: form.cleaned_data.get(k) or "" for k in Visitor.__annotations__})
        try:
            clean_visitor(rule, visitor, outreach=outreach)
            guard.check_challenge(challenge, request.POST.get("solution", ""))
            if not guard.within_limit(request, "book", guard.BOOKINGS_PER_HOUR):
                response = render(request, "booking/too_many.html", {"window": window}, status=429)
                response["Retry-After"] = "3600"
                return response
            booking, token = book(rule, slot.starts_at, visitor)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        except guard.Refused as refused:
            if refused.wait:
                notice = _(
                    "確認のため、あと%(seconds)s秒ほど待ってから、もう一度「予約する」を押して"
                    "ください。入力した内容はそのままです。"
                ) % {"seconds": refused.wait}
            else:
                challenge = ""
                notice = _("もう一度「予約する」を押してください。入力した内容はそのままです。")
        except SlotUnavailable:
            return _unavailable(request, window)
        else:
            manage_url = request.build_absolute_uri(reverse("booking-manage", args=[token]))
            mail.send(booking, BookingMessage.Kind.CONFIRMATION, manage_url=manage_url)
            return HttpResponseRedirect(reverse("booking-manage", args=[token]) + "?new=1")
    context = {
        "window": window,
        "rule": rule,
        "slot": slot,
        "form": form,
        "challenge": challenge or guard.issue_challenge(),
        "bits": guard.difficulty(),
        "notice": notice,
        "outreach": outreach,
    }
    return render(request, "booking/book.html", context)


def _booking_or_404(token: str):
    booking = booking_for_token(token)
    if booking is None:
        raise Http404
    return booking


@_private
def manage(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    context = {
        "booking": booking,
        "token": token,
        "may_change": guest_may_change(booking),
        "location": mail.location_of(booking),
        "new": request.GET.get("new") == "1",
        "moved": request.GET.get("moved") == "1",
        "error": "",
    }
    return render(request, "booking/manage.html", context)


def _limited(request: HttpRequest) -> HttpResponse | None:
    if guard.within_limit(request, "manage", guard.MANAGE_ACTIONS_PER_HOUR):
        return None
    response = render(request, "booking/too_many.html", {}, status=429)
    response["Retry-After"] = "3600"
    return response


@csrf_exempt
@_private
def manage_cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("booking-manage", args=[token]))
    refused = _limited(request)
    if refused:
        return refused
    try:
        booking = cancel(booking)
    except TooLate:
        return HttpResponseRedirect(reverse("booking-manage", args=[token]))
    mail.send(booking, BookingMessage.Kind.CANCELLATION)
    return HttpResponseRedirect(reverse("booking-manage", args=[token]))


@csrf_exempt
@_private
def manage_reschedule(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    manage_url = reverse("booking-manage", args=[token])
    if not guest_may_change(booking):
        return HttpResponseRedirect(manage_url)
    error = ""
    if request.method == "POST":
        refused = _limited(request)
        if refused:
            return refused
        starts_at = parse_key(request.POST.get("start", ""))
        if starts_at is None:
            error = _("新しい日時を選んでください。")
        else:
            try:
                booking = reschedule(booking, starts_at)
            except (SlotUnavailable, TooLate):
                error = _("その日時は予約できなくなりました。ほかの日時を選んでください。")
            else:
                absolute = request.build_absolute_uri(manage_url)
                mail.send(booking, BookingMessage.Kind.RESCHEDULE, manage_url=absolute)
                return HttpResponseRedirect(manage_url + "?moved=1")
    first = _first_day(request)
    found = [
        s
        for s in slots(booking.rule, timezone.now(), first_day=first, days=DAYS_SHOWN)
        if s.free > 0 and s.starts_at != booking.starts_at
    ]
    later = first + datetime.timedelta(days=DAYS_SHOWN)
    context = {
        "booking": booking,
        "token": token,
        "days": _by_day(found),
        "error": error,
        "later": later
        if later <= timezone.localdate() + datetime.timedelta(days=booking.rule.horizon_days)
        else None,
    }
    return render(request, "booking/reschedule.html", context, status=422 if error else 200)
