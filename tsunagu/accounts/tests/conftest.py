"""Fixtures for the account security tests: a clean cache (rate limits, used TOTP codes live
there), frozen time at the start of a TOTP period, and logging in through the real pages."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from tsunagu.accounts.models import User
from tsunagu.testing.world import PASSWORD, World, build_world

from .otp import totp

# 2026-12-01 10:00:00 JST: a multiple of 30 s, so a test has a whole TOTP period to work in.
START = datetime.datetime(2026, 12, 1, 1, 0, 0, tzinfo=datetime.UTC)
LOGIN_URL = "/accounts/login/"
MFA_AUTHENTICATE_URL = "/accounts/2fa/authenticate/"
ACTIVATE_URL = "/accounts/2fa/totp/activate/"
RECOVERY_CODES_URL = "/accounts/2fa/recovery-codes/"
REAUTHENTICATE_URL = "/accounts/reauthenticate/"


@pytest.fixture
def world(db) -> World:
    """The test world without TOTP authenticators: these tests enrol them through the pages."""
    return build_world(totp=False)


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    """Frozen time; move it with clock.shift(seconds)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def password_login(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": username, "password": password}, **extra)


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def enrol_totp(client: Client) -> str:
    """Activate TOTP through allauth's page for the logged-in user; returns the secret."""
    reauthenticate(client)
    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200, page
    secret = page.context["form"].secret
    response = client.post(ACTIVATE_URL, {"code": totp(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def reauthenticate(client: Client, password: str = PASSWORD):
    """allauth asks for the password again before an authenticator is added."""
    response = client.post(REAUTHENTICATE_URL, {"password": password})
    assert response.status_code == 302, response
    return response


def recovery_codes(client: Client) -> list[str]:
    page = client.get(RECOVERY_CODES_URL)
    if page.status_code == 302 and page["Location"].startswith(REAUTHENTICATE_URL):
        reauthenticate(client)
        page = client.get(RECOVERY_CODES_URL)
    assert page.status_code == 200
    return list(page.context["unused_codes"])


def login_with_totp(client: Client, user: User, secret: str, clock) -> None:
    """Password, then a fresh TOTP code (the previous period's code may be spent)."""
    clock.shift(30)
    response = password_login(client, user.username)
    assert response["Location"] == MFA_AUTHENTICATE_URL
    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp(secret)})
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


def inline_csp_violations(html: str) -> list[str]:
    """Markup a CSP without 'unsafe-inline' blocks: style attributes, inline event handlers,
    inline scripts without a nonce (JSON data blocks are not executed and are allowed)."""
    problems = re.findall(r"<[^>]*\sstyle\s*=[^>]*>", html)
    problems += re.findall(r"<[^>]*\son[a-z]+\s*=[^>]*>", html)
    problems += re.findall(r"<style\b[^>]*>", html)
    for tag in re.findall(r"<script\b[^>]*>", html):
        if "src=" in tag or "nonce=" in tag or "application/json" in tag:
            continue
        problems.append(tag)
    return problems
