"""Assessment and support plan go through tsunagu.approvals: request → approve, or return with
comments (then edit and ask again)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.approvals.models import ApprovalRequest
from tsunagu.approvals.services import approve, pending_for, return_for_changes
from tsunagu.assessments.approval import submit_version
from tsunagu.assessments.models import Assessment
from tsunagu.assessments.services import start_assessment
from tsunagu.assessments.versioning import VersionStatus
from tsunagu.notifications.models import Notification
from tsunagu.plans.models import SupportPlan
from tsunagu.plans.services import start_plan


def fresh(version):
    return type(version).objects.in_municipality(version.municipality_id).get(pk=version.pk)


def test_request_approve_and_next_version_in_the_pages(world, login):
    counsellor, supervisor = world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)
    draft = start_assessment(counsellor, world.home.case)
    client = login(counsellor)
    detail = reverse("assessment-detail", args=[draft.pk])
    assert "承認を依頼する" in client.get(detail).content.decode()
    response = client.post(reverse("assessment-submit", args=[draft.pk]), {"note": "初回です"})
    assert response["Location"] == detail
    assert fresh(draft).status == VersionStatus.PENDING
    request = pending_for(draft)
    assert request.kind == "assessment" and request.note == "初回です"
    assert Notification.objects.filter(recipient=supervisor, kind="approval_requested").exists()
    # frozen while it waits: the edit page sends back, a second request is refused
    edit = client.post(reverse("assessment-edit", args=[draft.pk]), {})
    assert edit["Location"] == detail
    client.post(reverse("assessment-submit", args=[draft.pk]))
    assert ApprovalRequest.objects.unscoped("test").count() == 1

    client = login(supervisor)
    page = client.get(detail).content.decode()
    assert reverse("approval-detail", args=[request.pk]) in page and "承認待ち" in page
    response = client.post(reverse("approval-approve", args=[request.pk]), {"comment": ""})
    assert response.status_code == 302
    assert fresh(draft).status == VersionStatus.APPROVED
    assert "承認済み" in client.get(detail).content.decode()
    # the next version may start now
    assert start_assessment(counsellor, world.home.case).number == 2


def test_return_with_comments_edit_and_ask_again(world, login):
    counsellor, supervisor = world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)
    plan = start_plan(counsellor, world.home.case)
    request = submit_version(
        counsellor, plan, kind="support_plan", action="edit_support_plan", note=""
    )
    with pytest.raises(ValidationError):
        return_for_changes(supervisor, request, "")  # a comment is required
    return_for_changes(supervisor, request, "本人の目標を本人の言葉で書いてください")
    assert fresh(plan).status == VersionStatus.RETURNED
    client = login(counsellor)
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "本人の目標を本人の言葉で書いてください" in page and "差し戻し" in page
    assert client.get(reverse("plan-edit", args=[plan.pk])).status_code == 200
    client.post(reverse("plan-submit", args=[plan.pk]))
    assert fresh(plan).status == VersionStatus.PENDING
    approve(supervisor, pending_for(plan))
    assert fresh(plan).status == VersionStatus.APPROVED


def test_nobody_approves_their_own_request(world):
    supervisor = world.user(Role.SUPERVISOR)
    draft = start_assessment(supervisor, world.home.case)
    request = submit_version(supervisor, draft, kind="assessment", action="edit_assessment")
    with pytest.raises(ValidationError, match="自分の申請"):
        approve(supervisor, request)
    assert fresh(draft).status == VersionStatus.PENDING


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.RECEPTION])
def test_roles_without_the_documents_cannot_ask(world, login, role):
    draft = start_assessment(world.user(Role.COUNSELLOR), world.home.case)
    plan = start_plan(world.user(Role.COUNSELLOR), world.home.case)
    client = login(world.user(role))
    assert client.post(reverse("assessment-submit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("plan-submit", args=[plan.pk])).status_code == 404
    assert not ApprovalRequest.objects.unscoped("test").exists()


def test_another_municipality_never(world, login):
    draft = start_assessment(world.user(Role.COUNSELLOR), world.home.case)
    client = login(world.away.users[Role.SUPERVISOR])
    assert client.post(reverse("assessment-submit", args=[draft.pk])).status_code == 404
    assert fresh(draft).status == VersionStatus.DRAFT


def test_hostile_note_is_refused(world, login):
    draft = start_assessment(world.user(Role.COUNSELLOR), world.home.case)
    client = login(world.user(Role.COUNSELLOR))
    response = client.post(
        reverse("assessment-submit", args=[draft.pk]), {"note": "\x00"}, follow=True
    )
    assert "使用できない文字" in response.content.decode()
    assert fresh(draft).status == VersionStatus.DRAFT
    assert Assessment and SupportPlan
