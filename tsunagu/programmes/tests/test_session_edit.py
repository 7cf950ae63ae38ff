"""Editing one session: who may, what changes (the UID stays, SEQUENCE goes up for a new time or
place), what the public calendar and the iCalendar feed then show, and the refusals."""

from __future__ import annotations

import datetime
import json

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.programmes.schedules import TOKYO

from .conftest import make_session

SOON = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + (
    datetime.timedelta(days=10)
)


def _post(start: datetime.datetime, **extra) -> dict:
    data = {
        "starts_at": f"{start:%Y-%m-%d %H:%M}",
        "ends_at": f"{start + datetime.timedelta(hours=2):%Y-%m-%d %H:%M}",
        "title": "",
        "place": "",
        "note": "",
    }
    data.update(extra)
    return data


def _feed_event(programme, session) -> icalendar.Event:
    feed = Client().get(f"/calendar/programmes/{programme.pk}.ics")
    calendar = icalendar.Calendar.from_ical(feed.content)
    return next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(str(session.uid)))


@pytest.mark.parametrize(
    ("role", "on_org", "allowed"),
    [
        (Role.COUNSELLOR, False, True),
        (Role.PUBLICITY, True, True),
        (Role.PUBLICITY, False, False),
        (Role.RECEPTION, False, False),
    ],
)
def test_who_may_edit_a_session(world, login, group, org_programme, role, on_org, allowed):
    session = make_session(org_programme if on_org else group, SOON)
    response = login(world.user(role)).get(f"/staff/programmes/sessions/{session.pk}/edit/")
    assert response.status_code in ((200,) if allowed else (403, 404))


def test_a_moved_session_keeps_its_uid_and_the_calendar_follows(world, login, org_programme):
    session = make_session(org_programme, SOON, place="公民館 第1会議室")
    uid, sequence = session.uid, session.sequence
    before = _feed_event(org_programme, session)
    client = login(world.user(Role.PUBLICITY))
    page = client.get(f"/staff/programmes/sessions/{session.pk}/edit/")
    assert f"{SOON:%Y-%m-%d %H:%M}" in page.text and "公民館 第1会議室" in page.text
    moved = SOON + datetime.timedelta(days=1, hours=1)
    response = client.post(
        f"/staff/programmes/sessions/{session.pk}/edit/",
        _post(moved, place="公民館 和室", note="会場が変わりました", capacity="12"),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.uid == uid and session.sequence == sequence + 1
    assert session.starts_at == moved and session.capacity == 12
    event = _feed_event(org_programme, session)
    assert event["SEQUENCE"] == before["SEQUENCE"] + 1
    assert event.decoded("DTSTART") == moved.astimezone(TOKYO)
    assert str(event["LOCATION"]) == "公民館 和室"
    public = Client().get(f"/calendar/sessions/{session.pk}/")
    assert "公民館 和室" in public.text and "会場が変わりました" in public.text
    # a new notice alone is no new version for calendar apps
    client.post(
        f"/staff/programmes/sessions/{session.pk}/edit/",
        _post(moved, place="公民館 和室", note="筆記用具をお持ちください", capacity="12"),
    )
    session.refresh_from_db()
    assert session.sequence == sequence + 1 and session.note == "筆記用具をお持ちください"


def test_refusals_are_japanese(world, login, group):
    client = login(world.user(Role.COUNSELLOR))
    session = make_session(group, SOON)
    url = f"/staff/programmes/sessions/{session.pk}/edit/"
    backwards = _post(SOON, ends_at=f"{SOON - datetime.timedelta(hours=1):%Y-%m-%d %H:%M}")
    assert "終了は開始より後にしてください" in client.post(url, backwards).text
    late = _post(SOON, apply_until=f"{SOON + datetime.timedelta(days=1):%Y-%m-%d %H:%M}")
    assert "申込の締切は開始より前にしてください" in client.post(url, late).text
    unreadable = client.post(url, _post(SOON, starts_at="あした"))
    assert unreadable.status_code == 200 and "field--error" in unreadable.text
    client.post(f"/staff/programmes/sessions/{session.pk}/cancel/", {"reason": "台風"})
    refused = client.post(url, _post(SOON + datetime.timedelta(hours=1)))
    assert "中止になった回は変更できません" in refused.text
    held = make_session(group, datetime.datetime(2026, 4, 1, 13, 30, tzinfo=TOKYO))
    held.attendance_taken_at = timezone.now()
    held.save(update_fields=["attendance_taken_at"])
    moved = client.post(
        f"/staff/programmes/sessions/{held.pk}/edit/",
        _post(datetime.datetime(2026, 4, 2, 13, 30, tzinfo=TOKYO)),
    )
    assert "出欠を記録した回の日時は変えられません" in moved.text


def test_api_moves_a_session(world, group):
    from tsunagu.testing.api import bearer, field_errors

    session = make_session(group, SOON)
    url = f"/api/v1/sessions/{session.pk}"
    moved = SOON + datetime.timedelta(hours=2)
    body = _post(moved, place="別館 2階")
    body["capacity"] = 8

    def put(user, data):
        return Client().put(url, json.dumps(data), content_type="application/json", **bearer(user))

    assert put(world.user(Role.RECEPTION), body).status_code in (403, 404)
    answer = put(world.user(Role.COUNSELLOR), body)
    assert answer.status_code == 200, answer.content
    out = answer.json()
    assert out["uid"] == str(session.uid) and out["sequence"] == session.sequence + 1
    assert out["place"] == "別館 2階"
    session.refresh_from_db()
    assert session.starts_at == moved and session.capacity == 8
    wrong = put(world.user(Role.COUNSELLOR), {**body, "ends_at": body["starts_at"]})
    assert wrong.status_code == 422 and "ends_at" in field_errors(wrong)
    unreadable = put(world.user(Role.COUNSELLOR), {**body, "starts_at": "あした"})
    assert unreadable.status_code == 422 and "starts_at" in field_errors(unreadable)
