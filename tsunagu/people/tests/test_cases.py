import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.approvals.services import approve
from tsunagu.people import closure, services
from tsunagu.people.models import (
    Case,
    CaseStatusChange,
    ClosureReason,
    EngagementChange,
    EngagementStage,
    HouseholdMember,
    Relation,
)
from tsunagu.people.workflow import TRANSITIONS, allowed_next

S = Case.Status


def test_transitions_cover_every_status_and_reopen_only_to_support():
    assert set(TRANSITIONS) == set(S.values)
    assert allowed_next(S.CLOSED) == (S.SUPPORT,)
    for targets in TRANSITIONS.values():
        assert set(targets) <= set(S.values)


def test_full_path_with_history(world):
    actor, case = world.user(Role.COUNSELLOR), world.home.case
    for to in (S.ASSESSMENT, S.SUPPORT, S.WATCHING):
        services.change_status(actor, case, to)
    with pytest.raises(ValidationError, match="終結には監督者の承認が必要です"):
        services.change_status(actor, case, S.CLOSED, closure_reason=ClosureReason.WORK_OR_SCHOOL)
    request = closure.request_closure(actor, case, closure_reason=ClosureReason.WORK_OR_SCHOOL)
    case.refresh_from_db()
    assert case.status == S.WATCHING  # closed only when a supervisor approves
    supervisor = world.user(Role.SUPERVISOR)
    approve(supervisor, request)
    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert case.closure_reason == ClosureReason.WORK_OR_SCHOOL
    assert case.closed_on is not None
    services.change_status(actor, case, S.SUPPORT, reason="本人から再度の連絡があった")
    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.closed_on) == (S.SUPPORT, "", None)
    history = list(
        CaseStatusChange.objects.visible_to(actor, Action.VIEW_CASE)
        .filter(case=case)
        .order_by("pk")
        .values_list("from_status", "to_status", "changed_by")
    )
    assert history == [
        (S.RECEIVED, S.ASSESSMENT, actor.pk),
        (S.ASSESSMENT, S.SUPPORT, actor.pk),
        (S.SUPPORT, S.WATCHING, actor.pk),
        (S.WATCHING, S.CLOSED, supervisor.pk),  # the approving supervisor closed it
        (S.CLOSED, S.SUPPORT, actor.pk),
    ]


@pytest.mark.parametrize(
    ("start", "to", "kwargs", "message"),
    [
        (S.RECEIVED, S.WATCHING, {}, "「受付」から「見守り」には変更できません"),
        (S.SUPPORT, S.CLOSED, {}, "終結理由を選んでください"),
        (S.SUPPORT, S.CLOSED, {"closure_reason": "other"}, "「その他」のときは理由"),
        (S.SUPPORT, S.CLOSED, {"closure_reason": "bogus"}, "終結理由が正しくありません"),
        (S.SUPPORT, S.WATCHING, {"closure_reason": "moved"}, "終結するときだけ"),
        (S.CLOSED, S.SUPPORT, {}, "再開するには理由"),
        (S.CLOSED, S.ASSESSMENT, {"reason": "x"}, "「終結」から「アセスメント」には"),
        (S.SUPPORT, "nonsense", {}, "不明な状況"),
    ],
)
def test_invalid_transitions_raise_japanese_errors(world, start, to, kwargs, message):
    case = world.home.case
    Case.objects.unscoped("test setup").filter(pk=case.pk).update(status=start)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.change_status(world.user(Role.COUNSELLOR), case, to, **kwargs)
    assert message in " ".join(caught.value.messages)
    assert not CaseStatusChange.objects.unscoped("test").exists()


def test_closure_reasons_include_unknown_and_other():
    labels = dict(ClosureReason.choices)
    assert labels["unknown"] == "不明" and labels["other"] == "その他"
    assert "連絡途絶" in labels.values() and "情報提供のみで終了" in labels.values()


def test_status_change_needs_edit_permission_and_visibility(world):
    case = world.home.case
    with pytest.raises(PermissionDenied):
        services.change_status(world.user(Role.RECEPTION), case, S.ASSESSMENT)
    with pytest.raises(PermissionDenied):  # counsellor of はちまる is not on the children's case
        services.change_status(world.user(Role.COUNSELLOR), world.home.other_case, S.ASSESSMENT)
    with pytest.raises(PermissionDenied):
        services.change_status(world.away.users[Role.SUPERVISOR], case, S.ASSESSMENT)
    services.change_status(world.user(Role.CONTRACTED_COUNSELLOR), case, S.ASSESSMENT)


def test_engagement_changes_are_all_recorded(world):
    actor, case = world.user(Role.COUNSELLOR), world.home.case
    stages = [
        EngagementStage.FAMILY_ONLY,
        EngagementStage.INDIRECT,
        EngagementStage.MET,
        EngagementStage.INDIRECT,
        EngagementStage.ONGOING,
    ]
    for stage in stages:
        services.change_engagement(actor, case, stage, note=f"{stage}のメモ")
    case.refresh_from_db()
    assert case.engagement_stage == EngagementStage.ONGOING
    rows = list(
        EngagementChange.objects.visible_to(actor, Action.VIEW_CASE)
        .filter(case=case)
        .order_by("pk")
        .values_list("from_stage", "to_stage")
    )
    assert rows == list(zip([EngagementStage.NO_CONTACT, *stages[:-1]], stages, strict=True))
    with pytest.raises(ValidationError, match="同じ段階"):
        services.change_engagement(actor, case, EngagementStage.ONGOING)
    with pytest.raises(ValidationError):
        services.change_engagement(actor, case, "bogus")


def test_assign_lead_only_to_casework_staff_of_the_municipality(world):
    actor, case = world.user(Role.SUPERVISOR), world.home.case
    services.assign_lead(actor, case, world.user(Role.COUNSELLOR))
    case.refresh_from_db()
    assert case.lead_worker == world.user(Role.COUNSELLOR)
    for worker in (world.user(Role.PUBLICITY), world.away.users[Role.COUNSELLOR]):
        with pytest.raises(ValidationError, match="担当できません"):
            services.assign_lead(actor, case, worker)
    services.assign_lead(actor, case, None)
    case.refresh_from_db()
    assert case.lead_worker is None


def test_add_household_member_creates_the_household_once(world):
    actor, person = world.user(Role.COUNSELLOR), world.home.person
    mother = services.add_household_member(
        actor, person, relation=Relation.MOTHER, age=75, care_level="care1"
    )
    father = services.add_household_member(actor, person, relation=Relation.FATHER, age=78)
    assert mother.household_id == father.household_id
    assert mother.age_as_of is not None
    assert HouseholdMember.objects.visible_to(actor, Action.VIEW_PERSON).count() == 2
    with pytest.raises(ValidationError):
        services.add_household_member(actor, person, relation="bogus")
    with pytest.raises(ValidationError):
        services.add_household_member(actor, person, relation=Relation.MOTHER, age=200)
    with pytest.raises(PermissionDenied):
        services.add_household_member(world.user(Role.AGENCY_STAFF), person, relation="mother")
    # household rows follow the person's visibility
    assert (
        HouseholdMember.objects.visible_to(
            world.away.users[Role.SUPERVISOR], Action.VIEW_PERSON
        ).count()
        == 0
    )
    assert (
        HouseholdMember.objects.visible_to(
            world.user(Role.WELFARE_COMMISSIONER), Action.VIEW_PERSON
        ).count()
        == 0
    )
