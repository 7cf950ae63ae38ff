"""Enrolment (eligibility, capacity, FIFO waiting list with expiring offers), attendance, rates,
the case timeline, and who may do what (each role's can/cannot)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.people.timeline import timeline_page
from tsunagu.programmes import services
from tsunagu.programmes.attendance import Mark, NamedVisitor, attendance_rates, record_attendance
from tsunagu.programmes.models import Attendance, Participant, ParticipantStatus, Relation
from tsunagu.programmes.schedules import TOKYO
from tsunagu.programmes.sessions import cancel_session

from .conftest import PAST, make_session

S = ParticipantStatus
NOW = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=TOKYO)


def _enrol(user, programme, name, **kw):
    return services.enrol(user, programme, name=name, now=kw.pop("now", NOW), **kw)


def test_capacity_then_fifo_waiting_list_with_expiring_offers(world, group):
    counsellor = world.user(Role.COUNSELLOR)
    a = _enrol(counsellor, group, "Aさん")
    b = _enrol(counsellor, group, "Bさん")
    c = _enrol(counsellor, group, "Cさん", now=NOW + datetime.timedelta(minutes=1))
    d = _enrol(counsellor, group, "Dさん", now=NOW + datetime.timedelta(minutes=2))
    assert [p.status for p in (a, b, c, d)] == [S.ENROLLED, S.ENROLLED, S.WAITING, S.WAITING]
    assert services.free_places(group) == 0

    later = NOW + datetime.timedelta(days=1)
    offers = services.withdraw(counsellor, a, now=later)
    assert offers == [c]  # first in, first offered
    c.refresh_from_db()
    assert c.status == S.OFFERED
    assert c.offer_expires_at == later + datetime.timedelta(hours=group.offer_hours)

    # nobody jumps the queue while the offer holds the place
    e = _enrol(counsellor, group, "Eさん", now=later)
    assert e.status == S.WAITING

    # the offer expires unanswered: D is offered next
    expired_at = c.offer_expires_at + datetime.timedelta(seconds=1)
    assert services.expire_offers(group, now=expired_at) == 1
    c.refresh_from_db()
    d.refresh_from_db()
    assert (c.status, d.status) == (S.EXPIRED, S.OFFERED)
    with pytest.raises(ValidationError):
        services.answer_offer(counsellor, c, accept=True, now=expired_at)
    services.answer_offer(counsellor, d, accept=True, now=expired_at)
    d.refresh_from_db()
    assert d.status == S.ENROLLED
    assert [p.name for p in services.waiting_list(group)] == ["Eさん"]


def test_declining_an_offer_moves_it_on(world, group):
    counsellor = world.user(Role.COUNSELLOR)
    a = _enrol(counsellor, group, "A")
    _enrol(counsellor, group, "B")
    c = _enrol(counsellor, group, "C", now=NOW + datetime.timedelta(minutes=1))
    d = _enrol(counsellor, group, "D", now=NOW + datetime.timedelta(minutes=2))
    services.withdraw(counsellor, a, now=NOW)
    c.refresh_from_db()
    services.answer_offer(counsellor, c, accept=False, now=NOW)
    d.refresh_from_db()
    assert d.status == S.OFFERED


def test_eligibility(world, group):
    counsellor = world.user(Role.COUNSELLOR)
    group.age_min, group.age_max, group.residents_only = 18, 49, True
    group.save()
    with pytest.raises(ValidationError, match="若い"):
        _enrol(counsellor, group, "15歳", age=15)
    with pytest.raises(ValidationError, match="超えて"):
        _enrol(counsellor, group, "52歳", age=52)
    with pytest.raises(ValidationError, match="お住まい"):
        _enrol(counsellor, group, "市外", age=30, is_resident=False)
    with pytest.raises(ValidationError, match="本人向け"):
        _enrol(counsellor, group, "母", relation=Relation.FAMILY)
    # a linked person's age comes from the person record (born 1985-04-01: 40 in 2026)
    p = _enrol(counsellor, group, "山田さん", person=world.home.person)
    assert p.age == 40 and p.status == S.ENROLLED
    with pytest.raises(ValidationError, match="すでに"):
        _enrol(counsellor, group, "山田さん", person=world.home.person)


def test_an_organisations_member_list_never_links_to_a_person(world, org_programme):
    publicity = world.user(Role.PUBLICITY)
    member = _enrol(publicity, org_programme, "会員 Aさん")
    assert member.status == S.ENROLLED  # no capacity: enrolled at once
    with pytest.raises(ValidationError, match="結びつけられません"):
        _enrol(publicity, org_programme, "X", person=world.home.person)
    session = make_session(org_programme)
    with pytest.raises(ValidationError, match="結びつけられません"):
        record_attendance(
            publicity, session, visitors=[NamedVisitor("見学", person=world.home.person)]
        )


@pytest.mark.parametrize(
    ("role", "window_group", "org_roster"),
    [
        (Role.COUNSELLOR, True, False),
        (Role.SUPERVISOR, True, False),
        (Role.PUBLICITY, False, True),
        (Role.RECEPTION, False, False),
        (Role.CONTRACTED_COUNSELLOR, False, False),
        (Role.AGENCY_STAFF, False, False),
        (Role.WELFARE_COMMISSIONER, False, False),
        (Role.MUNICIPALITY_ADMIN, False, False),
        (Role.PREFECTURE_ANALYST, False, False),
        (Role.SYSTEM_ADMIN, False, False),
    ],
)
def test_who_may_enrol_and_see_rosters(world, group, org_programme, role, window_group, org_roster):
    user = world.user(role)
    counsellor, publicity = world.user(Role.COUNSELLOR), world.user(Role.PUBLICITY)
    in_group = _enrol(counsellor, group, "窓口の参加者")
    in_org = _enrol(publicity, org_programme, "団体の会員")
    for programme, allowed in ((group, window_group), (org_programme, org_roster)):
        if allowed:
            _enrol(user, programme, f"{role}が登録", now=NOW + datetime.timedelta(hours=1))
        else:
            with pytest.raises(PermissionDenied):
                _enrol(user, programme, "x")
    seen = set(Participant.objects.visible_to(user, Action.VIEW_PARTICIPANTS))
    assert (in_group in seen) is window_group
    assert (in_org in seen) is org_roster


def test_the_other_municipality_never_reaches_a_roster(world, group, away_group):
    away = world.away.users[Role.COUNSELLOR]
    with pytest.raises(PermissionDenied):
        _enrol(away, group, "x")
    mine = _enrol(world.user(Role.COUNSELLOR), group, "x")
    assert mine not in Participant.objects.visible_to(away, Action.VIEW_PARTICIPANTS)
    assert mine not in Participant.objects.visible_to(
        world.away.users[Role.SUPERVISOR], Action.VIEW_PARTICIPANTS
    )


def test_attendance_visitors_head_counts_and_rates(world, group):
    counsellor = world.user(Role.COUNSELLOR)
    a = _enrol(counsellor, group, "A", person=world.home.person)
    b = _enrol(counsellor, group, "B")
    first = make_session(group)
    second = make_session(group, PAST + datetime.timedelta(days=7))
    record_attendance(
        counsellor,
        first,
        marks=[Mark(a.pk, True, "作業に集中して取り組めた"), Mark(b.pk, False)],
        visitors=[NamedVisitor("見学のCさん")],
        visitor_count=1,
        anonymous_count=0,
        now=PAST,
    )
    record_attendance(
        counsellor, second, marks=[Mark(a.pk, True), Mark(b.pk, True)], now=second.starts_at
    )
    first.refresh_from_db()
    assert first.attendance_taken_at and first.visitor_count == 1
    rows = Attendance.objects.in_municipality(group.municipality).filter(session=first)
    assert sorted((r.kind, r.present) for r in rows) == [
        ("member", False),
        ("member", True),
        ("visitor", True),
    ]
    rates = {r.participant.name: r.percent for r in attendance_rates([a, b])}
    assert rates == {"A": 100, "B": 50}
    # correcting a mark keeps one row per participant and session
    record_attendance(counsellor, first, marks=[Mark(b.pk, True)], now=PAST)
    assert rows.filter(participant=b).get().present is True


def test_attendance_is_refused_on_cancelled_future_and_foreign_sessions(world, group):
    counsellor = world.user(Role.COUNSELLOR)
    session = make_session(group)
    future = make_session(group, datetime.datetime(2030, 1, 1, 10, tzinfo=TOKYO))
    with pytest.raises(ValidationError, match="まだ開催"):
        record_attendance(counsellor, future, anonymous_count=3)
    cancel_session(counsellor, session, "台風のため")
    with pytest.raises(ValidationError, match="中止"):
        record_attendance(counsellor, session, anonymous_count=3)
    other = make_session(group, PAST + datetime.timedelta(days=1))
    for name in ("A", "B"):  # the group is full: a third person waits, and is no member
        _enrol(counsellor, group, name)
    stranger = _enrol(counsellor, group, "待機中")
    assert stranger.status == S.WAITING
    with pytest.raises(ValidationError, match="参加者ではない"):
        record_attendance(counsellor, other, marks=[Mark(stranger.pk, True)])


def _timeline_notes(user, case) -> list[str]:
    page = timeline_page(user, case, kind="programme_attendance")
    return [e.obj.note for e in page.entries]


def test_a_note_appears_on_the_case_timeline_for_roles_that_see_the_case(world, group):
    counsellor = world.user(Role.COUNSELLOR)
    a = _enrol(counsellor, group, "山田さん", person=world.home.person)
    session = make_session(group)
    record_attendance(counsellor, session, marks=[Mark(a.pk, True, "笑顔が見られた")])
    case = world.home.case
    assert _timeline_notes(counsellor, case) == ["笑顔が見られた"]
    assert _timeline_notes(world.user(Role.SUPERVISOR), case) == ["笑顔が見られた"]
    for role in (Role.PUBLICITY, Role.WELFARE_COMMISSIONER, Role.MUNICIPALITY_ADMIN):
        assert _timeline_notes(world.user(role), case) == []
    assert _timeline_notes(world.away.users[Role.SUPERVISOR], case) == []
