"""3 and 9. TOTP is required for every role that can read personal data; enrolment through
allauth's page; the second step at login; recovery codes; demo mode."""

import base64

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from tsunagu.accounts.permissions import requires_mfa
from tsunagu.accounts.role_tables import MFA_EXEMPT_ROLES, READABLE_CLASSES
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.world import PASSWORD, TOTP_SECRET

from .conftest import (
    ACTIVATE_URL,
    LOGIN_URL,
    MFA_AUTHENTICATE_URL,
    REAUTHENTICATE_URL,
    RECOVERY_CODES_URL,
    enrol_totp,
    logged_in_user_id,
    login_with_totp,
    password_login,
    recovery_codes,
)
from .otp import hotp, totp


def test_the_test_authenticator_follows_rfc_6238():
    # RFC 6238 appendix B (SHA-1, 8 digits) and RFC 4226 appendix D.
    key = b"12345678901234567890"
    secret = base64.b32encode(key).decode()
    assert totp(secret, at=59, digits=8) == "94287082"
    assert totp(secret, at=1111111109, digits=8) == "07081804"
    assert totp(secret, at=2000000000, digits=8) == "69279037"
    assert [hotp(key, i) for i in range(3)] == ["755224", "287082", "359152"]


@pytest.mark.parametrize("role", Role.values)
def test_roles_reading_personal_data_must_enrol(client, world, role):
    user = world.user(role)
    password_login(client, user.username)
    response = client.get("/staff/")
    if role in MFA_EXEMPT_ROLES:
        assert not requires_mfa(user)
        assert response.status_code == 200
    else:
        assert requires_mfa(user)
        assert response.status_code == 302
        assert response["Location"] == ACTIVATE_URL


def test_exempt_roles_read_no_personal_data():
    for role in MFA_EXEMPT_ROLES:
        assert READABLE_CLASSES[role] <= {"O"}


def test_api_refuses_a_session_without_mfa(client, world):
    password_login(client, world.user(Role.COUNSELLOR).username)
    assert client.get("/api/v1/me").status_code == 403


def test_a_session_whose_totp_is_removed_is_refused_at_its_next_request(client, world):
    """The memberships and the TOTP enrolment are read in one query per request, never
    remembered between requests."""
    user = world.user(Role.COUNSELLOR)
    TOTP.activate(user, TOTP_SECRET)
    client.force_login(user)
    assert client.get("/staff/").status_code == 200
    Authenticator.objects.filter(user=user).delete()  # e.g. an administrator reset the TOTP
    assert client.get("/staff/")["Location"] == ACTIVATE_URL


def test_enrol_totp_then_login_needs_the_code(
    client, world, clock, django_capture_on_commit_callbacks
):
    user = world.user(Role.COUNSELLOR)
    assert password_login(client, user.username)["Location"] == "/staff/"
    assert client.get("/staff/")["Location"] == ACTIVATE_URL

    # allauth asks for the password again before adding an authenticator.
    response = client.get(ACTIVATE_URL)
    assert (
        response["Location"] == f"{REAUTHENTICATE_URL}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == ACTIVATE_URL

    # The activation page shows the QR code (an SVG data URI) and the secret.
    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200
    secret = page.context["form"].secret
    html = page.content.decode()
    assert page.context["totp_svg_data_uri"].startswith("data:image/svg+xml;base64,")
    assert page.context["totp_svg_data_uri"] in html
    assert "<svg" in base64.b64decode(page.context["totp_svg_data_uri"].split(",", 1)[1]).decode()
    assert secret in html
    assert page.context["totp_url"].startswith("otpauth://totp/")

    # A wrong code does not activate.
    wrong = f"{(int(totp(secret)) + 1) % 1_000_000:06d}"
    assert client.post(ACTIVATE_URL, {"code": wrong}).status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()

    with django_capture_on_commit_callbacks(execute=True):  # allauth signals on commit
        response = client.post(ACTIVATE_URL, {"code": totp(secret)})
    assert response.status_code == 302
    assert response["Location"] == RECOVERY_CODES_URL
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = recovery_codes(client)
    assert len(codes) == 10
    page = client.get(RECOVERY_CODES_URL).content.decode()
    assert all(code in page for code in codes)
    assert client.get("/staff/").status_code == 200
    changes = AuditEvent.objects.filter(action=AuditAction.MFA_CHANGED, actor_id=user.pk)
    assert {e.extra["authenticator"] for e in changes} == {"totp", "recovery_codes"}

    # Next login: the password alone does not log in; the second step asks for the code.
    client.post("/accounts/logout/")
    clock.shift(30)
    response = password_login(client, user.username)
    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert logged_in_user_id(client) is None
    assert client.get("/staff/")["Location"].startswith(LOGIN_URL)
    assert client.get(MFA_AUTHENTICATE_URL).status_code == 200

    wrong = f"{(int(totp(secret)) + 1) % 1_000_000:06d}"
    response = client.post(MFA_AUTHENTICATE_URL, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert logged_in_user_id(client) is None
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (failed.actor_username, failed.extra["factor"]) == (user.username, "totp")

    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert logged_in_user_id(client) == str(user.pk)
    assert client.get("/staff/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_id=user.pk).count() == 2


def test_a_totp_code_works_once(world, clock):
    user = world.user(Role.SUPERVISOR)
    enrolling = Client()
    password_login(enrolling, user.username)
    secret = enrol_totp(enrolling)
    clock.shift(30)
    code = totp(secret)
    first, replay = Client(), Client()
    password_login(first, user.username)
    password_login(replay, user.username)
    assert first.post(MFA_AUTHENTICATE_URL, {"code": code}).status_code == 302
    assert logged_in_user_id(first) == str(user.pk)
    # The same code, replayed within its period, is refused.
    assert replay.post(MFA_AUTHENTICATE_URL, {"code": code}).status_code == 200
    assert logged_in_user_id(replay) is None


def test_a_recovery_code_works_once(world, clock):
    user = world.user(Role.RECEPTION)
    client = Client()
    password_login(client, user.username)
    enrol_totp(client)
    code, other_code = recovery_codes(client)[:2]
    client.post("/accounts/logout/")

    password_login(client, user.username)
    assert client.post(MFA_AUTHENTICATE_URL, {"code": code}).status_code == 302
    assert logged_in_user_id(client) == str(user.pk)
    assert code not in recovery_codes(client)
    assert len(recovery_codes(client)) == 9
    client.post("/accounts/logout/")

    password_login(client, user.username)
    response = client.post(MFA_AUTHENTICATE_URL, {"code": code})
    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    assert client.post(MFA_AUTHENTICATE_URL, {"code": other_code}).status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


def test_enrolled_user_logs_in_with_totp(world, clock):
    user = world.user(Role.AGENCY_STAFF)
    client = Client()
    password_login(client, user.username)
    secret = enrol_totp(client)
    client.post("/accounts/logout/")
    login_with_totp(client, user, secret, clock)
    assert client.get("/staff/").status_code == 200


@pytest.mark.parametrize(
    ("demo_mode", "is_demo", "outcome"),
    [(True, True, "in"), (False, True, "refused"), (True, False, "enrol")],
)
def test_demo_accounts_skip_enrolment_only_in_demo_mode(
    client, world, settings, demo_mode, is_demo, outcome
):
    settings.TSUNAGU_DEMO_MODE = demo_mode
    user = world.user(Role.COUNSELLOR)
    user.is_demo = is_demo
    user.save()
    password_login(client, user.username)
    response = client.get("/staff/")
    if outcome == "in":
        assert response.status_code == 200
    elif outcome == "enrol":
        assert response.status_code == 302
        assert response["Location"] == ACTIVATE_URL
    else:  # a demo account outside demo mode does not log in at all (test_login_rules.py)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)
        assert logged_in_user_id(client) is None
