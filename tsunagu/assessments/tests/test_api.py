import pytest

from tsunagu.accounts.roles import Role
from tsunagu.assessments.models import Assessment, Domain
from tsunagu.assessments.versioning import VersionStatus
from tsunagu.testing.api import bearer, field_errors
from tsunagu.testing.assessments import make_assessment

PAYLOAD = {
    "assessed_on": "令和8年4月20日",
    "wishes": "絵の仕事がしたい",
    "goals": "図書館に行く",
    "ratings": [
        {"domain": "economy", "rating": "severe", "notes": "借金"},
        {"domain": "health", "rating": "mild"},
    ],
}


def post(client, case, user, payload=PAYLOAD):
    return client.post(
        f"/api/v1/cases/{case.pk}/assessments",
        payload,
        content_type="application/json",
        **bearer(user),
    )


def test_create_read_and_list(world, client):
    counsellor = world.user(Role.CONTRACTED_COUNSELLOR)
    response = post(client, world.home.case, counsellor)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["number"] == 1
    detail = client.get(f"/api/v1/assessments/{created['id']}", **bearer(counsellor)).json()
    assert detail["status"] == "draft" and detail["status_label"] == "下書き"
    assert detail["goals"] == "図書館に行く" and detail["assessed_on"] == "2026-04-20"
    ratings = {r["domain"]: r for r in detail["ratings"]}
    assert ratings["economy"]["rating_label"] == "重度" and ratings["safety"]["rating"] == "unknown"
    assert [r["domain"] for r in detail["ratings"]] == Domain.values
    items = client.get(
        f"/api/v1/cases/{world.home.case.pk}/assessments", **bearer(counsellor)
    ).json()["items"]
    assert [i["id"] for i in items] == [created["id"]]
    # a second version cannot start while the first is a draft
    assert "下書き" in str(field_errors(post(client, world.home.case, counsellor)))
    # the draft may be saved again; an approved version not
    response = client.put(
        f"/api/v1/assessments/{created['id']}",
        {**PAYLOAD, "goals": "直した"},
        content_type="application/json",
        **bearer(counsellor),
    )
    assert response.status_code == 200
    Assessment.objects.in_municipality(world.home.municipality).update(
        status=VersionStatus.APPROVED
    )
    response = client.put(
        f"/api/v1/assessments/{created['id']}",
        PAYLOAD,
        content_type="application/json",
        **bearer(counsellor),
    )
    assert "変更できません" in str(field_errors(response))


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.RECEPTION])
def test_roles_without_assessments_get_404(world, client, role):
    assessment = make_assessment(world.home.case)
    user = world.user(role)
    assert client.get(f"/api/v1/assessments/{assessment.pk}", **bearer(user)).status_code == 404
    assert (
        client.get(f"/api/v1/cases/{world.home.case.pk}/assessments", **bearer(user)).status_code
        == 404
    )
    assert post(client, world.home.case, user).status_code == 404


def test_another_municipality_gets_404(world, client):
    assessment = make_assessment(world.home.case)
    away = world.away.users[Role.SUPERVISOR]
    assert client.get(f"/api/v1/assessments/{assessment.pk}", **bearer(away)).status_code == 404
    assert post(client, world.home.case, away).status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**PAYLOAD, "assessed_on": "2099-01-01"}, "assessed_on"),
        ({**PAYLOAD, "assessed_on": "明日"}, "assessed_on"),
        ({k: v for k, v in PAYLOAD.items() if k != "assessed_on"}, "assessed_on"),
        ({**PAYLOAD, "wishes": "\u0000"}, "wishes"),
        ({**PAYLOAD, "ratings": [{"domain": "nope", "rating": "mild"}]}, "ratings.0.domain"),
        ({**PAYLOAD, "ratings": [{"domain": "health", "rating": "awful"}]}, "ratings.0.rating"),
        ({**PAYLOAD, "ratings": [{"domain": "health", "rating": "mild"}] * 2}, "ratings"),
        ({**PAYLOAD, "ratings": "health"}, "ratings"),
    ],
)
def test_hostile_input_is_422_and_stores_nothing(world, client, payload, field):
    response = post(client, world.home.case, world.user(Role.COUNSELLOR), payload)
    assert field in field_errors(response), field_errors(response)
    assert not Assessment.objects.unscoped("test").exists()
