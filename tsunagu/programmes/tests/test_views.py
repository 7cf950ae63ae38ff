"""Staff pages: each role's can/cannot, the organisation's account on its own programmes, the
phone attendance form, enrolment and the waiting list, and query counts on the lists."""

from __future__ import annotations

import datetime

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.programmes.models import (
    Attendance,
    Participant,
    ParticipantStatus,
    Programme,
    Schedule,
    Session,
    SessionStatus,
)
from tsunagu.programmes.schedules import TOKYO

from .conftest import make_session

VIEWERS = {
    Role.COUNSELLOR,
    Role.SUPERVISOR,
    Role.RECEPTION,
    Role.CONTRACTED_COUNSELLOR,
    Role.MUNICIPALITY_ADMIN,
}
NOT_VIEWERS = {
    Role.AGENCY_STAFF,
    Role.WELFARE_COMMISSIONER,
    Role.PREFECTURE_ANALYST,
    Role.SYSTEM_ADMIN,
}


@pytest.mark.parametrize("role", sorted(VIEWERS | NOT_VIEWERS | {Role.PUBLICITY}))
def test_programme_pages_by_role(world, login, group, org_programme, role):
    client = login(world.user(role))
    listing = client.get("/staff/programmes/")
    detail = client.get(f"/staff/programmes/{group.pk}/")
    org_detail = client.get(f"/staff/programmes/{org_programme.pk}/")
    if role in VIEWERS:
        assert listing.status_code == 200
        assert group.name in listing.text and org_programme.name in listing.text
        assert detail.status_code == 200 and org_detail.status_code == 200
    elif role == Role.PUBLICITY:  # its own organisation's programmes only
        assert listing.status_code == 200
        assert org_programme.name in listing.text and group.name not in listing.text
        assert detail.status_code == 404 and org_detail.status_code == 200
    else:
        assert listing.status_code == 403
        assert detail.status_code in (403, 404)


@pytest.mark.parametrize(
    ("role", "edits_group", "edits_org"),
    [
        (Role.COUNSELLOR, True, False),
        (Role.SUPERVISOR, True, True),
        (Role.MUNICIPALITY_ADMIN, True, True),
        (Role.PUBLICITY, False, True),
        (Role.RECEPTION, False, False),
        (Role.CONTRACTED_COUNSELLOR, False, False),
    ],
)
def test_who_may_edit(world, login, group, org_programme, role, edits_group, edits_org):
    client = login(world.user(role))
    for programme, allowed in ((group, edits_group), (org_programme, edits_org)):
        response = client.get(f"/staff/programmes/{programme.pk}/edit/")
        assert response.status_code in ((200,) if allowed else (403, 404)), programme.slug


def test_other_municipality_answers_404(world, login, away_group):
    client = login(world.user(Role.SUPERVISOR))
    session = make_session(away_group)
    for url in (
        f"/staff/programmes/{away_group.pk}/",
        f"/staff/programmes/{away_group.pk}/participants/",
        f"/staff/programmes/{away_group.pk}/sessions/",
        f"/staff/programmes/sessions/{session.pk}/attendance/",
    ):
        assert client.get(url).status_code == 404, url


def _programme_post(runner: str, **extra) -> dict:
    data = {
        "runner": runner,
        "name": "新しい家族のつどい",
        "slug": "tsudoi",
        "kind": "family_association",
        "audience": "family",
        "offer_hours": "48",
        "place": "公民館",
        "activities": "分かち合い\n勉強会",
        "skip_holidays": "on",
        "skip_year_end": "on",
        "is_published": "on",
    }
    data.update(extra)
    return data


def test_an_organisation_creates_its_programme_schedule_and_sessions(world, login):
    publicity = world.user(Role.PUBLICITY)
    client = login(publicity)
    org = world.home.agency
    # it may not run a programme for a window
    refused = client.post(
        "/staff/programmes/new/", _programme_post(f"window:{world.home.window.pk}")
    )
    assert refused.status_code == 200 and not Programme.objects.exists()
    response = client.post("/staff/programmes/new/", _programme_post(f"org:{org.pk}"))
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert programme.organization == org and programme.activities == ["分かち合い", "勉強会"]
    response = client.post(
        f"/staff/programmes/{programme.pk}/schedules/new/",
        {
            "label": "第2・第4土曜",
            "frequency": "monthly_nth",
            "interval": "1",
            "weekdays": ["5"],
            "week_numbers": ["2", "4"],
            "starts_on": "令和8年4月1日",
            "start_time": "14:00",
            "end_time": "16:00",
        },
    )
    assert response.status_code == 302
    schedule = Schedule.objects.get()
    assert schedule.rrule_text() == "FREQ=MONTHLY;BYDAY=2SA,4SA"
    assert Session.objects.filter(schedule=schedule).count() > 4
    upcoming = Session.objects.filter(schedule=schedule).order_by("starts_at").first()
    response = client.post(
        f"/staff/programmes/sessions/{upcoming.pk}/cancel/", {"reason": "会場の都合"}
    )
    upcoming.refresh_from_db()
    assert response.status_code == 302 and upcoming.status == SessionStatus.CANCELLED


def test_schedule_form_errors_are_japanese(world, login, group):
    client = login(world.user(Role.COUNSELLOR))
    response = client.post(
        f"/staff/programmes/{group.pk}/schedules/new/",
        {
            "frequency": "monthly_nth",
            "interval": "1",
            "starts_on": "R8.4.1",
            "start_time": "16:00",
            "end_time": "14:00",
        },
    )
    assert response.status_code == 200
    assert "曜日を選んでください" in response.text
    assert "第何週かを選んでください" in response.text
    assert "終了は開始より後にしてください" in response.text


def test_enrolment_page_and_waiting_list(world, login, group):
    client = login(world.user(Role.COUNSELLOR))
    url = f"/staff/programmes/{group.pk}/participants/"
    for name in ("A", "B", "C"):
        client.post(url, {"name": name, "relation": "person", "is_resident": "on"})
    statuses = dict(Participant.objects.unscoped("test").values_list("name", "status"))
    assert statuses == {"A": "enrolled", "B": "enrolled", "C": "waiting"}
    page = client.get(url)
    assert "キャンセル待ち（申込順）" in page.text and "C" in page.text
    a = Participant.objects.unscoped("test").get(name="A")
    client.post(
        f"/staff/programmes/{group.pk}/participants/action/",
        {"participant": a.pk, "action": "withdraw"},
    )
    c = Participant.objects.unscoped("test").get(name="C")
    assert c.status == ParticipantStatus.OFFERED
    # not eligible: a family member to a persons' group
    response = client.post(url, {"name": "母", "relation": "family", "is_resident": "on"})
    assert "本人向けのプログラムです" in response.text


def test_attendance_on_a_phone_with_a_visitor(world, login, group):
    counsellor = world.user(Role.COUNSELLOR)
    client = login(counsellor)
    url = f"/staff/programmes/{group.pk}/participants/"
    client.post(url, {"name": "A", "relation": "person", "person_id": world.home.person.pk})
    client.post(url, {"name": "B", "relation": "person"})
    a, b = Participant.objects.unscoped("test").order_by("pk")
    session = make_session(group)
    page = client.get(f"/staff/programmes/sessions/{session.pk}/attendance/")
    assert page.status_code == 200
    assert f'name="present-{a.pk}"' in page.text and "様子のメモ" in page.text
    response = client.post(
        f"/staff/programmes/sessions/{session.pk}/attendance/",
        {
            f"present-{a.pk}": "1",
            f"note-{a.pk}": "看板の下書きを仕上げた",
            f"present-{b.pk}": "0",
            "visitor_count": "0",
            "anonymous_count": "0",
            "visitor_name": "見学のDさん",
        },
    )
    assert response.status_code == 302
    rows = Attendance.objects.unscoped("test").filter(session=session)
    assert sorted((r.kind, r.present) for r in rows) == [
        ("member", False),
        ("member", True),
        ("visitor", True),
    ]
    # the note is on the person's case timeline
    case_page = client.get(f"/staff/cases/{world.home.case.pk}/?kind=programme_attendance")
    assert "看板の下書きを仕上げた" in case_page.text


def test_an_organisation_takes_attendance_by_head_count_and_sees_no_notes(
    world, login, org_programme
):
    publicity = world.user(Role.PUBLICITY)
    client = login(publicity)
    client.post(
        f"/staff/programmes/{org_programme.pk}/participants/",
        {"name": "会員A", "relation": "family", "is_resident": "on"},
    )
    member = Participant.objects.unscoped("test").get()
    session = make_session(org_programme)
    page = client.get(f"/staff/programmes/sessions/{session.pk}/attendance/")
    assert page.status_code == 200
    assert "様子のメモ" not in page.text and "本人記録の番号" not in page.text
    response = client.post(
        f"/staff/programmes/sessions/{session.pk}/attendance/",
        {f"present-{member.pk}": "1", "visitor_count": "2", "anonymous_count": "11"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.visitor_count, session.anonymous_count) == (2, 11)
    # the municipality's staff reach neither the member list nor its attendance
    supervisor = login(world.user(Role.SUPERVISOR))
    assert supervisor.get(f"/staff/programmes/{org_programme.pk}/participants/").status_code == 403
    assert supervisor.get(f"/staff/programmes/sessions/{session.pk}/attendance/").status_code == 403
    # and the organisation's account reaches no case
    assert client.get(f"/staff/cases/{world.home.case.pk}/").status_code in (403, 404)


def test_list_query_counts_do_not_grow(world, login, group, django_assert_max_num_queries):
    client = login(world.user(Role.SUPERVISOR))
    for n in range(15):
        make_session(
            group, datetime.datetime(2026, 4, 1, 10, tzinfo=TOKYO) + datetime.timedelta(days=n)
        )
    for n in range(10):
        Programme.objects.create(
            municipality=group.municipality,
            slug=f"p{n}",
            name=f"P{n}",
            kind=group.kind,
            audience=group.audience,
            window=group.window,
        )
    with django_assert_max_num_queries(20):
        assert client.get("/staff/programmes/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/staff/programmes/{group.pk}/sessions/").status_code == 200
