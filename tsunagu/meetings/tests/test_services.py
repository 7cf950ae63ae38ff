"""The meeting services with the real consent register, approvals and notifications."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.approvals.services import approve, pending_for, return_for_changes
from tsunagu.consent.models import BasisKind, Disclosure
from tsunagu.consent.services import record_consent, withdraw_consent
from tsunagu.meetings import agenda, outcomes, services
from tsunagu.meetings.models import (
    ActionItem,
    AgendaShare,
    MeetingKind,
    MeetingMember,
    MinutesState,
)
from tsunagu.notifications.models import Notification
from tsunagu.people.models import AccessGrant
from tsunagu.testing.people import make_case, make_person

pytestmark = pytest.mark.django_db


def _fields(kind=MeetingKind.SHIEN_KAIGI, **extra):
    start = timezone.now() - datetime.timedelta(minutes=10)
    values = {
        "kind": kind,
        "title": "第1回 支援会議",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=1, minutes=30),
        "place": "市役所 第3会議室",
        "access_hours": 24,
    }
    values.update(extra)
    return values


def _meeting(world, members, kind=MeetingKind.SHIEN_KAIGI, **extra):
    counsellor = world.user(Role.COUNSELLOR)
    return services.create_meeting(
        counsellor, window=world.home.window, members=members, **_fields(kind, **extra)
    )


def _notifications(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind).count()


def _disclosures(case):
    return Disclosure.objects.in_municipality(case.municipality_id).filter(case=case)


def test_support_meeting_shares_by_article_106_6(world, agencies):
    meeting = _meeting(world, agencies)
    assert _notifications(agencies[0], "meeting_invitation") == 1
    assert _notifications(world.user(Role.COUNSELLOR), "meeting_invitation") == 0
    case = world.home.case
    item = agenda.add_agenda_item(
        world.user(Role.COUNSELLOR),
        meeting,
        case=case,
        heading="Aさん",
        summary="概要",
        sensitive_summary="通院歴",
    )
    disclosure = _disclosures(case).get()
    assert disclosure.basis == BasisKind.SUPPORT_MEETING
    assert disclosure.channel == "meeting"
    assert set(disclosure.categories) == {"basic", "sensitive"}
    assert item.disclosure_id == disclosure.pk and item.shared_at is not None
    grants = AccessGrant.objects.in_municipality(case.municipality_id).filter(
        source=AccessGrant.Source.MEETING
    )
    assert {g.user_id for g in grants} == {u.pk for u in agencies}
    for grant in grants:
        assert not grant.covers_record and not grant.covers_contacts and not grant.covers_intake
        assert grant.starts_at == meeting.starts_at and grant.ends_at == meeting.access_until
    # the convener reaches the case by their own role: a share without a grant
    shares = AgendaShare.objects.in_municipality(case.municipality_id).filter(item=item)
    assert shares.filter(grant__isnull=True).count() == 1 and shares.count() == 3


def test_jusoteki_refuses_a_case_without_consent(world, agencies):
    meeting = _meeting(world, agencies, kind=MeetingKind.JUSOTEKI, title="重層的支援会議")
    with pytest.raises(ValidationError) as refused:
        agenda.add_agenda_item(
            world.user(Role.COUNSELLOR), meeting, case=world.home.case, heading="Aさん"
        )
    assert "同意" in refused.value.messages[0]
    assert not _disclosures(world.home.case).exists()
    assert (
        not AccessGrant.objects.in_municipality(world.home.municipality)
        .filter(source=AccessGrant.Source.MEETING)
        .exists()
    )


def _consent(world, organizations, categories=("basic",)):
    return record_consent(
        world.user(Role.COUNSELLOR),
        world.home.case,
        given_by="person",
        organizations=organizations,
        categories=list(categories),
        purpose="支援の調整のため",
        given_on=timezone.localdate(),
        form="signed",
    )


def test_jusoteki_with_consent_then_withdrawn(world, agencies):
    orgs = [a.memberships.get().organization for a in agencies]
    consent = _consent(world, orgs)
    meeting = _meeting(world, agencies, kind=MeetingKind.JUSOTEKI, title="重層的支援会議")
    counsellor = world.user(Role.COUNSELLOR)
    agenda.add_agenda_item(counsellor, meeting, case=world.home.case, heading="Aさん")
    disclosure = _disclosures(world.home.case).get()
    assert disclosure.basis == BasisKind.CONSENT and disclosure.consent_id == consent.pk
    # another person of the same window has not consented
    other = make_case(make_person(world.home.municipality), world.home.window)
    with pytest.raises(ValidationError):
        agenda.add_agenda_item(counsellor, meeting, case=other, heading="Bさん")
    withdraw_consent(counsellor, consent, reason="本人の申し出")
    later = _meeting(world, agencies, kind=MeetingKind.JUSOTEKI, title="次回")
    with pytest.raises(ValidationError):
        agenda.add_agenda_item(counsellor, later, case=world.home.case, heading="Aさん")


def test_case_conference_has_no_outside_members(world, agencies):
    with pytest.raises(ValidationError) as refused:
        _meeting(world, [agencies[0]], kind=MeetingKind.CASE_CONFERENCE, title="ケース会議")
    assert "自治体の職員だけ" in str(refused.value)
    meeting = _meeting(
        world, [world.user(Role.SUPERVISOR)], kind=MeetingKind.CASE_CONFERENCE, title="ケース会議"
    )
    for outsider in (world.user(Role.CONTRACTED_COUNSELLOR), world.user(Role.AGENCY_STAFF)):
        with pytest.raises(ValidationError):
            agenda.add_member(world.user(Role.COUNSELLOR), meeting, outsider)
    item = agenda.add_agenda_item(
        world.user(Role.COUNSELLOR), meeting, case=world.home.case, heading="Aさん"
    )
    assert item.pk  # the supervisor reaches the case: nothing to disclose
    assert not _disclosures(world.home.case).exists()


def test_network_meeting_holds_no_case(world, agencies):
    meeting = _meeting(world, agencies, kind=MeetingKind.NETWORK, title="ネットワーク会議")
    with pytest.raises(ValidationError) as refused:
        agenda.add_agenda_item(
            world.user(Role.COUNSELLOR), meeting, case=world.home.case, heading="Aさん"
        )
    assert "個人が特定できるケース" in str(refused.value)
    topic = agenda.add_agenda_item(
        world.user(Role.COUNSELLOR), meeting, case=None, heading="40代男性・8050の事例"
    )
    assert topic.case_id is None


def test_only_the_cases_own_staff_table_it(world, agencies):
    meeting = _meeting(world, agencies)
    # the children's window case: the はちまる counsellor does not reach it by role
    with pytest.raises(PermissionDenied):
        agenda.add_agenda_item(
            world.user(Role.COUNSELLOR), meeting, case=world.home.other_case, heading="Bさん"
        )
    # the contracted counsellor reaches the home case through a grant only
    with pytest.raises(PermissionDenied):
        agenda.add_agenda_item(
            world.user(Role.CONTRACTED_COUNSELLOR), meeting, case=world.home.case, heading="A"
        )
    # the supervisor reaches every case (and may table it in a meeting they do not run)
    agenda.add_agenda_item(
        world.user(Role.SUPERVISOR), meeting, case=world.home.other_case, heading="Bさん"
    )


def test_late_member_gets_what_the_actor_reaches(world, agencies):
    counsellor, supervisor = world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)
    meeting = _meeting(world, [agencies[0]])
    own = agenda.add_agenda_item(counsellor, meeting, case=world.home.case, heading="A")
    other = agenda.add_agenda_item(supervisor, meeting, case=world.home.other_case, heading="B")
    agenda.add_member(counsellor, meeting, agencies[1])
    late = MeetingMember.objects.in_municipality(meeting.municipality_id).get(user=agencies[1])
    assert [m.pk for m in agenda.unshared_members(own)] == []
    assert [m.pk for m in agenda.unshared_members(other)] == [late.pk]
    with pytest.raises(PermissionDenied):
        agenda.share_item(counsellor, other)
    assert agenda.share_item(supervisor, other) == 1
    assert agenda.unshared_members(other) == []


def test_acknowledge_only_members(world, agencies):
    meeting = _meeting(world, [agencies[0]])
    with pytest.raises(PermissionDenied):
        services.acknowledge(agencies[1], meeting)
    member = services.acknowledge(agencies[0], meeting)
    assert member.acknowledged_at is not None


def _item(world, agencies):
    meeting = _meeting(world, agencies)
    item = agenda.add_agenda_item(
        world.user(Role.COUNSELLOR), meeting, case=world.home.case, heading="Aさん"
    )
    return meeting, item


def test_outcomes_and_action_items(world, agencies):
    _meeting, item = _item(world, agencies)
    counsellor = world.user(Role.COUNSELLOR)
    outcomes.set_direction(counsellor, item, "訪問を継続し、就労準備へ")
    org = agencies[0].memberships.get().organization
    outcomes.assign_role(counsellor, item, organization=org, role="月1回の訪問")
    with pytest.raises(ValidationError):
        outcomes.assign_role(counsellor, item, role="誰もいない")
    with pytest.raises(ValidationError):  # not a member
        outcomes.assign_role(counsellor, item, user=world.user(Role.RECEPTION), role="x")
    action = outcomes.add_action_item(
        counsellor,
        item,
        owner=agencies[0],
        title="母親に連絡",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert _notifications(agencies[0], "action_item_assigned") == 1
    assert action.case_id == world.home.case.pk
    with pytest.raises(ValidationError):
        outcomes.add_action_item(
            counsellor, item, owner=world.user(Role.RECEPTION), title="x", due_on="2026-12-31"
        )
    with pytest.raises(ValidationError):
        outcomes.add_action_item(counsellor, item, owner=agencies[0], title="x", due_on="")
    # members do not run the meeting
    with pytest.raises(PermissionDenied):
        outcomes.set_direction(agencies[0], item, "x")
    with pytest.raises(PermissionDenied):
        outcomes.complete_action_item(agencies[1], action)
    outcomes.complete_action_item(agencies[0], action)
    action.refresh_from_db()
    assert action.done_at is not None and action.done_by == agencies[0]


def test_overdue_notified_once(world, agencies):
    _meeting, item = _item(world, agencies)
    action = outcomes.add_action_item(
        world.user(Role.COUNSELLOR),
        item,
        owner=agencies[1],
        title="訪問",
        due_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert outcomes.notify_overdue() == 0
    later = timezone.localdate() + datetime.timedelta(days=3)
    assert outcomes.notify_overdue(later) == 1
    assert outcomes.notify_overdue(later) == 0
    assert _notifications(agencies[1], "action_item_overdue") == 1
    action.refresh_from_db()
    assert action.overdue_notified_on == later
    call_command("notify-overdue-actions")  # the command runs (nothing due today)


def test_minutes_approval(world, agencies):
    meeting, _ = _item(world, agencies)
    counsellor, supervisor = world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)
    with pytest.raises(ValidationError):
        outcomes.request_minutes_approval(counsellor, meeting)  # nothing written yet
    outcomes.save_minutes(counsellor, meeting, "協議の経過")
    request = outcomes.request_minutes_approval(counsellor, meeting)
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.REQUESTED
    with pytest.raises(ValidationError):
        outcomes.save_minutes(counsellor, meeting, "変更")
    return_for_changes(supervisor, request, "役割分担を書き足してください")
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.RETURNED
    outcomes.save_minutes(counsellor, meeting, "協議の経過（追記）")
    request = outcomes.request_minutes_approval(counsellor, meeting)
    assert pending_for(meeting) == request
    with pytest.raises(PermissionDenied):
        approve(counsellor, request)  # supervisors decide
    approve(supervisor, request)
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.APPROVED
    with pytest.raises(PermissionDenied):
        outcomes.save_minutes(agencies[0], meeting, "x")


def test_meeting_fields_are_checked(world):
    counsellor = world.user(Role.COUNSELLOR)
    bad = [
        {"kind": "no_such_kind"},
        {"title": ""},
        {"title": "x" * 101},
        {"title": "NUL\x00"},
        {"online_url": "javascript:alert(1)", "place": ""},
        {"online_url": "https://user:pw@example.jp/", "place": ""},
        {"place": "", "online_url": ""},
        {"access_hours": 10_000},
        {"access_hours": -1},
        {"ends_at": timezone.now() - datetime.timedelta(days=1)},
        {"starts_at": "1900-01-01T10:00"},
        {"starts_at": "令和99年1月1日"},
    ]
    for extra in bad:
        with pytest.raises(ValidationError):
            services.create_meeting(counsellor, window=world.home.window, **_fields(**extra))
    for role in (Role.RECEPTION, Role.AGENCY_STAFF, Role.CONTRACTED_COUNSELLOR):
        with pytest.raises(PermissionDenied):
            services.create_meeting(world.user(role), window=world.home.window, **_fields())
    assert not ActionItem.objects.unscoped("test").exists()
