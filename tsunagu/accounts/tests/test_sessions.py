"""5 and 6. Idle and absolute session expiry; logout of all sessions; disabled accounts."""

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tsunagu.accounts.models import UserSession
from tsunagu.accounts.roles import Role
from tsunagu.accounts.sessions import LAST_SEEN_RESOLUTION
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.world import PASSWORD

from .conftest import LOGIN_URL, logged_in_user_id, password_login

LOGOUT_EVERYWHERE_URL = "/accounts/logout-everywhere/"
CHANGE_PASSWORD_URL = "/accounts/password/change/"


def logged_in(world, role=Role.PUBLICITY, **extra) -> Client:
    """A client logged in through the login page (publicity: a role without TOTP)."""
    client = Client(**extra)
    assert password_login(client, world.user(role).username).status_code == 302
    return client


def assert_logged_out(client: Client) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/staff/"
    assert logged_in_user_id(client) is None


def test_idle_for_31_minutes_logs_out(world, clock):
    client = logged_in(world)
    clock.shift(31 * 60)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/staff/"
    assert logged_in_user_id(client) is None
    assert_logged_out(client)
    assert client.get(LOGIN_URL).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT).count() == 1
    assert not UserSession.objects.exists()


def test_idle_for_29_minutes_stays_in(world, clock):
    client = logged_in(world)
    for _ in range(3):  # every request restarts the idle clock
        clock.shift(29 * 60)
        assert client.get("/staff/").status_code == 200


def session_writes(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/staff/").status_code == 200
    return sum('UPDATE "django_session"' in q["sql"] for q in ctx.captured_queries)


def test_a_page_writes_the_session_at_most_once_a_minute(world, clock):
    """Each page stamping the session was a write and a commit per request."""
    client = logged_in(world)
    clock.shift(LAST_SEEN_RESOLUTION)
    assert session_writes(client) == 1  # the idle clock restarts
    clock.shift(LAST_SEEN_RESOLUTION - 1)
    assert session_writes(client) == 0
    clock.shift(1)
    assert session_writes(client) == 1


def test_idle_time_counts_from_the_last_stamp_early_never_late(world, clock, settings):
    client = logged_in(world)
    clock.shift(LAST_SEEN_RESOLUTION - 1)
    assert client.get("/staff/").status_code == 200  # not stamped: a minute has not passed
    clock.shift(settings.TSUNAGU_IDLE_TIMEOUT_SECONDS - LAST_SEEN_RESOLUTION + 2)
    assert_logged_out(client)  # idle for less than the timeout since that request, but not
    # since the stamp: ended up to a minute early


def test_sessions_end_after_the_absolute_lifetime(world, clock, settings):
    settings.SESSION_COOKIE_AGE = 2 * 60 * 60
    client = logged_in(world)
    for _ in range(4):
        clock.shift(29 * 60)
        assert client.get("/staff/").status_code == 200
    clock.shift(5 * 60)  # 2 h 1 min after login, active all along
    assert_logged_out(client)


def test_logout_everywhere_ends_every_session_of_the_user(world):
    laptop, phone = logged_in(world), logged_in(world)
    colleague = logged_in(world, Role.PREFECTURE_ANALYST)
    user = world.user(Role.PUBLICITY)
    assert UserSession.objects.filter(user=user).count() == 2

    response = laptop.post(LOGOUT_EVERYWHERE_URL)
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert response["Clear-Site-Data"] == '"cache", "storage"'

    assert_logged_out(laptop)
    assert_logged_out(phone)
    assert not UserSession.objects.filter(user=user).exists()
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(user.pk)
    # Nobody else is touched.
    assert colleague.get("/staff/").status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.LOGOUT_ALL)
    assert (event.actor_id, event.object_id, event.extra["sessions"]) == (
        user.pk,
        str(user.pk),
        2,
    )


def test_logout_everywhere_is_post_only(world):
    client = logged_in(world)
    assert client.get(LOGOUT_EVERYWHERE_URL).status_code == 405
    assert client.get("/staff/").status_code == 200
    assert Client().post(LOGOUT_EVERYWHERE_URL)["Location"].startswith(LOGIN_URL)


def test_sessions_are_recorded_with_address_and_browser(world, clock):
    client = logged_in(world, REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Firefox/140")
    row = UserSession.objects.get()
    assert row.session_key == client.session.session_key
    assert (row.ip, row.user_agent, row.user) == (
        "198.51.100.7",
        "Firefox/140",
        world.user(Role.PUBLICITY),
    )
    clock.shift(5 * 60)
    client.get("/staff/")
    row.refresh_from_db()
    assert row.last_seen > row.created_at


def test_logout_removes_the_session_and_clears_site_data(world):
    client = logged_in(world)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert not UserSession.objects.exists()
    assert_logged_out(client)


def test_a_cycled_session_key_is_followed(world):
    """A password change keeps the user logged in under a new session key (and ends the
    other sessions); logging out everywhere must still find the new key."""
    user = world.user(Role.PUBLICITY)
    laptop = logged_in(world)
    old_key = laptop.session.session_key
    new_password = "多摩川の土手を歩く 2026 秋"
    response = laptop.post(
        CHANGE_PASSWORD_URL,
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert laptop.session.session_key != old_key
    assert laptop.get("/staff/").status_code == 200
    assert UserSession.objects.get(user=user).session_key == laptop.session.session_key

    phone = Client()
    assert password_login(phone, user.username, new_password).status_code == 302
    phone.post(LOGOUT_EVERYWHERE_URL)
    assert_logged_out(laptop)


def test_disabling_a_user_ends_their_sessions(world):
    user = world.user(Role.PUBLICITY)
    client = logged_in(world)
    key = client.session.session_key
    user.is_active = False
    user.save()
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(user=user).exists()
    assert_logged_out(client)
    event = AuditEvent.objects.get(action=AuditAction.LOGOUT_ALL)
    assert (event.object_id, event.extra["reason"]) == (str(user.pk), "disabled")
