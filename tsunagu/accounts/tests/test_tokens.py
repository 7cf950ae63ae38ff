"""API tokens follow the login rules: only an account that may log in holds a working token;
tokens expire; logging out everywhere and disabling the account revoke them; all audited."""

import datetime

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.api import issue_test_token
from tsunagu.testing.world import TOTP_SECRET

from .conftest import password_login


def enrolled(user):
    TOTP.activate(user, TOTP_SECRET)
    return user


def me(raw: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def test_a_token_of_a_user_without_totp_answers_401(world, settings):
    settings.TSUNAGU_DEMO_MODE = False
    user = enrolled(world.user(Role.COUNSELLOR))
    _, raw = issue_test_token(user, name="集計連携")
    assert me(raw) == 200
    Authenticator.objects.filter(user=user).delete()  # e.g. an administrator reset the TOTP
    assert me(raw) == 401


def test_a_token_is_checked_in_two_queries_on_every_request(world):
    """The token with its user, then the memberships with the TOTP enrolment: nothing about
    the token or the account is remembered between requests."""
    user = enrolled(world.user(Role.COUNSELLOR))
    _, raw = issue_test_token(user, name="集計連携")
    assert me(raw) == 200  # stamps "last used" (once a minute)
    with CaptureQueriesContext(connection) as ctx:
        assert me(raw) == 200
    tables = ("accounts_apitoken", "accounts_membership", "mfa_authenticator", "accounts_user")
    checks = [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in tables)]
    assert len(checks) == 2, checks
    assert "mfa_authenticator" in checks[1]


def test_a_role_without_two_factor_needs_no_totp_for_a_token(world):
    _, raw = issue_test_token(world.user(Role.PUBLICITY), name="広報連携")
    assert me(raw) == 200


def test_a_token_expires_after_90_days_by_default(world, clock):
    token, raw = issue_test_token(enrolled(world.user(Role.SUPERVISOR)), name="集計連携")
    assert token.expires_at == timezone.now() + datetime.timedelta(days=90)
    clock.shift(datetime.timedelta(days=90) - datetime.timedelta(minutes=1))
    assert me(raw) == 200
    clock.shift(datetime.timedelta(minutes=1))
    assert me(raw) == 401


def test_the_default_term_is_configurable(world, clock, settings):
    settings.TSUNAGU_API_TOKEN_DAYS = 30
    token, raw = issue_test_token(enrolled(world.user(Role.SUPERVISOR)), name="集計連携")
    assert token.expires_at == timezone.now() + datetime.timedelta(days=30)
    clock.shift(datetime.timedelta(days=30))
    assert me(raw) == 401


def test_a_demo_accounts_token_works_only_in_demo_mode(world, settings):
    settings.TSUNAGU_DEMO_MODE = True
    user = world.user(Role.COUNSELLOR)  # no TOTP: the demo exemption
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    _, raw = issue_test_token(user, name="デモ")
    assert me(raw) == 200
    settings.TSUNAGU_DEMO_MODE = False
    assert me(raw) == 401


def test_logging_out_everywhere_revokes_the_tokens(world):
    user = world.user(Role.PUBLICITY)
    _, first = issue_test_token(user, name="一つ目")
    _, second = issue_test_token(user, name="二つ目")
    client = Client()
    assert password_login(client, user.username).status_code == 302
    response = client.post("/accounts/logout-everywhere/", follow=True)
    assert "APIトークン 2 件を失効させました" in response.content.decode()
    assert (me(first), me(second)) == (401, 401)
    revoked = AuditEvent.objects.filter(
        object_type="accounts.apitoken", action=AuditAction.UPDATE, changed_fields=["revoked_at"]
    )
    assert [(e.actor_id, e.extra["via"]) for e in revoked] == [(user.pk, "logout_all")] * 2


def test_disabling_an_account_revokes_its_tokens_for_good(world):
    user = enrolled(world.user(Role.SUPERVISOR))
    token, raw = issue_test_token(user, name="集計連携")
    user.is_active = False
    user.save()
    assert me(raw) == 401
    user.is_active = True
    user.save()
    assert me(raw) == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(
        object_type="accounts.apitoken", action=AuditAction.UPDATE, changed_fields=["revoked_at"]
    )
    assert (event.object_id, event.extra["via"]) == (str(token.pk), "disabled")


def test_issuing_and_revoking_are_audited_without_the_token(world):
    user = enrolled(world.user(Role.SUPERVISOR))
    token, raw = issue_test_token(user, name="集計連携")
    created = AuditEvent.objects.get(object_type="accounts.apitoken", action=AuditAction.CREATE)
    assert (created.object_type, created.object_id) == ("accounts.apitoken", str(token.pk))
    assert created.municipality_id == world.home.municipality.pk
    assert created.extra["holder_id"] == user.pk
    everything = str([e.canonical() for e in AuditEvent.objects.all()])
    assert raw not in everything and token.token_hash not in everything
