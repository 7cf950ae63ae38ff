"""The API endpoints /api/v1/persons (POST, GET ?q=), /api/v1/persons/match and /staff/search/."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.people.models import Person
from tsunagu.testing.api import field_errors, issue_test_token


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_test_token(user, name='test')[1]}"}


NEW = {
    "family_name": "齋藤",
    "given_name": "学",
    "family_name_kana": "さいとう",
    "given_name_kana": "まなぶ",
    "birth_date": "昭和60年4月1日",
    "phone": "090-1234-5678",
    "address": "八王子市元本郷町3-24-1",
}


def post(client, url, data, user):
    return client.post(url, data, content_type="application/json", **bearer(user))


def test_create_search_and_match(world, client):
    sup = world.user(Role.SUPERVISOR)
    response = post(client, "/api/v1/persons", NEW, sup)
    assert response.status_code == 201, response.content
    person = Person.objects.unscoped("test").get(pk=response.json()["id"])
    assert person.family_name_kana == "サイトウ" and person.phone == "+819012345678"
    assert str(person.birth_date) == "1985-04-01"
    assert person.municipality == world.home.municipality

    data = client.get("/api/v1/persons", {"q": "ｻｲﾄｳ"}, **bearer(sup)).json()
    assert data["has_more"] is False
    assert [(i["id"], i["family_name"], i["municipality_code"]) for i in data["items"]] == [
        (person.pk, "齋藤", "132012")
    ]
    match = post(
        client, "/api/v1/persons/match", {"family_name": "斎藤", "birth_date": "S60.4.1"}, sup
    ).json()
    first = match["candidates"][0]
    assert first["id"] == person.pk and first["score"] > 50
    assert "生年月日が一致" in first["reasons"]


def test_create_validation_errors_in_japanese(world, client):
    sup = world.user(Role.SUPERVISOR)
    response = post(
        client,
        "/api/v1/persons",
        {"family_name_kana": "yamada", "birth_date": "平成32年1月1日", "phone": "12"},
        sup,
    )
    errors = field_errors(response)
    assert set(errors) == {"family_name_kana", "birth_date", "phone"}
    assert "フリガナ" in errors["family_name_kana"][0]
    assert field_errors(post(client, "/api/v1/persons", {}, sup)) == {
        "family_name": ["姓・名・フリガナのいずれかを入力してください。"]
    }


def test_create_in_another_municipality_is_refused(world, client):
    sup = world.user(Role.SUPERVISOR)
    response = post(client, "/api/v1/persons", {**NEW, "municipality_code": "132098"}, sup)
    assert response.status_code == 403
    commissioner = world.user(Role.WELFARE_COMMISSIONER)
    assert post(client, "/api/v1/persons", NEW, commissioner).status_code == 403


def test_other_municipality_never_appears(world, client):
    sup = world.user(Role.SUPERVISOR)
    assert client.get("/api/v1/persons", {"q": "漏洩"}, **bearer(sup)).json()["items"] == []
    match = post(
        client, "/api/v1/persons/match", {"family_name": "漏洩検知", "given_name": "町田"}, sup
    ).json()
    assert match == {"candidates": []}
    refused = post(
        client,
        "/api/v1/persons/match",
        {"family_name": "漏洩検知", "municipality_code": "132098"},
        sup,
    )
    assert refused.status_code == 403
    away = world.away.users[Role.SUPERVISOR]
    assert client.get("/api/v1/persons", {"q": "漏洩"}, **bearer(away)).json()["items"]


def test_roles_without_person_access(world, client):
    publicity = world.user(Role.PUBLICITY)
    assert client.get("/api/v1/persons", {"q": "山田"}, **bearer(publicity)).status_code == 403
    assert (
        post(client, "/api/v1/persons/match", {"family_name": "山田"}, publicity).status_code == 403
    )
    assert client.get("/api/v1/persons", {"q": "山田"}).status_code == 401


def test_existing_person_endpoint_still_works(world, client):
    sup = world.user(Role.SUPERVISOR)
    assert client.get(f"/api/v1/persons/{world.home.person.pk}", **bearer(sup)).status_code == 200
    assert client.get(f"/api/v1/persons/{world.away.person.pk}", **bearer(sup)).status_code == 404
    doc = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/persons", "/api/v1/persons/match", "/api/v1/persons/{person_id}"} <= set(doc)


def login(client, user):
    client.force_login(user)  # world users have TOTP (RequireMFAMiddleware)


@pytest.fixture
def staff(world, client):
    login(client, world.user(Role.SUPERVISOR))
    return client


def test_page_get_shows_the_box(staff):
    response = staff.get("/staff/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_page_post_htmx_partial(world, staff, django_assert_max_num_queries):
    for i in range(15):
        Person.objects.create(
            municipality=world.home.municipality,
            family_name="山田",
            given_name=f"{i}郎",
            family_name_kana="ヤマダ",
        )
    with django_assert_max_num_queries(14):  # constant: session, memberships, page, audit
        response = staff.post("/staff/search/", {"q": "やまだ"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and body.count("<tr>") == 17  # header + 16 persons
    assert "漏洩" not in body
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).last()
    assert event.extra["hits"] == 16 and "やまだ" not in event.canonical()


def test_page_post_full_page_and_get_never_searches(staff):
    assert "山田 太郎" in staff.post("/staff/search/", {"q": "山田"}).content.decode()
    assert "山田 太郎" not in staff.get("/staff/search/", {"q": "山田"}).content.decode()


@pytest.mark.parametrize("role", [Role.WELFARE_COMMISSIONER, Role.PUBLICITY])
def test_page_refused_without_person_access(world, client, role):
    login(client, world.user(role))
    assert client.get("/staff/search/").status_code == 403
    assert client.post("/staff/search/", {"q": "山田"}).status_code == 403
