"""The public calendar (no login, no JavaScript): the month list with filters, a page per
programme and per session, iCalendar feeds and the open-data CSV. Reads only published
programme data through queries.py."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from itertools import groupby
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from tsunagu.programmes.models import Session
from tsunagu.tenancy.models import Municipality

from . import queries
from .forms import CalendarFilterForm
from .ical import build_feed
from .opendata import to_csv
from .present import (
    address_of,
    feed_entry,
    location_of,
    open_data_event,
    phone_of,
    place_of,
    schedule_label,
)

FEED_MAX_AGE = 15 * 60  # seconds a cache may keep a feed or the CSV


def calendar_index(request: HttpRequest) -> HttpResponse:
    municipalities = list(queries.municipalities_with_programmes())
    form = CalendarFilterForm(request.GET, municipalities)
    wanted = form.wanted()
    month = form.month_shown()
    sessions = list(queries.in_month(queries.filtered(queries.published_sessions(), wanted), month))
    links = form.for_links()
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "calendar_public/calendar.html",
        {
            "form": form,
            "wanted": wanted,
            "month": month,
            "days": _by_day(sessions),
            "count": len(sessions),
            "today": timezone.localdate(),
            "previous_url": _month_url(previous, links),
            "next_url": _month_url(following, links),
            "municipalities": municipalities,
        },
    )


def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_object_or_404(queries.published_programmes(), pk=programme_id)
    schedules = [
        schedule_label(s) for s in programme.schedules.filter(is_active=True).order_by("pk")
    ]
    return render(
        request,
        "calendar_public/programme.html",
        {
            "programme": programme,
            "schedules": schedules,
            "upcoming": _with_places(queries.upcoming_of(programme)),
            "address": " ".join(filter(None, address_of(programme.location))),
            "phone": phone_of(programme),
        },
    )


def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(queries.published_sessions(), pk=session_id)
    return render(
        request,
        "calendar_public/session.html",
        {
            "session": session,
            "programme": session.programme,
            "place": place_of(session),
            "address": " ".join(filter(None, address_of(location_of(session)))),
            "phone": phone_of(session.programme),
            "is_past": session.ends_at < timezone.now(),
        },
    )


def municipality_feed(request: HttpRequest, municipality_code: str) -> HttpResponse:
    """All published sessions of a municipality; ?kind= and ?audience= narrow it like the page
    (a family subscribes to 家族向け only)."""
    municipality = _municipality(municipality_code)
    form = CalendarFilterForm(request.GET, [municipality])
    wanted = form.wanted()
    sessions = queries.filtered(
        queries.published_sessions(),
        queries.CalendarFilter(municipality, kind=wanted.kind, audience=wanted.audience),
    )
    with translation.override("ja"):
        name = f"{municipality.name}のプログラム・居場所・家族会"
        return _feed(
            request,
            sessions,
            name=name,
            uid=f"municipality-{municipality.code}@tsunagu",
            page=reverse("public-calendar") + "?" + urlencode({"municipality": municipality.code}),
        )


def programme_feed(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_object_or_404(queries.published_programmes(), pk=programme_id)
    sessions = queries.published_sessions().filter(programme=programme)
    with translation.override("ja"):
        return _feed(
            request,
            sessions,
            name=f"{programme.name}（{programme.municipality.name}）",
            uid=f"programme-{programme.pk}@tsunagu",
            page=reverse("calendar-programme", args=[programme.pk]),
        )


def open_data(request: HttpRequest, municipality_code: str | None = None) -> HttpResponse:
    """「イベント一覧」 CSV of the sessions to come: all municipalities, or one."""
    sessions = queries.published_sessions()
    filename = "events.csv"
    if municipality_code is not None:
        municipality = _municipality(municipality_code)
        sessions = queries.filtered(sessions, queries.CalendarFilter(municipality=municipality))
        filename = f"{municipality.code}_events.csv"
    sessions = list(queries.open_data_window(sessions))
    with translation.override("ja"):
        body = to_csv(open_data_event(s, _session_url(request, s)) for s in sessions)
    response = _cacheable(request, body, sessions, "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Helpers --------------------------------------------------------------------------------------


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Http404("no such municipality")
    return municipality


def _feed(request: HttpRequest, sessions, *, name: str, uid: str, page: str) -> HttpResponse:
    rows = list(queries.feed_window(sessions))
    body = build_feed(
        name=name,
        uid=uid,
        url=request.build_absolute_uri(page),
        description="ひきこもり支援のプログラム・居場所・家族会の予定（つなぐ）",
        entries=(feed_entry(s, _session_url(request, s)) for s in rows),
    )
    return _cacheable(request, body, rows, "text/calendar; charset=utf-8")


def _cacheable(
    request: HttpRequest, body: bytes, sessions: list[Session], content_type: str
) -> HttpResponse:
    """ETag from the bytes, Last-Modified from the newest session: a subscriber polling the
    feed gets 304 until something changes."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    newest = max((s.updated_at for s in sessions), default=None)
    last_modified = int(newest.timestamp()) if newest else None
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    response = conditional or HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


def _session_url(request: HttpRequest, session: Session) -> str:
    return request.build_absolute_uri(reverse("calendar-session", args=[session.pk]))


def _month_url(month: datetime.date, links: dict[str, str]) -> str:
    return reverse("public-calendar") + "?" + urlencode({**links, "month": f"{month:%Y-%m}"})


def _with_places(sessions: Iterable[Session]) -> list[Session]:
    shown = list(sessions)
    now = timezone.now()
    for session in shown:
        session.place_shown = place_of(session)
        session.is_past = session.ends_at < now
    return shown


def _by_day(sessions: list[Session]) -> list[tuple[datetime.date, list[Session]]]:
    def day(session: Session) -> datetime.date:
        return timezone.localdate(session.starts_at)

    return [(d, list(group)) for d, group in groupby(_with_places(sessions), key=day)]
