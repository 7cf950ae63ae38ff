"""The API token pages: a user's own tokens (issue, shown once, revoke) and the administrator's
page for the staff of their municipality."""

import re

from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from tsunagu.accounts.models import ApiToken
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.api import issue_test_token
from tsunagu.testing.world import TOTP_SECRET

from .conftest import ACTIVATE_URL

PAGE = "/staff/api-tokens/"
MANAGED = "/staff/api-tokens/staff/"


def staff(user) -> Client:
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    return client


def me(raw: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def test_the_account_menu_links_to_the_page(world):
    client = staff(world.user(Role.COUNSELLOR))
    assert f'href="{PAGE}"' in client.get("/staff/").content.decode()


def test_a_user_issues_a_token_that_is_shown_once(world):
    user = world.user(Role.COUNSELLOR)
    client = staff(user)
    assert client.get(PAGE).status_code == 200
    response = client.post(PAGE, {"name": "集計連携", "days": "30"})
    assert response.status_code == 200
    html = response.content.decode()
    raw = re.search(r'<code[^>]*id="issued-token"[^>]*>(tsu_[^<]+)</code>', html).group(1)
    assert "今だけ表示されます" in html
    assert me(raw) == 200
    assert response["Cache-Control"] == "no-store"

    listing = client.get(PAGE).content.decode()
    assert raw not in listing
    assert "集計連携" in listing and "有効" in listing
    token = ApiToken.objects.get(user=user)
    assert (token.expires_at - token.created_at).days == 30
    created = AuditEvent.objects.get(object_type="accounts.apitoken", action=AuditAction.CREATE)
    assert (created.actor_id, created.extra["via"]) == (user.pk, "page")


def test_the_form_asks_for_a_name_and_a_term_within_the_limit(world, settings):
    settings.TSUNAGU_API_TOKEN_DAYS = 90
    client = staff(world.user(Role.COUNSELLOR))
    for data, message in (
        ({"name": "  ", "days": "30"}, "このフィールドは必須です。"),
        ({"name": "集計連携", "days": "91"}, "有効期間は90日以内にしてください。"),
        ({"name": "集計連携", "days": "0"}, "有効期間は1日以上にしてください。"),
        ({"name": "集計連携", "days": "abc"}, "整数を入力してください。"),
        ({"name": "集計\x00連携", "days": "30"}, "使用できない文字"),
        ({"name": "長" * 101, "days": "30"}, "100文字以内で入力してください"),
    ):
        response = client.post(PAGE, data)
        assert response.status_code == 422, data
        assert message in response.content.decode(), data
    assert not ApiToken.objects.exists()


def test_a_user_without_totp_must_enrol_before_the_page(world):
    client = Client()
    client.force_login(world.user(Role.COUNSELLOR))
    assert client.get(PAGE)["Location"] == ACTIVATE_URL
    assert client.post(PAGE, {"name": "集計連携", "days": "30"})["Location"] == ACTIVATE_URL
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_own_token_with_post_only(world):
    user = world.user(Role.COUNSELLOR)
    client = staff(user)
    token, raw = issue_test_token(user, name="集計連携")
    url = f"{PAGE}{token.pk}/revoke/"
    assert client.get(url).status_code == 405
    assert me(raw) == 200
    response = client.post(url, follow=True)
    assert "APIトークン「集計連携」を失効させました。" in response.content.decode()
    assert me(raw) == 401
    assert "失効" in client.get(PAGE).content.decode()
    event = AuditEvent.objects.get(
        object_type="accounts.apitoken", action=AuditAction.UPDATE, changed_fields=["revoked_at"]
    )
    assert (event.actor_id, event.object_id, event.extra["via"]) == (
        user.pk,
        str(token.pk),
        "page",
    )


def test_a_user_cannot_revoke_someone_elses_token(world):
    client = staff(world.user(Role.COUNSELLOR))
    other, raw = issue_test_token(staff_user(world, Role.SUPERVISOR), name="他人の")
    assert client.post(f"{PAGE}{other.pk}/revoke/").status_code == 404
    assert me(raw) == 200
    assert "他人の" not in client.get(PAGE).content.decode()


def staff_user(world, role):
    user = world.user(role)
    TOTP.activate(user, TOTP_SECRET)
    return user


def test_an_administrator_lists_and_revokes_tokens_of_their_municipality(world):
    admin = world.user(Role.MUNICIPALITY_ADMIN)
    client = staff(admin)
    home_token, home_raw = issue_test_token(staff_user(world, Role.COUNSELLOR), name="八王子の連携")
    away_user = world.away.users[Role.SUPERVISOR]
    TOTP.activate(away_user, TOTP_SECRET)
    away_token, away_raw = issue_test_token(away_user, name="町田の連携")

    assert f'href="{MANAGED}"' in client.get(PAGE).content.decode()
    page = client.get(MANAGED)
    assert page.status_code == 200
    html = page.content.decode()
    assert "八王子の連携" in html and world.user(Role.COUNSELLOR).username in html
    assert "町田の連携" not in html and away_user.username not in html

    assert client.post(f"{MANAGED}{away_token.pk}/revoke/").status_code == 404
    assert me(away_raw) == 200
    denied = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (denied.object_type, denied.object_id) == ("accounts.apitoken", str(away_token.pk))

    assert client.get(f"{MANAGED}{home_token.pk}/revoke/").status_code == 405
    assert client.post(f"{MANAGED}{home_token.pk}/revoke/").status_code == 302
    assert me(home_raw) == 401
    event = AuditEvent.objects.get(
        object_type="accounts.apitoken", action=AuditAction.UPDATE, changed_fields=["revoked_at"]
    )
    assert (event.actor_id, event.municipality_id, event.extra["via"]) == (
        admin.pk,
        world.home.municipality.pk,
        "admin",
    )


def test_the_administrator_page_is_403_without_manage_users(world):
    client = staff(world.user(Role.SUPERVISOR))
    _, raw = issue_test_token(world.user(Role.SUPERVISOR), name="自分の")
    token = ApiToken.objects.get()
    assert client.get(MANAGED).status_code == 403
    assert client.post(f"{MANAGED}{token.pk}/revoke/").status_code == 403
    assert f'href="{MANAGED}"' not in client.get(PAGE).content.decode()
    assert me(raw) == 200
