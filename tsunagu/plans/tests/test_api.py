import pytest

from tsunagu.accounts.roles import Role
from tsunagu.plans.models import SupportPlan
from tsunagu.testing.api import bearer, field_errors
from tsunagu.testing.plans import make_plan


def payload(world, **overrides):
    data = {
        "made_on": "2026-04-20",
        "review_on": "令和8年7月20日",
        "direction": "外出の機会を増やす",
        "person_agreed": True,
        "goals": [
            {"owner": "supporters", "text": "生活リズムを整える"},
            {"owner": "person", "text": "週に一度外に出たい"},
        ],
        "actions": [
            {
                "what": "月2回の訪問",
                "responsible_user_id": world.user(Role.COUNSELLOR).pk,
                "due_on": "2026-06-30",
            },
            {"what": "就労体験の紹介", "responsible_organization_id": world.home.agency.pk},
        ],
    }
    data.update(overrides)
    return data


def post(client, case, user, data):
    return client.post(
        f"/api/v1/cases/{case.pk}/plans", data, content_type="application/json", **bearer(user)
    )


def test_create_and_read_with_the_persons_goal_first(world, client):
    user = world.user(Role.COUNSELLOR)
    response = post(client, world.home.case, user, payload(world))
    assert response.status_code == 201, response.content
    plan = client.get(f"/api/v1/plans/{response.json()['id']}", **bearer(user)).json()
    assert [g["owner"] for g in plan["goals"]] == ["person", "supporters"]
    assert plan["review_on"] == "2026-07-20" and plan["person_agreed"] is True
    assert plan["actions"][1]["responsible"] == world.home.agency.name
    listed = client.get(f"/api/v1/cases/{world.home.case.pk}/plans", **bearer(user)).json()
    assert [i["number"] for i in listed["items"]] == [1]


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.RECEPTION])
def test_roles_without_plans_get_404(world, client, role):
    plan = make_plan(world.home.case)
    user = world.user(role)
    assert client.get(f"/api/v1/plans/{plan.pk}", **bearer(user)).status_code == 404
    assert post(client, world.home.case, user, payload(world)).status_code == 404


def test_another_municipality_gets_404(world, client):
    plan = make_plan(world.home.case)
    away = world.away.users[Role.SUPERVISOR]
    assert client.get(f"/api/v1/plans/{plan.pk}", **bearer(away)).status_code == 404
    assert post(client, world.home.case, away, payload(world)).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"review_on": "2026-04-01"}, "review_on"),
        ({"made_on": "0000-00-00"}, "made_on"),
        ({"goals": [{"owner": "boss", "text": "x"}]}, "goals.0.owner"),
        ({"goals": [{"owner": "person", "text": ""}]}, "goals.0.text"),
        ({"actions": [{"what": "訪問"}]}, "actions-0-responsible"),
        (
            {"actions": [{"what": "訪問", "responsible_user_id": 10**30}]},
            "actions.0.responsible_user_id",
        ),
        (
            {"actions": [{"what": "訪問", "responsible_organization_id": 987654}]},
            "actions-0-responsible",
        ),
        ({"goals": [{"owner": "person", "text": "x"}] * 21}, "goals"),
    ],
)
def test_hostile_input_is_422_and_stores_nothing(world, client, overrides, field):
    response = post(
        client, world.home.case, world.user(Role.COUNSELLOR), payload(world, **overrides)
    )
    assert field in field_errors(response), field_errors(response)
    assert not SupportPlan.objects.unscoped("test").exists()


def test_responsible_of_another_municipality_is_refused(world, client):
    data = payload(
        world,
        actions=[{"what": "訪問", "responsible_organization_id": world.away.agency.pk}],
    )
    response = post(client, world.home.case, world.user(Role.COUNSELLOR), data)
    assert "actions-0-responsible" in field_errors(response)
