"""Every navigation link a role is shown leads to a page that role may open."""

import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.web.navigation import staff_nav


@pytest.fixture
def demo_login(settings, world):
    settings.TSUNAGU_DEMO_MODE = True

    def client_for(role: str) -> Client:
        user = world.user(role)
        user.is_demo = True
        user.save(update_fields=["is_demo"])
        client = Client()
        client.force_login(user)
        return client

    return client_for


@pytest.mark.parametrize("role", list(Role.values))
def test_every_nav_link_opens_for_its_role(world, demo_login, role):
    user = world.user(role)
    client = demo_login(role)
    items = staff_nav(user, "/staff/")
    assert items[0]["url"] == "/staff/"
    for item in items:
        response = client.get(item["url"], follow=True)
        assert response.status_code == 200, (role, item["label"], item["url"])


def test_caseworkers_see_their_working_pages(world):
    labels = [str(i["label"]) for i in staff_nav(world.user(Role.COUNSELLOR), "/staff/")]
    for label in ("ダッシュボード", "受付", "本人検索", "ケース一覧", "引き継ぎ"):
        assert label in labels
    commissioner = [str(i["label"]) for i in staff_nav(world.user(Role.WELFARE_COMMISSIONER), "/")]
    assert "気になる方の連絡" in commissioner and "ケース一覧" not in commissioner
