"""The meeting pages: forms (errors shown, nothing stored), outcomes, the dashboard and case
page, the minutes PDF; each role that may or may not."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.meetings import agenda, outcomes, services
from tsunagu.meetings.models import ActionItem, AgendaItem, Meeting, MeetingKind, MinutesState

pytestmark = pytest.mark.django_db


def _form(world, **extra):
    start = timezone.localtime() + datetime.timedelta(hours=1)
    data = {
        "kind": MeetingKind.SHIEN_KAIGI,
        "title": "第3回 支援会議",
        "starts_at": start.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "place": "市役所",
        "access_hours": "24",
        "window": str(world.home.window.pk),
    }
    data.update(extra)
    return data


def test_create_page_and_its_errors(world, agencies, login):
    client = login(world.user(Role.COUNSELLOR))
    assert client.get(reverse("meeting-create")).status_code == 200
    for extra, message in (
        ({"title": ""}, "必須"),
        ({"starts_at": "令和8年13月1日 10:00"}, ""),
        ({"ends_at": "2020-01-01 10:00"}, ""),
        ({"online_url": "javascript:alert(1)", "place": ""}, "https://"),
        ({"kind": "secret"}, ""),
        ({"access_hours": "-5"}, ""),
        ({"window": "99999999999999999999"}, ""),
        ({"members": [str(world.away.users[Role.COUNSELLOR].pk)]}, ""),
        ({"title": "a\x00b"}, ""),
    ):
        response = client.post(reverse("meeting-create"), _form(world, **extra))
        assert response.status_code == 200, extra
        assert "field--error" in response.content.decode() or "error" in response.content.decode()
        assert message in response.content.decode(), extra
    assert not Meeting.objects.unscoped("test").exists()
    response = client.post(
        reverse("meeting-create"), _form(world, members=[str(a.pk) for a in agencies])
    )
    assert response.status_code == 302
    meeting = Meeting.objects.in_municipality(world.home.municipality).get()
    assert response["Location"] == reverse("meeting-detail", args=[meeting.pk])


@pytest.mark.parametrize(
    "role", [Role.RECEPTION, Role.AGENCY_STAFF, Role.CONTRACTED_COUNSELLOR, Role.PUBLICITY]
)
def test_roles_that_may_not_convene(world, login, role):
    client = login(world.user(role))
    assert client.get(reverse("meeting-create")).status_code == 403
    assert client.post(reverse("meeting-create"), _form(world)).status_code == 403


@pytest.fixture
def held(world, agencies):
    """A 支援会議 in session, created through the services: agency1 and agency2 invited,
    the home case on the agenda."""
    counsellor = world.user(Role.COUNSELLOR)
    start = timezone.now() - datetime.timedelta(minutes=5)
    meeting = services.create_meeting(
        counsellor,
        window=world.home.window,
        members=agencies,
        kind=MeetingKind.SHIEN_KAIGI,
        title="第1回 支援会議",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="市役所",
        access_hours=4,
    )
    services.acknowledge(counsellor, meeting)
    item = agenda.add_agenda_item(
        counsellor, meeting, case=world.home.case, heading="Aさん（40代男性）", summary="概要"
    )
    return meeting, item


def test_agenda_page_errors(world, held, login):
    meeting, _item = held
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("agenda-add", args=[meeting.pk])
    assert client.get(url).status_code == 200
    for data in (
        {"case": str(world.home.other_case.pk), "heading": "B"},  # another window's case
        {"case": "abc", "heading": "B"},
        {"case": "99999999999999999999", "heading": "B"},
        {"case": str(world.home.case.pk), "heading": "再び"},  # already on the agenda
        {"case": "", "heading": "ケースなし"},
        {"case": str(world.away.case.pk), "heading": "よそ"},
    ):
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert "error" in response.content.decode(), data
    assert AgendaItem.objects.in_municipality(world.home.municipality).count() == 1
    # a member who does not run the meeting may not table anything
    assert login(world.user(Role.AGENCY_STAFF)).get(url).status_code in (403, 404)


def test_outcomes_through_the_pages(world, agencies, held, login):
    meeting, item = held
    client = login(world.user(Role.COUNSELLOR))
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    assert (
        client.post(reverse("agenda-direction", args=[item.pk]), {"direction": "訪問継続"})
    ).status_code == 302
    org = agencies[0].memberships.get().organization
    response = client.post(
        reverse("agenda-role", args=[item.pk]), {"organization": org.pk, "role": "月1回の訪問"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("agenda-action", args=[item.pk]),
        {"owner": agencies[0].pk, "title": "母親に連絡", "due_on": due},
    )
    assert response.status_code == 302
    # errors come back on the page (422), nothing stored
    bad = client.post(
        reverse("agenda-action", args=[item.pk]),
        {"owner": world.user(Role.RECEPTION).pk, "title": "", "due_on": "明日"},
    )
    assert bad.status_code == 422 and "field--error" in bad.content.decode()
    assert ActionItem.objects.in_municipality(world.home.municipality).count() == 1
    # a member reads the outcomes but cannot record them
    member = login(agencies[0])
    services.acknowledge(agencies[0], meeting)
    page = member.get(reverse("agenda-item", args=[item.pk])).content.decode()
    assert "訪問継続" in page and "月1回の訪問" in page and "母親に連絡" in page
    assert "方向性を記録する" not in page
    assert (
        member.post(reverse("agenda-direction", args=[item.pk]), {"direction": "x"})
    ).status_code == 403


def test_action_items_on_dashboard_and_case_page(
    world, agencies, held, login, django_assert_max_num_queries
):
    meeting, item = held
    counsellor = world.user(Role.COUNSELLOR)
    action = outcomes.add_action_item(
        counsellor,
        item,
        owner=agencies[0],
        title="母親に連絡する",
        due_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    outcomes.add_action_item(
        counsellor, item, owner=counsellor, title="主治医に確認", due_on=timezone.localdate()
    )
    owner = login(agencies[0])
    dashboard = owner.get(reverse("dashboard")).content.decode()
    assert "母親に連絡する" in dashboard and "主治医に確認" not in dashboard
    # on the case page until done (the case's own staff)
    case_page = login(counsellor).get(reverse("case-detail", args=[world.home.case.pk]))
    assert "母親に連絡する" in case_page.content.decode()
    # after the access window closed the owner still has the task, not the summary
    ActionItem.objects.in_municipality(world.home.municipality).filter(pk=action.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    past = timezone.now() - datetime.timedelta(days=1)
    Meeting.objects.in_municipality(world.home.municipality).filter(pk=meeting.pk).update(
        starts_at=past - datetime.timedelta(hours=1), ends_at=past
    )
    from tsunagu.people.models import AccessGrant

    AccessGrant.objects.in_municipality(world.home.municipality).filter(
        source=AccessGrant.Source.MEETING
    ).update(ends_at=past)
    assert owner.get(reverse("agenda-item", args=[item.pk])).status_code == 404
    listing = owner.get(reverse("action-item-list")).content.decode()
    assert "母親に連絡する" in listing and "期限超過" in listing
    assert "【期限超過】" in owner.get(reverse("dashboard")).content.decode()
    with django_assert_max_num_queries(10):
        owner.get(reverse("action-item-list"))
    response = owner.post(reverse("action-item-done", args=[action.pk]))
    assert response.status_code == 302
    assert "母親に連絡する" not in owner.get(reverse("dashboard")).content.decode()
    case_page = login(counsellor).get(reverse("case-detail", args=[world.home.case.pk]))
    assert "母親に連絡する" not in case_page.content.decode()
    # someone else's action item: 404 (not theirs, outside the window)
    other = ActionItem.objects.in_municipality(world.home.municipality).get(owner=counsellor)
    assert login(agencies[1]).post(reverse("action-item-done", args=[other.pk])).status_code == 404


def test_minutes_pdf_and_approval(world, held, login):
    meeting, _item = held
    counsellor = world.user(Role.COUNSELLOR)
    client = login(counsellor)
    response = client.post(
        reverse("minutes-edit", args=[meeting.pk]),
        {"minutes": "協議の経過を記録", "request_approval": "1"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.REQUESTED
    pdf = client.get(reverse("minutes-pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    from tsunagu.core.tests.test_pdf import _pdf_text

    assert re.search(rb"/FontName\s*/[A-Z]{6}\+IPAexGothic", _pdf_text(pdf.content))
    assert AuditEvent.objects.filter(action="export", object_id=str(meeting.pk)).exists()
    # members and other roles do not print the minutes
    for user in (world.user(Role.AGENCY_STAFF), world.user(Role.RECEPTION)):
        assert login(user).get(reverse("minutes-pdf", args=[meeting.pk])).status_code in (403, 404)
    # empty minutes: a form error, nothing changes
    meeting.minutes_state = MinutesState.DRAFT
    meeting.save()
    response = client.post(reverse("minutes-edit", args=[meeting.pk]), {"minutes": ""})
    assert response.status_code == 200 and "field--error" in response.content.decode()
