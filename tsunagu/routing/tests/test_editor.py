"""The rule editor: only a 自治体管理者 of the municipality; foreign rules are 404."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.routing.models import RoutingRule
from tsunagu.testing.routing_concerns import login


@pytest.fixture
def admin(client, settings, world):
    return login(client, settings, world.user(Role.MUNICIPALITY_ADMIN))


def rules_url(world):
    return f"/staff/routing/{world.home.municipality.code}/"


def test_index_redirects_to_the_admins_municipality(admin, world):
    response = admin.get("/staff/routing/")
    assert response.status_code == 302
    assert response["Location"] == rules_url(world)


def test_list_and_try(admin, world, django_assert_max_num_queries):
    for i in range(10):
        RoutingRule.objects.create(
            municipality=world.home.municipality, window=world.home.window, priority=30 + i
        )
    with django_assert_max_num_queries(12):
        response = admin.get(rules_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "18歳未満" in body and world.home.other_window.name in body
    assert world.away.window.name not in body
    response = admin.get(rules_url(world), {"try": "1", "age": "12", "district": ""})
    body = response.content.decode()
    assert "18歳未満のため 八王子市子ども家庭支援センター" in body
    response = admin.get(rules_url(world), {"try": "1", "age": "abc"})
    assert "年齢は数字で入力してください" in response.content.decode()


def test_create_rule(admin, world):
    response = admin.post(
        rules_url(world) + "new/",
        {
            "priority": "15",
            "age_min": "18",
            "age_max": "39",
            "districts": "元本郷、台町",
            "topics": ["hikikomori"],
            "window": str(world.home.window.pk),
            "note": "若者向け",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    rule = RoutingRule.objects.get(note="若者向け")
    assert rule.municipality == world.home.municipality
    assert rule.district_names() == ["元本郷", "台町"] and rule.topics == ["hikikomori"]
    assert AuditEvent.objects.filter(object_type="routing.routingrule", object_id=str(rule.pk))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"age_min": "30", "age_max": "20"}, "対象年齢の上限は下限以上にしてください。"),
        ({"window": "AWAY"}, "窓口は同じ自治体のものを選んでください。"),
        ({"districts": "台町", "other_districts": "on"}, "同時に指定できません"),
        ({"age_min": "200"}, "年齢は0〜130の範囲で入力してください。"),
    ],
)
def test_create_rule_validation(admin, world, data, message):
    post = {"priority": "10", "window": str(world.home.window.pk), "is_active": "on", **data}
    if post["window"] == "AWAY":
        post["window"] = str(world.away.window.pk)
    before = RoutingRule.objects.count()
    response = admin.post(rules_url(world) + "new/", post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RoutingRule.objects.count() == before


def test_edit_and_delete(admin, world):
    rule = world.home.routing_rule
    response = admin.get(f"/staff/routing/rules/{rule.pk}/edit/")
    assert response.status_code == 200
    response = admin.post(
        f"/staff/routing/rules/{rule.pk}/edit/",
        {"priority": "99", "window": str(world.home.window.pk), "note": "変更"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.priority, rule.note, rule.is_active) == (99, "変更", False)
    assert admin.get(f"/staff/routing/rules/{rule.pk}/delete/").status_code == 200
    assert admin.post(f"/staff/routing/rules/{rule.pk}/delete/").status_code == 302
    assert not RoutingRule.objects.filter(pk=rule.pk).exists()


def test_foreign_rules_and_municipalities_are_404(admin, world):
    away_rule = world.away.routing_rule
    for url in (
        f"/staff/routing/rules/{away_rule.pk}/edit/",
        f"/staff/routing/rules/{away_rule.pk}/delete/",
        f"/staff/routing/{world.away.municipality.code}/",
        f"/staff/routing/{world.away.municipality.code}/new/",
    ):
        assert admin.get(url).status_code == 404, url
    assert admin.post(f"/staff/routing/rules/{away_rule.pk}/delete/").status_code == 404
    assert RoutingRule.objects.filter(pk=away_rule.pk).exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.MUNICIPALITY_ADMIN])
def test_only_the_municipality_admin_edits(client, settings, world, role):
    c = login(client, settings, world.user(role))
    assert c.get("/staff/routing/").status_code == 403
    assert c.get(rules_url(world)).status_code == 403
    assert c.get(rules_url(world) + "new/").status_code == 403
    rule = world.home.routing_rule
    assert c.get(f"/staff/routing/rules/{rule.pk}/edit/").status_code == 404
    assert c.post(f"/staff/routing/rules/{rule.pk}/delete/").status_code == 404
    assert RoutingRule.objects.filter(pk=rule.pk).exists()
