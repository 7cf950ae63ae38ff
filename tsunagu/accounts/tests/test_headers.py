"""7. CSRF on every POST; security headers on every page, including login and MFA pages."""

import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.testing.world import PASSWORD

from .conftest import (
    ACTIVATE_URL,
    LOGIN_URL,
    MFA_AUTHENTICATE_URL,
    RECOVERY_CODES_URL,
    enrol_totp,
    inline_csp_violations,
    password_login,
    reauthenticate,
)


def pages(world, clock) -> dict[str, tuple[Client, str]]:
    """Each page to check, with a client in the state the page needs."""
    anonymous = Client()

    publicity = Client()
    password_login(publicity, world.user(Role.PUBLICITY).username)

    enrolling = Client()  # a counsellor without TOTP, sent to the activation page
    password_login(enrolling, world.user(Role.COUNSELLOR).username)
    reauthenticate(enrolling)

    enrolled = Client()  # a supervisor with TOTP: recovery codes, then the second step
    supervisor = world.user(Role.SUPERVISOR)
    password_login(enrolled, supervisor.username)
    enrol_totp(enrolled)
    second_step = Client()
    password_login(second_step, supervisor.username)

    return {
        "public home": (anonymous, "/"),
        "login": (anonymous, LOGIN_URL),
        "signup (closed)": (anonymous, "/accounts/signup/"),
        "password reset": (anonymous, "/accounts/password/reset/"),
        "staff home": (publicity, "/staff/"),
        "password change": (publicity, "/accounts/password/change/"),
        "mfa index": (enrolling, "/accounts/2fa/"),
        "totp activation": (enrolling, ACTIVATE_URL),
        "recovery codes": (enrolled, RECOVERY_CODES_URL),
        "mfa authenticate": (second_step, MFA_AUTHENTICATE_URL),
        "reauthenticate": (publicity, "/accounts/reauthenticate/"),
        "logout": (publicity, "/accounts/logout/"),
    }


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_page_sends_the_security_headers(world, clock):
    for name, (client, url) in pages(world, clock).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response)
        csp = csp_directives(response)
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header, name
        assert "unsafe-eval" not in header, name
        assert csp["default-src"] == ["'self'"], name
        assert csp["frame-ancestors"] == ["'none'"], name
        assert csp["object-src"] == ["'none'"], name
        assert csp["form-action"] == ["'self'"], name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name


def test_login_and_mfa_pages_need_nothing_the_policy_blocks(world, clock):
    """No style attributes, inline handlers or inline scripts without a nonce."""
    for name, (client, url) in pages(world, clock).items():
        html = client.get(url).content.decode()
        assert inline_csp_violations(html) == [], name


def test_the_qr_code_is_allowed_by_the_policy(world, clock):
    client = Client()
    password_login(client, world.user(Role.COUNSELLOR).username)
    reauthenticate(client)
    response = client.get(ACTIVATE_URL)
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()
    assert "data:" in csp_directives(response)["img-src"]


@pytest.mark.parametrize("url", ["/staff/", LOGIN_URL, ACTIVATE_URL, "/accounts/2fa/"])
def test_staff_and_account_pages_are_not_cached(world, url):
    client = Client()
    password_login(client, world.user(Role.PUBLICITY).username)
    response = client.get(url)
    assert response["Cache-Control"] == "no-store"


def test_login_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        LOGIN_URL, {"login": world.user(Role.PUBLICITY).username, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_post_with_csrf_token_works(world):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN_URL)
    token = client.cookies["csrftoken"].value
    response = client.post(
        LOGIN_URL,
        {
            "login": world.user(Role.PUBLICITY).username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/logout/",
        "/accounts/logout-everywhere/",
        "/accounts/password/change/",
        "/accounts/reauthenticate/",
        ACTIVATE_URL,
    ],
)
def test_account_posts_without_csrf_token_are_refused(world, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user(Role.COUNSELLOR))
    assert client.post(url, {"password": PASSWORD, "code": "123456"}).status_code == 403
    assert client.session.get("_auth_user_id") == str(world.user(Role.COUNSELLOR).pk)


def test_mfa_post_without_csrf_token_is_refused(world, clock):
    supervisor = world.user(Role.SUPERVISOR)
    client = Client()
    password_login(client, supervisor.username)
    enrol_totp(client)
    strict = Client(enforce_csrf_checks=True)
    strict.get(LOGIN_URL)
    token = strict.cookies["csrftoken"].value
    strict.post(
        LOGIN_URL,
        {"login": supervisor.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert strict.post(MFA_AUTHENTICATE_URL, {"code": "123456"}).status_code == 403


def test_the_inline_markup_check_finds_what_the_policy_blocks():
    html = (
        '<div style="color: red"></div><a onclick="go()">x</a><style>p{}</style>'
        "<script>alert(1)</script>"
        '<script nonce="abc">ok()</script><script src="/static/x.js"></script>'
        '<script type="application/json">{"a": 1}</script>'
    )
    assert inline_csp_violations(html) == [
        '<div style="color: red">',
        '<a onclick="go()">',
        "<style>",
        "<script>",
    ]
