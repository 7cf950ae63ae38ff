"""Who may log in (tsunagu.accounts.login_rules): demo accounts only in demo mode, with the web
login, an open session and the demo data commands."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.demo.data_staff import DEMO_PASSWORD

from .conftest import LOGIN_URL, logged_in_user_id, password_login

DEMO_REFUSED = "デモ用のアカウントです。デモモードではないこのサイトにはログインできません。"


def demo_account(world, role=Role.COUNSELLOR):
    user = world.user(role)
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    return user


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.PUBLICITY])
def test_a_demo_account_cannot_log_in_when_demo_mode_is_off(client, world, settings, role):
    settings.TSUNAGU_DEMO_MODE = False
    user = demo_account(world, role)
    response = password_login(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert logged_in_user_id(client) is None
    page = client.get(LOGIN_URL)
    assert DEMO_REFUSED in page.content.decode()
    assert client.get("/staff/")["Location"].startswith(LOGIN_URL)
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (event.actor_username, event.extra["reason"]) == (user.username, "demo_account")
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_a_demo_account_logs_in_without_totp_in_demo_mode(client, world, settings):
    settings.TSUNAGU_DEMO_MODE = True
    user = demo_account(world)
    assert password_login(client, user.username)["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_an_open_demo_session_ends_when_demo_mode_is_off(client, world, settings):
    """Sessions live in the database: a restart without demo mode must not keep them."""
    settings.TSUNAGU_DEMO_MODE = True
    user = demo_account(world)
    password_login(client, user.username)
    assert client.get("/staff/").status_code == 200
    settings.TSUNAGU_DEMO_MODE = False
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert logged_in_user_id(client) is None
    assert DEMO_REFUSED in client.get(LOGIN_URL).content.decode()


def test_loaded_demo_accounts_are_refused_outside_demo_mode(settings, db):
    settings.TSUNAGU_DEMO_MODE = False
    call_command("load-demo", stdout=StringIO())
    client = Client()
    response = password_login(client, "demo-counsellor", DEMO_PASSWORD)
    assert response["Location"] == LOGIN_URL
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_load_demo_refuses_production_settings(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "tsunagu.settings.production")
    with pytest.raises(CommandError, match="本番設定（TSUNAGU_ENV=production）ではデモデータ"):
        call_command("load-demo")


@pytest.mark.django_db
def test_load_demo_refuses_when_production_settings_are_loaded(settings):
    settings.TSUNAGU_PRODUCTION = True
    with pytest.raises(CommandError, match="本番設定"):
        call_command("load-demo")
    with pytest.raises(CommandError, match="本番設定"):
        call_command("demo", "--no-serve")


def test_the_per_request_check_gives_the_same_answer_as_the_login_rule(world, settings):
    """request_refusal (every request: memberships and TOTP in one query) against
    login_refusal, for every role with and without TOTP, a superuser without memberships, an
    inactive and a demo account."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from tsunagu.accounts.login_rules import login_refusal, request_refusal
    from tsunagu.accounts.models import User
    from tsunagu.testing.world import TOTP_SECRET

    settings.TSUNAGU_DEMO_MODE = False
    root = User.objects.create(username="root-no-membership", is_superuser=True)
    inactive = world.user(Role.RECEPTION)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    users = [*(world.user(r) for r in Role.values if r != Role.RECEPTION), root, inactive]
    users.append(demo_account(world, Role.SUPERVISOR))
    answers = set()
    for enrolled in (False, True):
        for user in users:
            if enrolled and not Authenticator.objects.filter(user=user).exists():
                TOTP.activate(user, TOTP_SECRET)
            fresh = User.objects.get(pk=user.pk)
            expected = login_refusal(User.objects.get(pk=user.pk))
            assert request_refusal(fresh) == expected, (user.username, enrolled)
            answers.add(expected)
    assert len(answers) == 4  # none, inactive, demo account, TOTP missing: all were compared
