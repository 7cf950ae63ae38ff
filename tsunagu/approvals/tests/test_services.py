"""Approval requests through the services: who may ask and decide, the rules, notifications."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.approvals import registry, services
from tsunagu.approvals.models import ApprovalRequest
from tsunagu.notifications.models import Notification
from tsunagu.people.models import Case
from tsunagu.testing.world import make_user

DECIDED: list[tuple[int, str]] = []


@pytest.fixture
def review():
    """A kind registered as an owning app would (on Case, for the test)."""
    DECIDED.clear()
    registry.register(
        "test_review",
        model=Case,
        label="テスト確認",
        on_decided=lambda request: DECIDED.append((request.pk, request.status)),
        url=lambda case: f"/staff/cases/{case.pk}/",
    )
    yield "test_review"
    registry.unregister("test_review")


@pytest.fixture
def second_supervisor(world):
    return make_user("supervisor-2", Role.SUPERVISOR, world.home)


def _notes(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_request_notifies_the_supervisors_of_the_municipality(world, review, second_supervisor):
    counsellor = world.user(Role.COUNSELLOR)
    request = services.request_approval(
        counsellor, world.home.case, kind=review, note="支援の方針を確認してください"
    )
    assert request.status == ApprovalRequest.Status.PENDING
    assert request.municipality_id == world.home.municipality.pk
    assert services.pending_for(world.home.case) == request
    for supervisor in (world.user(Role.SUPERVISOR), second_supervisor):
        (note,) = _notes(supervisor, "approval_requested")
        assert note.url == f"/staff/approvals/{request.pk}/"
        assert "テスト確認の承認依頼" in note.message and "支援の方針" not in note.message
    assert _notes(world.away.users[Role.SUPERVISOR], "approval_requested") == []
    assert _notes(counsellor, "approval_requested") == []


def test_a_second_request_while_one_waits_is_refused(world, review):
    counsellor = world.user(Role.COUNSELLOR)
    services.request_approval(counsellor, world.home.case, kind=review)
    with pytest.raises(ValidationError, match="承認待ちの申請がすでにあります"):
        services.request_approval(world.user(Role.SUPERVISOR), world.home.case, kind=review)
    assert ApprovalRequest.objects.unscoped("test").count() == 1


def test_approve_runs_the_owning_apps_hook_and_notifies_the_requester(world, review):
    counsellor = world.user(Role.COUNSELLOR)
    request = services.request_approval(counsellor, world.home.case, kind=review)
    services.approve(world.user(Role.SUPERVISOR), request, "問題ありません")
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.APPROVED
    assert request.decided_by == world.user(Role.SUPERVISOR) and request.decided_at
    assert request.comment == "問題ありません"
    assert DECIDED == [(request.pk, "approved")]
    (note,) = _notes(counsellor, "approval_decided")
    assert note.message == f"テスト確認の申請が承認されました（申請 #{request.pk}）"
    assert note.url == f"/staff/cases/{world.home.case.pk}/"
    assert services.pending_for(world.home.case) is None
    assert services.latest_decision(world.home.case) == request
    with pytest.raises(ValidationError, match="すでに判断されています"):
        services.return_for_changes(world.user(Role.SUPERVISOR), request, "やはり")
    # a new request may follow the decision
    again = services.request_approval(counsellor, world.home.case, kind=review)
    assert services.pending_for(world.home.case) == again


def test_return_needs_a_comment_and_leaves_the_request_waiting_without_one(world, review):
    request = services.request_approval(world.user(Role.COUNSELLOR), world.home.case, kind=review)
    supervisor = world.user(Role.SUPERVISOR)
    for empty in ("", "   "):
        with pytest.raises(ValidationError) as error:
            services.return_for_changes(supervisor, request, empty)
        assert "comment" in error.value.message_dict
    request.refresh_from_db()
    assert request.is_pending and DECIDED == []
    services.return_for_changes(supervisor, request, "目標を本人の言葉で書いてください")
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.RETURNED
    assert DECIDED == [(request.pk, "returned")]
    (note,) = _notes(world.user(Role.COUNSELLOR), "approval_decided")
    assert "差し戻されました" in note.message and "目標" not in note.message


def test_the_requester_cannot_decide_their_own_request(world, review, second_supervisor):
    supervisor = world.user(Role.SUPERVISOR)
    request = services.request_approval(supervisor, world.home.case, kind=review)
    assert _notes(supervisor, "approval_requested") == []  # not asked to decide their own
    with pytest.raises(ValidationError, match="自分の申請"):
        services.approve(supervisor, request)
    with pytest.raises(ValidationError, match="自分の申請"):
        services.return_for_changes(supervisor, request, "取り下げ")
    request.refresh_from_db()
    assert request.is_pending
    services.approve(second_supervisor, request)
    assert request.status == ApprovalRequest.Status.APPROVED


@pytest.mark.parametrize(
    "role",
    [
        Role.RECEPTION,
        Role.COUNSELLOR,
        Role.CONTRACTED_COUNSELLOR,
        Role.AGENCY_STAFF,
        Role.MUNICIPALITY_ADMIN,
        Role.SYSTEM_ADMIN,
        Role.WELFARE_COMMISSIONER,
    ],
)
def test_only_supervisors_decide(world, review, role):
    request = services.request_approval(world.user(Role.SUPERVISOR), world.home.case, kind=review)
    for decide in (
        lambda user: services.approve(user, request),
        lambda user: services.return_for_changes(user, request, "コメント"),
    ):
        with pytest.raises(PermissionDenied):
            decide(world.user(role))
    request.refresh_from_db()
    assert request.is_pending


def test_another_municipalitys_supervisor_cannot_decide(world, review):
    request = services.request_approval(world.user(Role.COUNSELLOR), world.home.case, kind=review)
    with pytest.raises(PermissionDenied):
        services.approve(world.away.users[Role.SUPERVISOR], request)


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.AGENCY_STAFF, Role.PUBLICITY])
def test_only_who_may_edit_the_target_asks(world, review, role):
    with pytest.raises(PermissionDenied):
        services.request_approval(world.user(role), world.home.case, kind=review)
    # a counsellor of another window does not reach the children's window case either
    with pytest.raises(PermissionDenied):
        services.request_approval(world.user(Role.COUNSELLOR), world.home.other_case, kind=review)
    with pytest.raises(PermissionDenied):
        services.request_approval(world.away.users[Role.SUPERVISOR], world.home.case, kind=review)
    assert not ApprovalRequest.objects.unscoped("test").exists()


def test_unknown_kind_and_wrong_target_are_refused(world, review):
    supervisor = world.user(Role.SUPERVISOR)
    with pytest.raises(ValidationError, match="承認の種類"):
        services.request_approval(supervisor, world.home.case, kind="no_such_kind")
    with pytest.raises(ValidationError, match="この対象には申請できません"):
        services.request_approval(supervisor, world.home.person, kind=review)
    with pytest.raises(ValidationError):
        services.request_approval(supervisor, world.home.case, kind=review, note="\x00")


def test_history_is_seen_by_who_reaches_the_target(world, review):
    counsellor = world.user(Role.COUNSELLOR)
    request = services.request_approval(counsellor, world.home.case, kind=review)
    assert list(services.history_for(counsellor, world.home.case)) == [request]
    assert list(services.history_for(world.user(Role.SUPERVISOR), world.home.case)) == [request]
    # the agency reaches the case through its referral grant, and so its history (the S-class
    # note and comment are masked where shown); without a grant, nothing
    agency = world.user(Role.AGENCY_STAFF)
    assert list(services.history_for(agency, world.home.case)) == [request]
    other = services.request_approval(
        world.user(Role.SUPERVISOR), world.home.other_case, kind=review
    )
    assert list(services.history_for(agency, world.home.other_case)) == []
    assert list(services.history_for(counsellor, world.home.other_case)) == []
    assert list(services.history_for(world.user(Role.SUPERVISOR), world.home.other_case)) == [other]
    assert list(services.history_for(world.away.users[Role.SUPERVISOR], world.home.case)) == []
    waiting = services.waiting_for(world.user(Role.SUPERVISOR))
    assert list(waiting) == [request, other]
    assert list(services.waiting_for(world.away.users[Role.SUPERVISOR])) == []
    assert list(services.waiting_for(counsellor)) == []


def test_the_requester_sees_their_request_even_without_reaching_the_target(world, review):
    """A request stays visible to its requester (the own level of the scope)."""
    counsellor = world.user(Role.COUNSELLOR)
    request = services.request_approval(counsellor, world.home.case, kind=review)
    mine = ApprovalRequest.objects.visible_to(counsellor, Action.VIEW_CASE)
    assert list(mine) == [request]
