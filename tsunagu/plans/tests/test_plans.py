import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.assessments.version_services import set_status
from tsunagu.assessments.versioning import FrozenVersionError, VersionStatus
from tsunagu.dashboard.services import plans_to_review
from tsunagu.people.models import Case
from tsunagu.plans.models import GoalOwner, PlanAction, PlanGoal, SupportPlan
from tsunagu.plans.services import ActionIn, GoalIn, save_plan, start_plan
from tsunagu.testing.assessments import make_assessment
from tsunagu.testing.plans import make_plan


def goals_of(plan):
    rows = PlanGoal.objects.in_municipality(plan.municipality_id).filter(plan=plan)
    return [(g.owner, g.text) for g in rows.order_by("order")]


def actions_of(plan):
    return list(
        PlanAction.objects.in_municipality(plan.municipality_id).filter(plan=plan).order_by("order")
    )


def form_data(world, **overrides):
    data = {
        "made_on": "令和8年4月20日",
        "review_on": "令和8年7月20日",
        "direction": "外出の機会を少しずつ増やす",
        "person_agreed": "on",
        "goals-TOTAL_FORMS": "2",
        "goals-INITIAL_FORMS": "0",
        "goals-0-owner": "family",
        "goals-0-text": "家族：息子が笑顔で過ごせるように",
        "goals-1-owner": "person",
        "goals-1-text": "本人：週に一度は外に出たい",
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-0-what": "月2回の訪問",
        "actions-0-responsible": f"u{world.user(Role.COUNSELLOR).pk}",
        "actions-0-due_on": "令和8年6月30日",
        "actions-1-what": "",
        "actions-1-responsible": "",
        "actions-1-due_on": "",
    }
    data.update(overrides)
    return data


# Roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.CONTRACTED_COUNSELLOR, Role.SUPERVISOR])
def test_casework_roles_create_a_plan_with_the_persons_goal_first(world, login, role):
    client = login(world.user(role))
    case = world.home.case
    assert client.get(reverse("plan-list", args=[case.pk])).status_code == 200
    client.post(reverse("plan-new", args=[case.pk]))
    plan = SupportPlan.objects.in_municipality(case.municipality_id).get(case=case)
    assert plan.status == VersionStatus.DRAFT and plan.number == 1
    assert client.get(reverse("plan-edit", args=[plan.pk])).status_code == 200
    response = client.post(reverse("plan-edit", args=[plan.pk]), form_data(world))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert goals_of(plan) == [
        ("person", "本人：週に一度は外に出たい"),
        ("family", "家族：息子が笑顔で過ごせるように"),
    ]
    [action] = actions_of(plan)
    assert action.responsible_user == world.user(Role.COUNSELLOR)
    assert action.due_on == datetime.date(2026, 6, 30)
    plan.refresh_from_db()
    assert plan.review_on == datetime.date(2026, 7, 20) and plan.person_agreed
    body = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert body.index("週に一度は外に出たい") < body.index("息子が笑顔で")
    assert "月2回の訪問" in body and "令和8年7月20日" in body


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.RECEPTION])
def test_agency_and_reception_never_see_a_plan(world, login, role):
    plan = make_plan(world.home.case)
    client = login(world.user(role))
    for url in (
        reverse("plan-list", args=[world.home.case.pk]),
        reverse("plan-detail", args=[plan.pk]),
        reverse("plan-edit", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("plan-new", args=[world.home.case.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        start_plan(world.user(role), world.home.case)


def test_another_municipality_never(world, login):
    plan = make_plan(world.home.case)
    client = login(world.away.users[Role.SUPERVISOR])
    assert client.get(reverse("plan-detail", args=[plan.pk])).status_code == 404
    assert client.post(reverse("plan-new", args=[world.home.case.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        start_plan(world.away.users[Role.SUPERVISOR], world.home.case)


# Versions ---------------------------------------------------------------------------------


def test_new_version_copies_goals_and_actions_and_frozen_versions_stay(world):
    counsellor = world.user(Role.COUNSELLOR)
    approved_assessment = make_assessment(world.home.case)
    first = start_plan(counsellor, world.home.case)
    assert first.assessment == approved_assessment
    save_plan(
        counsellor,
        first,
        made_on=datetime.date(2026, 4, 20),
        review_on=datetime.date(2026, 7, 20),
        goals=[GoalIn("supporters", "生活リズムを整える"), GoalIn("person", "外に出たい")],
        actions=[ActionIn("訪問", responsible_organization=world.home.contractor)],
    )
    with pytest.raises(ValidationError, match="下書き"):
        start_plan(counsellor, world.home.case)
    set_status(first, VersionStatus.APPROVED)
    second = start_plan(counsellor, world.home.case)
    assert second.number == 2 and second.review_on == datetime.date(2026, 7, 20)
    assert (
        goals_of(second)
        == goals_of(first)
        == [
            ("person", "外に出たい"),
            ("supporters", "生活リズムを整える"),
        ]
    )
    assert [a.responsible_organization for a in actions_of(second)] == [world.home.contractor]
    with pytest.raises(FrozenVersionError):
        save_plan(counsellor, first, made_on="2026-04-20", review_on="2026-07-20")
    goal = PlanGoal.objects.in_municipality(first.municipality_id).filter(plan=first).first()
    goal.text = "書き換え"
    with pytest.raises(FrozenVersionError):
        goal.save()
    # editing the new draft does not touch the approved version's rows
    save_plan(counsellor, second, made_on="2026-04-21", review_on="2026-08-01", goals=[])
    assert goals_of(second) == [] and len(goals_of(first)) == 2


# Hostile input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"review_on": "令和8年4月1日"}, "作成日以降"),
        ({"review_on": ""}, "見直し予定日を入力してください"),
        ({"made_on": "2099-01-01"}, "日付"),
        ({"goals-0-owner": "mother-in-law"}, "選べない値"),
        ({"goals-1-text": "\x00"}, "使用できない文字"),
        ({"actions-0-responsible": "u999999"}, "選べない値"),
        ({"actions-0-responsible": "x; drop table"}, "選べない値"),
        ({"actions-0-responsible": ""}, "担当する職員か機関を選んでください"),
        ({"actions-0-what": ""}, "支援の内容を入力してください"),
        ({"actions-0-due_on": "令和百年"}, ""),
        ({"goals-TOTAL_FORMS": "100000"}, ""),
        ({"actions-TOTAL_FORMS": "abc"}, ""),
    ],
)
def test_hostile_input_gives_form_errors(world, login, overrides, message):
    counsellor = world.user(Role.COUNSELLOR)
    plan = start_plan(counsellor, world.home.case)
    client = login(counsellor)
    response = client.post(reverse("plan-edit", args=[plan.pk]), form_data(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert goals_of(plan) == [] and actions_of(plan) == []


def test_service_refuses_staff_and_organizations_of_elsewhere(world):
    counsellor = world.user(Role.COUNSELLOR)
    plan = start_plan(counsellor, world.home.case)
    dates = {"made_on": "2026-04-20", "review_on": "2026-07-20"}
    for action in (
        ActionIn("訪問", responsible_user=world.away.users[Role.COUNSELLOR]),
        ActionIn("訪問", responsible_user=world.user(Role.PUBLICITY)),
        ActionIn("訪問", responsible_organization=world.away.agency),
        ActionIn("訪問"),
        ActionIn("訪問", responsible_user=counsellor, responsible_organization=world.home.agency),
    ):
        with pytest.raises(ValidationError) as error:
            save_plan(counsellor, plan, **dates, actions=[action])
        assert "actions-0-responsible" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        save_plan(counsellor, plan, **dates, goals=[GoalIn("person", "")])
    assert "goals-0-text" in error.value.message_dict
    assert goals_of(plan) == [] and actions_of(plan) == []


# Dashboard reminders ----------------------------------------------------------------------

MORNING = datetime.datetime(2026, 3, 31, 23, 59, tzinfo=datetime.UTC)  # 2026-04-01 08:59 JST


def test_review_reminders_use_the_local_date(world, login):
    counsellor = world.user(Role.COUNSELLOR)
    case = world.home.case  # at the counsellor's window
    # 2026-04-15 is 14 days after the local date (4/1); the UTC date (3/31) would say 15
    due_soon = make_plan(case, review_on=datetime.date(2026, 4, 15))
    with time_machine.travel(MORNING, tick=False):
        assert list(plans_to_review(counsellor)) == [due_soon]
        client = login(counsellor)
        body = client.get(reverse("dashboard")).content.decode()
    assert "見直しの時期が来た支援計画（1）" in body and "令和8年4月15日" in body
    assert "期限切れ" not in body.split("plan_reviews-h")[1].split("</section>")[0]
    with time_machine.travel(MORNING - datetime.timedelta(days=1), tick=False):
        assert list(plans_to_review(counsellor)) == []  # local 3/31: 15 days ahead


def test_review_reminders_newest_version_overdue_and_whose(world, login):
    # after the world was built (its grants start now): the contracted counsellor's is active
    counsellor = world.user(Role.COUNSELLOR)
    case = world.home.case
    # dates from today (the world's grants start at the real now, so the travel goes forward)
    today = timezone.localdate()
    first, second = today + datetime.timedelta(days=34), today + datetime.timedelta(days=39)
    make_plan(case, review_on=first)
    newest = make_plan(case, number=2, review_on=second)
    make_plan(world.home.other_case, review_on=first)  # another window
    make_plan(world.away.case, review_on=first)
    later = today + datetime.timedelta(days=49)  # both reviews overdue
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(later, datetime.time(12)))
    ):
        assert list(plans_to_review(counsellor)) == [newest]
        body = login(counsellor).get(reverse("dashboard")).content.decode()
        assert "期限切れ" in body and "支援計画 第2版" in body
        # the supervisor leads none of them; the contracted counsellor holds the grant
        assert list(plans_to_review(world.user(Role.SUPERVISOR))) == []
        assert list(plans_to_review(world.user(Role.CONTRACTED_COUNSELLOR))) == [newest]
        assert list(plans_to_review(world.user(Role.AGENCY_STAFF))) == []
        Case.objects.in_municipality(case.municipality_id).filter(pk=case.pk).update(
            lead_worker=world.user(Role.SUPERVISOR)
        )
        assert list(plans_to_review(world.user(Role.SUPERVISOR))) == [newest]
        Case.objects.in_municipality(case.municipality_id).filter(pk=case.pk).update(
            status=Case.Status.CLOSED
        )
        assert list(plans_to_review(counsellor)) == []


# Query counts -------------------------------------------------------------------------------


def test_pages_have_a_fixed_query_count(world, login, django_assert_max_num_queries):
    case = world.home.case
    staff = world.user(Role.COUNSELLOR)
    for number in range(1, 5):
        make_plan(
            case,
            number=number,
            goals=[("person", f"目標{i}") for i in range(8)],
            responsible=staff,
        )
    draft = start_plan(staff, case)
    client = login(staff)
    for url in (
        reverse("plan-list", args=[case.pk]),
        reverse("plan-detail", args=[draft.pk]),
        reverse("plan-edit", args=[draft.pk]),
    ):
        client.get(url)
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url
    assert GoalOwner.PERSON
