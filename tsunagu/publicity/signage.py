"""The digital-signage screen of a municipality (/signage/{code}/): for a display in a library
or a community bus. Full screen, large type, one slide at a time: the current announcements,
then the programme sessions of the coming week. The page moves itself to the next slide every
SLIDE_SECONDS (a tiny script; without JavaScript a <noscript> meta refresh does the same), and
each move fetches fresh content, so a withdrawn announcement leaves the screen within one slide
(players that reload a cached page are the known failure: Anthias #1552). Outside the hours set
for the municipality (TSUNAGU_SIGNAGE_HOURS, e.g. 08:30-17:15) it shows only the clock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tsunagu.calendar_public.queries import published_sessions
from tsunagu.programmes.models import SessionStatus
from tsunagu.tenancy.models import Municipality

from .public_views import current_announcements

SLIDE_SECONDS = 15
CLOCK_SECONDS = 60
MAX_ANNOUNCEMENTS = 8
MAX_SESSIONS = 8
SESSION_DAYS = 7


@dataclass(frozen=True)
class Hours:
    opens: datetime.time
    closes: datetime.time

    def contains(self, moment: datetime.time) -> bool:
        return self.opens <= moment < self.closes


def hours_for(code: str) -> Hours | None:
    """The hours the screen shows content; None = always."""
    value = settings.TSUNAGU_SIGNAGE_HOURS.get(code, settings.TSUNAGU_SIGNAGE_HOURS.get("*"))
    if not value:
        return None
    opens, _sep, closes = value.partition("-")
    return Hours(datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))


def _slides(municipality: Municipality, now: datetime.datetime) -> list[dict]:
    slides: list[dict] = [
        {"kind": "announcement", "announcement": a}
        for a in current_announcements().filter(municipality=municipality)[:MAX_ANNOUNCEMENTS]
    ]
    sessions = (
        published_sessions()
        .filter(
            programme__municipality=municipality,
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(days=SESSION_DAYS),
        )
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at")[:MAX_SESSIONS]
    )
    slides += [{"kind": "session", "session": s} for s in sessions]
    return slides


def signage(request: HttpRequest, municipality_code: str) -> HttpResponse:
    municipality = Municipality.objects.filter(code=municipality_code).first()
    if municipality is None:
        raise Http404("no such municipality")
    now = timezone.localtime()
    hours = hours_for(municipality.code)
    showing = hours is None or hours.contains(now.time())
    slides = _slides(municipality, now) if showing else []
    try:
        index = int(request.GET.get("slide", "0")) % max(len(slides), 1)
    except ValueError:
        index = 0
    following = f"?slide={index + 1}" if len(slides) > 1 else "?slide=0"
    return render(
        request,
        "publicity/signage.html",
        {
            "municipality": municipality,
            "now": now,
            "hours": hours,
            "showing": showing,
            "slide": slides[index] if slides else None,
            "position": index + 1,
            "total": len(slides),
            "next_url": following,
            "seconds": SLIDE_SECONDS if slides else CLOCK_SECONDS,
        },
    )
