from tsunagu.accounts.roles import Role
from tsunagu.testing.api import issue_test_token


def get(client, user, **params):
    token = issue_test_token(user)[1]
    return client.get("/api/v1/routing/suggestions", params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_suggestions_api(client, world):
    code = world.home.municipality.code
    response = get(client, world.user(Role.RECEPTION), municipality_code=code, age=12)
    assert response.status_code == 200
    data = response.json()
    assert [i["window_id"] for i in data["items"]] == [
        world.home.other_window.pk,
        world.home.window.pk,
    ]
    assert data["items"][0]["reason"].startswith("18歳未満のため")
    data = get(client, world.user(Role.RECEPTION), municipality_code=code).json()
    assert [i["window_id"] for i in data["items"]] == [world.home.window.pk]
    assert data["notes"]


def test_suggestions_api_permissions(client, world):
    away = world.away.municipality.code
    assert get(client, world.user(Role.RECEPTION), municipality_code=away).status_code == 404
    assert get(client, world.user(Role.RECEPTION), municipality_code="999999").status_code == 404
    home = world.home.municipality.code
    assert get(client, world.user(Role.PUBLICITY), municipality_code=home).status_code == 403
