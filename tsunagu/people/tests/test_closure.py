"""Closing a case goes through approval (people.closure): request → approve closes, return keeps."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.approvals.models import ApprovalRequest
from tsunagu.approvals.services import approve, pending_for, return_for_changes
from tsunagu.notifications.models import Notification
from tsunagu.people.closure import request_closure
from tsunagu.people.models import Case, CaseStatusChange, ClosureReason

S = Case.Status


def _request(world, reason: str = "本人が就職し、面談の必要がなくなった") -> ApprovalRequest:
    return request_closure(
        world.user(Role.COUNSELLOR),
        world.home.case,
        closure_reason=ClosureReason.WORK_OR_SCHOOL,
        reason=reason,
    )


def test_approved_closure_closes_the_case(world):
    request = _request(world)
    case = world.home.case
    case.refresh_from_db()
    assert case.status == S.RECEIVED and pending_for(case) == request
    supervisor = world.user(Role.SUPERVISOR)
    (asked,) = Notification.objects.filter(recipient=supervisor, kind="approval_requested")
    assert "ケースの終結" in asked.message and "就職" not in asked.message
    approve(supervisor, request, "お疲れさまでした")
    case.refresh_from_db()
    assert case.status == S.CLOSED and case.closure_reason == ClosureReason.WORK_OR_SCHOOL
    assert case.closed_on is not None
    change = CaseStatusChange.objects.in_municipality(case.municipality_id).get(case=case)
    assert (change.to_status, change.changed_by, change.reason) == (
        S.CLOSED,
        supervisor,
        "本人が就職し、面談の必要がなくなった",
    )
    (told,) = Notification.objects.filter(
        recipient=world.user(Role.COUNSELLOR), kind="approval_decided"
    )
    assert told.url == reverse("case-detail", args=[case.pk])


def test_returned_closure_leaves_the_case_as_it_was(world):
    request = _request(world)
    supervisor = world.user(Role.SUPERVISOR)
    with pytest.raises(ValidationError):
        return_for_changes(supervisor, request, "")
    return_for_changes(supervisor, request, "家族の状況をもう一度確認してください")
    case = world.home.case
    case.refresh_from_db()
    assert case.status == S.RECEIVED and case.closed_on is None
    assert not CaseStatusChange.objects.in_municipality(case.municipality_id).exists()
    assert pending_for(case) is None
    _request(world)  # may be requested again after the return


def test_closure_rules_are_checked_when_requested(world):
    counsellor = world.user(Role.COUNSELLOR)
    case = world.home.case
    with pytest.raises(ValidationError, match="終結理由を選んでください"):
        request_closure(counsellor, case, closure_reason=None)
    with pytest.raises(ValidationError, match="「その他」のときは理由"):
        request_closure(counsellor, case, closure_reason=ClosureReason.OTHER)
    with pytest.raises(ValidationError):
        request_closure(counsellor, case, closure_reason="bogus")
    _request(world)
    with pytest.raises(ValidationError, match="承認待ちの申請がすでにあります"):
        _request(world)
    for role in (Role.RECEPTION, Role.AGENCY_STAFF):
        with pytest.raises(PermissionDenied):
            request_closure(world.user(role), case, closure_reason=ClosureReason.MOVED)
    with pytest.raises(PermissionDenied):
        request_closure(counsellor, world.home.other_case, closure_reason=ClosureReason.MOVED)


def test_the_requester_cannot_close_by_approving_their_own_request(world):
    supervisor = world.user(Role.SUPERVISOR)
    request = request_closure(supervisor, world.home.case, closure_reason=ClosureReason.MOVED)
    with pytest.raises(ValidationError, match="自分の申請"):
        approve(supervisor, request)
    world.home.case.refresh_from_db()
    assert world.home.case.status == S.RECEIVED


def test_closure_through_the_pages(world, login):
    case = world.home.case
    worker = login(world.user(Role.COUNSELLOR))
    status_url = reverse("case-status", args=[case.pk])
    response = worker.post(status_url, {"to": "closed", "closure_reason": "moved"}, follow=True)
    assert "終結の承認を申請しました" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.RECEIVED
    body = worker.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "承認の履歴" in body and "承認待ち" in body
    again = worker.post(status_url, {"to": "closed", "closure_reason": "moved"})
    assert again.status_code == 200 and "承認待ちの申請がすでにあります" in again.content.decode()

    supervisor = login(world.user(Role.SUPERVISOR))
    (waiting,) = ApprovalRequest.objects.visible_to(world.user(Role.SUPERVISOR), Action.APPROVE)
    detail = supervisor.get(reverse("approval-detail", args=[waiting.pk])).content.decode()
    assert "転居" in detail and "ケースの終結" in detail
    supervisor.post(reverse("approval-approve", args=[waiting.pk]), {"comment": ""})
    case.refresh_from_db()
    assert case.status == S.CLOSED and case.closure_reason == "moved"
    body = worker.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "承認の履歴" in body and "承認</span>" in body


def test_history_panel_hides_the_note_from_who_does_not_read_s(world, login):
    request = _request(world, reason="要配慮の経過メモ")
    return_for_changes(world.user(Role.SUPERVISOR), request, "要配慮のコメント")
    case_url = reverse("case-detail", args=[world.home.case.pk])
    body = login(world.user(Role.COUNSELLOR)).get(case_url).content.decode()
    assert "要配慮の経過メモ" in body and "要配慮のコメント" in body
    agency = login(world.user(Role.AGENCY_STAFF)).get(case_url).content.decode()
    assert "承認の履歴" in agency and "差し戻し" in agency
    assert "要配慮の経過メモ" not in agency and "要配慮のコメント" not in agency
