"""iCalendar feeds (RFC 5545, with the RFC 7986 calendar properties) from plain session data.

Pure: the views turn published sessions into `FeedEntry` values, this module writes the feed.
Times are Asia/Tokyo with a VTIMEZONE (added by icalendar from zoneinfo), so that calendar apps
show the local time whatever the subscriber's own zone. UIDs are stable (one per session, never
reused), and a cancelled session stays in the feed with STATUS:CANCELLED and a higher SEQUENCE so
that subscribers drop it instead of keeping a stale copy.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event

REFRESH_INTERVAL = datetime.timedelta(hours=6)
PRODID = "-//tsunagu//programme calendar//JA"
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class FeedEntry:
    uid: str
    summary: str
    start: datetime.datetime  # aware
    end: datetime.datetime | None
    updated: datetime.datetime  # aware: DTSTAMP and LAST-MODIFIED
    cancelled: bool = False
    sequence: int = 0
    location: str = ""
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


def build_feed(
    *,
    name: str,
    uid: str,
    entries: Iterable[FeedEntry],
    description: str = "",
    url: str = "",
) -> bytes:
    """One VCALENDAR with a VEVENT per entry. `uid` names the feed itself (RFC 7986 UID), stable
    for the same feed so that the bytes, and the ETag made from them, change only with the data."""
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=name,
        description=description or None,
        url=url or None,
        refresh_interval=REFRESH_INTERVAL,
        uid=uid,
    )
    # RFC 7986 §5.7: the VALUE parameter of REFRESH-INTERVAL is required.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    for entry in entries:
        calendar.add_component(_event(entry))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(entry: FeedEntry) -> Event:
    event = Event.new(
        uid=entry.uid,
        summary=entry.summary,
        # Local wall time with TZID=Asia/Tokyo (the database hands out UTC).
        start=entry.start.astimezone(TOKYO),
        end=entry.end.astimezone(TOKYO) if entry.end else None,
        stamp=entry.updated.astimezone(datetime.UTC),
        last_modified=entry.updated.astimezone(datetime.UTC),
        sequence=entry.sequence,
        status="CANCELLED" if entry.cancelled else "CONFIRMED",
        location=entry.location or None,
        description=entry.description or None,
        url=entry.url or None,
        categories=entry.categories,
    )
    return event
