"""`tsunagu create-api-token` and `tsunagu revoke-api-token`."""

import datetime
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from tsunagu.accounts.models import ApiToken, User
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.api import issue_test_token
from tsunagu.testing.world import TOTP_SECRET


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def me(raw: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def enrolled(user: User) -> User:
    TOTP.activate(user, TOTP_SECRET)
    return user


def test_the_token_commands_belong_to_the_accounts_app():
    commands = get_commands()
    assert commands["create-api-token"] == "tsunagu.accounts"
    assert commands["revoke-api-token"] == "tsunagu.accounts"


def test_create_api_token_prints_only_a_working_token(world, clock):
    user = enrolled(world.user(Role.SUPERVISOR))
    out = run("create-api-token", user.username, "--name", "集計連携", "--days", "7")
    assert out.endswith("\n") and out.count("\n") == 1
    raw = out.strip()
    assert raw.startswith(ApiToken.PREFIX)
    assert me(raw) == 200
    token = ApiToken.objects.get(user=user)
    assert token.name == "集計連携"
    assert token.expires_at == timezone.now() + datetime.timedelta(days=7)
    event = AuditEvent.objects.get(object_type="accounts.apitoken", action=AuditAction.CREATE)
    assert (event.actor_id, event.extra["via"]) == (None, "command")


def test_create_api_token_needs_a_name(world):
    user = enrolled(world.user(Role.SUPERVISOR))
    with pytest.raises(CommandError, match="--name"):
        run("create-api-token", user.username)
    with pytest.raises(CommandError, match="名前（用途）：入力してください"):
        run("create-api-token", user.username, "--name", " ")
    assert not ApiToken.objects.exists()


def test_create_api_token_refuses_a_term_over_the_limit(world, settings):
    settings.TSUNAGU_API_TOKEN_DAYS = 90
    user = enrolled(world.user(Role.SUPERVISOR))
    with pytest.raises(CommandError, match="1日から90日まで"):
        run("create-api-token", user.username, "--name", "集計連携", "--days", "365")
    assert not ApiToken.objects.exists()


def test_create_api_token_refuses_a_user_who_may_not_log_in(world, settings):
    settings.TSUNAGU_DEMO_MODE = False
    counsellor = world.user(Role.COUNSELLOR)  # no TOTP
    with pytest.raises(CommandError, match="二要素認証の設定が必要です"):
        run("create-api-token", counsellor.username, "--name", "集計連携")
    demo = enrolled(world.user(Role.SUPERVISOR))
    demo.is_demo = True
    demo.save(update_fields=["is_demo"])
    with pytest.raises(CommandError, match="デモ用のアカウントです"):
        run("create-api-token", demo.username, "--name", "集計連携")
    disabled = enrolled(world.user(Role.RECEPTION))
    disabled.is_active = False
    disabled.save()
    with pytest.raises(CommandError, match="無効"):
        run("create-api-token", disabled.username, "--name", "集計連携")
    with pytest.raises(CommandError, match="nobody"):
        run("create-api-token", "nobody", "--name", "集計連携")
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(
        object_type="accounts.apitoken", action=AuditAction.CREATE
    ).exists()


def test_revoke_api_token_by_id(world):
    token, raw = issue_test_token(enrolled(world.user(Role.SUPERVISOR)), name="集計連携")
    assert run("revoke-api-token", "--id", str(token.pk)).startswith(
        f"APIトークン {token.pk}（集計連携）を失効させました。"
    )
    assert me(raw) == 401
    assert "すでに失効" in run("revoke-api-token", "--id", str(token.pk))
    assert (
        AuditEvent.objects.filter(
            object_type="accounts.apitoken",
            action=AuditAction.UPDATE,
            changed_fields=["revoked_at"],
        ).count()
        == 1
    )
    with pytest.raises(CommandError, match="987654"):
        run("revoke-api-token", "--id", "987654")


def test_revoke_api_token_all_of_a_user(world):
    user = enrolled(world.user(Role.SUPERVISOR))
    raws = [issue_test_token(user, name=f"連携{i}")[1] for i in range(3)]
    _, other = issue_test_token(world.user(Role.PUBLICITY), name="広報")
    out = run("revoke-api-token", "--user", user.username, "--all")
    assert out.strip() == f"{user.username} のAPIトークン 3 件を失効させました。"
    assert [me(raw) for raw in raws] == [401] * 3
    assert me(other) == 200
    events = AuditEvent.objects.filter(
        object_type="accounts.apitoken", action=AuditAction.UPDATE, changed_fields=["revoked_at"]
    )
    assert {e.extra["via"] for e in events} == {"command"} and events.count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--id"),
        (("--user", "home_supervisor"), "--all"),
        (("--id", "1", "--all"), "--all は --user と一緒に"),
        (("--user", "nobody", "--all"), "nobody"),
    ],
)
def test_revoke_api_token_explains_wrong_arguments(world, args, message):
    with pytest.raises(CommandError, match=message):
        run("revoke-api-token", *args)
