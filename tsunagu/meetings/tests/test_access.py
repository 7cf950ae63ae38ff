"""Who sees what of a meeting: acknowledgement first (支援会議), the prepared summary only and
only inside the access window, never the case itself. Built with the test builders (rows
written directly); the services are tested in test_services.py."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.meetings.models import MeetingKind, MeetingMember
from tsunagu.people.grants import end_grant
from tsunagu.people.models import AccessGrant
from tsunagu.testing.api import bearer
from tsunagu.testing.meetings import add_member, make_meeting, table_case

pytestmark = pytest.mark.django_db

SUMMARY = "8050世帯。母親からの相談。"
SENSITIVE = "通院歴あり（要配慮）"


@pytest.fixture
def session(world, agencies):
    """A 支援会議 in session: the counsellor convenes it, agency1 sits in it (not yet
    acknowledged), the home case is on the agenda."""
    counsellor = world.user(Role.COUNSELLOR)
    meeting = make_meeting(world.home.window, counsellor, title="第1回 支援会議")
    member = add_member(meeting, agencies[0])
    item = table_case(meeting, world.home.case, [member])
    return meeting, member, item


def _acknowledge(member: MeetingMember) -> None:
    member.acknowledged_at = timezone.now()
    member.save()


def test_member_sees_nothing_before_acknowledging(world, agencies, session, login):
    meeting, _member, item = session
    client = login(agencies[0])
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "守秘義務を確認する" in page
    assert item.heading not in page and SUMMARY not in page
    assert 'id="members-h"' not in page and 'id="agenda-h"' not in page  # not even the members
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 404
    api = bearer(agencies[0])
    assert client.get(f"/api/v1/agenda-items/{item.pk}", **api).status_code == 404
    assert client.get(f"/api/v1/meetings/{meeting.pk}/agenda", **api).status_code == 403
    detail = client.get(f"/api/v1/meetings/{meeting.pk}", **api).json()
    assert detail["acknowledged"] is False and detail["members"] is None


def test_acknowledging_is_recorded_and_opens_the_summary(world, agencies, session, login):
    meeting, member, item = session
    client = login(agencies[0])
    # without the checkbox nothing is recorded
    client.post(reverse("meeting-acknowledge", args=[meeting.pk]))
    member.refresh_from_db()
    assert member.acknowledged_at is None
    before = timezone.now()
    response = client.post(reverse("meeting-acknowledge", args=[meeting.pk]), {"confirm": "1"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.acknowledged_at >= before
    page = client.get(reverse("agenda-item", args=[item.pk])).content.decode()
    assert SUMMARY in page
    assert SENSITIVE not in page  # an agency role does not read 要配慮個人情報
    first = member.acknowledged_at
    client.post(reverse("meeting-acknowledge", args=[meeting.pk]), {"confirm": "1"})
    member.refresh_from_db()
    assert member.acknowledged_at == first  # recorded once


def test_a_member_never_opens_the_case(world, agencies, session, login):
    _meeting, member, item = session
    _acknowledge(member)
    client = login(agencies[0])
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 200
    case = world.home.case
    for url in (
        reverse("case-detail", args=[case.pk]),
        reverse("person-detail", args=[case.person_id]),
        reverse("contact-log", args=[case.pk]),
    ):
        assert client.get(url).status_code == 404, url
    api = bearer(agencies[0])
    assert client.get(f"/api/v1/cases/{case.pk}", **api).status_code == 404
    assert client.get(f"/api/v1/persons/{case.person_id}", **api).status_code == 404


def test_after_the_access_window_closes_404(world, agencies, session, login):
    meeting, member, item = session
    _acknowledge(member)
    client = login(agencies[0])
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 200
    # the meeting ended more than access_hours ago
    past = timezone.now() - datetime.timedelta(hours=meeting.access_hours + 3)
    meeting.starts_at, meeting.ends_at = past - datetime.timedelta(hours=1), past
    meeting.save()
    AccessGrant.objects.in_municipality(meeting.municipality_id).filter(
        source=AccessGrant.Source.MEETING
    ).update(starts_at=meeting.starts_at, ends_at=meeting.access_until)
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 404
    api = bearer(agencies[0])
    assert client.get(f"/api/v1/agenda-items/{item.pk}", **api).status_code == 404
    assert client.get(f"/api/v1/meetings/{meeting.pk}/agenda", **api).json() == {"items": []}
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "資料の閲覧期限が過ぎました" in page and item.heading not in page


def test_before_the_meeting_opens_404(world, agencies, login):
    counsellor = world.user(Role.COUNSELLOR)
    later = timezone.now() + datetime.timedelta(days=2)
    meeting = make_meeting(world.home.window, counsellor, starts_at=later)
    member = add_member(meeting, agencies[0], acknowledged=True)
    item = table_case(meeting, world.home.case, [member])
    client = login(agencies[0])
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 404
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "会議の開始から閲覧できます" in page


def test_ending_the_grant_closes_the_window_at_once(world, agencies, session, login):
    _meeting, member, item = session
    _acknowledge(member)
    client = login(agencies[0])
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 200
    grant = member.shares.in_municipality(member.municipality_id).get().grant
    end_grant(world.user(Role.COUNSELLOR), grant, "構成員の交代")
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 404


def test_a_grant_of_one_meeting_does_not_open_another(world, agencies, session, login):
    _meeting, member, item = session
    _acknowledge(member)
    counsellor = world.user(Role.COUNSELLOR)
    other = make_meeting(world.home.window, counsellor, title="別の会議")
    other_item = table_case(other, world.home.case, [], heading="別の議題")
    client = login(agencies[0])
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 200
    assert client.get(reverse("agenda-item", args=[other_item.pk])).status_code == 404
    assert client.get(reverse("meeting-detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize(
    "who",
    ["agency2", Role.AGENCY_STAFF, Role.CONTRACTED_COUNSELLOR, Role.WELFARE_COMMISSIONER],
)
def test_non_members_get_404(world, agencies, session, login, who):
    meeting, _member, item = session
    user = agencies[1] if who == "agency2" else world.user(who)
    client = login(user)
    for url in (
        reverse("meeting-detail", args=[meeting.pk]),
        reverse("agenda-item", args=[item.pk]),
    ):
        assert client.get(url).status_code in (403, 404), (who, url)


def test_other_municipality_gets_404(world, session, login):
    meeting, _member, item = session
    client = login(world.away.users[Role.SUPERVISOR])
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 404


def test_roles_that_read_s_see_the_sensitive_part(world, session, login):
    _meeting, _member, item = session
    for role in (Role.COUNSELLOR, Role.SUPERVISOR):
        page = login(world.user(role)).get(reverse("agenda-item", args=[item.pk]))
        assert SENSITIVE in page.content.decode(), role


def test_network_meeting_topics_for_members(world, agencies, login):
    counsellor = world.user(Role.COUNSELLOR)
    meeting = make_meeting(
        world.home.window, counsellor, kind=MeetingKind.NETWORK, title="ネットワーク会議"
    )
    add_member(meeting, agencies[0])
    from tsunagu.meetings.models import AgendaItem

    topic = AgendaItem.objects.create(
        municipality=world.home.municipality,
        meeting=meeting,
        heading="40代男性・8050世帯の事例",
        summary="匿名化した経過",
        prepared_by=counsellor,
    )
    client = login(agencies[0])
    assert client.get(reverse("agenda-item", args=[topic.pk])).status_code == 200


def test_meeting_pages_query_counts(world, agencies, session, login, django_assert_max_num_queries):
    meeting, member, item = session
    _acknowledge(member)
    for user in (world.user(Role.COUNSELLOR), agencies[0]):
        client = login(user)
        client.get(reverse("meeting-detail", args=[meeting.pk]))
        with django_assert_max_num_queries(16):
            assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 200
        with django_assert_max_num_queries(16):
            assert client.get(reverse("agenda-item", args=[item.pk])).status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(reverse("meeting-list")).status_code == 200


SEES_THE_MEETING = {Role.RECEPTION, Role.COUNSELLOR, Role.SUPERVISOR}  # the host window's staff


@pytest.mark.parametrize("role", list(Role.values))
def test_each_role_of_the_municipality(world, session, login, role):
    """Non-members: the hosting window's staff and supervisors see the meeting and the items of
    their own cases; a grant to the case (the contracted counsellor's handoff, the agency's
    referral) opens no meeting item."""
    meeting, _member, item = session
    client = login(world.user(role))
    expected = 200 if role in SEES_THE_MEETING else 404
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == expected
    assert client.get(reverse("agenda-item", args=[item.pk])).status_code == expected
