"""The feed writer, read back with icalendar: what a calendar app will see."""

import datetime
import zoneinfo

from icalendar import Calendar

from tsunagu.calendar_public.ical import FeedEntry, build_feed

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
UPDATED = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=TOKYO)


def entry(uid: str, day: int, **kw) -> FeedEntry:
    return FeedEntry(
        uid=uid,
        summary=kw.pop("summary", "ここから 定例会"),
        start=datetime.datetime(2026, 12, day, 13, 30, tzinfo=TOKYO),
        end=datetime.datetime(2026, 12, day, 15, 30, tzinfo=TOKYO),
        updated=UPDATED,
        **kw,
    )


def feed(*entries: FeedEntry) -> Calendar:
    data = build_feed(name="国立市のプログラム", uid="feed-132152@tsunagu", entries=entries)
    return Calendar.from_ical(data)


def test_feed_parses_back_with_zone_and_calendar_properties():
    calendar = feed(entry("s1@t", 5, location="国立市福祉会館", description="説明\n二行目"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["NAME"]) == "国立市のプログラム"
    assert str(calendar["X-WR-CALNAME"]) == "国立市のプログラム"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Tokyo"]
    (event,) = calendar.events
    assert event.start == datetime.datetime(2026, 12, 5, 13, 30, tzinfo=TOKYO)
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.end.hour == 15 and event.end.minute == 30
    assert str(event["UID"]) == "s1@t"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "国立市福祉会館"
    assert str(event["DESCRIPTION"]) == "説明\n二行目"
    assert event["DTSTAMP"].dt == UPDATED


def test_cancelled_entry_keeps_its_uid_and_says_cancelled():
    calendar = feed(entry("s1@t", 5), entry("s2@t", 12, cancelled=True, sequence=1))
    by_uid = {str(e["UID"]): e for e in calendar.events}
    assert str(by_uid["s2@t"]["STATUS"]) == "CANCELLED"
    assert by_uid["s2@t"]["SEQUENCE"] == 1
    assert str(by_uid["s1@t"]["STATUS"]) == "CONFIRMED"


def test_same_data_same_bytes():
    """The feed is deterministic (no generated UID or timestamp): the ETag holds until data
    changes."""
    entries = [entry("s1@t", 5), entry("s2@t", 12)]
    one = build_feed(name="x", uid="f@t", entries=entries)
    two = build_feed(name="x", uid="f@t", entries=entries)
    assert one == two
    assert build_feed(name="x", uid="f@t", entries=[entry("s1@t", 6)]) != one


def test_empty_feed_is_still_a_valid_calendar():
    calendar = feed()
    assert calendar.events == []
    assert str(calendar["PRODID"]).startswith("-//tsunagu")


def test_long_japanese_lines_are_folded_at_75_octets():
    data = build_feed(
        name="x", uid="f@t", entries=[entry("s1@t", 5, description="ひきこもり" * 40)]
    )
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    (event,) = Calendar.from_ical(data).events
    assert str(event["DESCRIPTION"]) == "ひきこもり" * 40
