"""The iCalendar feeds and the open-data CSV over HTTP, parsed back as a client would."""

from __future__ import annotations

import csv
import io

from icalendar import Calendar

from tsunagu.calendar_public.opendata import COLUMNS
from tsunagu.testing.calendar import KUNITACHI


def feed(client, url: str, **params) -> Calendar:
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_municipality_feed_imports(client, kunitachi, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        calendar = feed(client, f"/calendar/{KUNITACHI}.ics")
    assert "国立市" in str(calendar["NAME"])
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Tokyo"]
    events = {str(e["UID"]): e for e in calendar.events}
    # next month's published sessions (and last month's, within FEED_PAST); not the hidden one
    published = [s for s in kunitachi.upcoming if s.programme.is_published]
    assert {f"{s.uid}@tsunagu" for s in published} <= set(events)
    assert f"{kunitachi.upcoming[2].uid}@tsunagu" not in events
    assert len(events) <= 3 + 6
    cancelled = events[f"{kunitachi.cancelled.uid}@tsunagu"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] == 1
    assert str(cancelled["SUMMARY"]).startswith("【中止】")
    kokokara = events[f"{kunitachi.upcoming[0].uid}@tsunagu"]
    assert kokokara.start == kunitachi.upcoming[0].starts_at
    assert kokokara["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert str(kokokara["LOCATION"]) == "国立市福祉会館 第1会議室"
    assert f"/calendar/sessions/{kunitachi.upcoming[0].pk}/" in str(kokokara["URL"])


def test_uids_are_stable_and_a_cancellation_keeps_the_uid(client, kunitachi):
    before = {str(e["UID"]) for e in feed(client, f"/calendar/{KUNITACHI}.ics").events}
    target = kunitachi.upcoming[0]
    target.status = "cancelled"
    target.sequence += 1
    target.save()
    after = {str(e["UID"]): e for e in feed(client, f"/calendar/{KUNITACHI}.ics").events}
    assert set(after) == before
    assert str(after[f"{target.uid}@tsunagu"]["STATUS"]) == "CANCELLED"


def test_feed_filters_by_audience(client, kunitachi):
    calendar = feed(client, f"/calendar/{KUNITACHI}.ics", audience="family")
    assert {str(e["SUMMARY"]) for e in calendar.events} <= {
        "ここから 定例会",
        "【中止】ここから 定例会",
    }


def test_programme_feed(client, kunitachi):
    calendar = feed(client, f"/calendar/programmes/{kunitachi.karafurat.pk}.ics")
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.events)
    assert "からふらっと「陶芸」" in summaries
    assert all("からふらっと" in s for s in summaries)


def test_feed_answers_304_until_it_changes(client, kunitachi):
    url = f"/calendar/{KUNITACHI}.ics"
    first = client.get(url)
    assert "max-age" in first["Cache-Control"] and first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    kunitachi.upcoming[0].place = "別の会場"
    kunitachi.upcoming[0].save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_unknown_municipality_feed_is_not_found(client, kunitachi):
    assert client.get("/calendar/999999.ics").status_code == 404
    assert client.get("/calendar/999999.csv").status_code == 404


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]


def test_open_data_csv_lists_published_sessions_to_come(
    client, kunitachi, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        rows = read_csv(client.get(f"/calendar/{KUNITACHI}.csv"))
    assert [r["NO"] for r in rows] == ["1", "2", "3"]
    first = rows[0]
    day = kunitachi.next_month.replace(day=10)
    assert first["都道府県コード又は市区町村コード"] == KUNITACHI
    assert (first["都道府県名"], first["市区町村名"]) == ("東京都", "国立市")
    assert first["イベント名"] == "ここから 定例会"
    assert (first["開始日"], first["終了日"]) == (f"{day:%Y-%m-%d}", f"{day:%Y-%m-%d}")
    assert (first["開始時間"], first["終了時間"]) == ("13:00", "15:00")
    assert first["主催者"] == "くにたちひきこもり家族会〜ここから〜"
    assert first["場所名称"] == "国立市福祉会館 第1会議室"
    assert first["URL"].endswith(f"/calendar/sessions/{kunitachi.upcoming[0].pk}/")
    assert rows[1]["イベント名"] == "からふらっと「陶芸」" and rows[1]["定員"] == "12"
    assert rows[2]["開始日時特記事項"] == "中止"
    assert "準備中のグループ" not in {r["イベント名"] for r in rows}


def test_open_data_of_all_municipalities(client, kunitachi):
    rows = read_csv(client.get("/calendar/events.csv"))
    assert len(rows) == 3
    assert 'filename="events.csv"' in client.get("/calendar/events.csv")["Content-Disposition"]
