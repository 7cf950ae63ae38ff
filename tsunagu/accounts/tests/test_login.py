"""2 and 4. Username/password login through allauth, closed signup, lockout, audit entries."""

from django.contrib.auth import get_user_model

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent

from .conftest import LOGIN_URL, logged_in_user_id, password_login

IP = "203.0.113.9"
LOCKED_MESSAGE = "ログイン失敗が連続しています。時間が経ってからやり直してください。"


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_login_with_username_and_password(client, world):
    user = world.user(Role.PUBLICITY)
    assert client.get(LOGIN_URL).status_code == 200
    response = password_login(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert logged_in_user_id(client) == str(user.pk)
    assert client.get("/staff/").status_code == 200


def test_wrong_password_is_refused(client, world):
    user = world.user(Role.PUBLICITY)
    response = password_login(client, user.username, "wrong-password-123")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert logged_in_user_id(client) is None


def test_signup_is_closed(client, world):
    users = get_user_model().objects.count()
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in page.templates]
    response = client.post(
        "/accounts/signup/", {"username": "intruder", "password1": "Zx8!long-enough-pass"}
    )
    assert response.status_code == 200
    assert get_user_model().objects.count() == users
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_five_failures_lock_the_username(client, world, clock):
    user = world.user(Role.PUBLICITY)
    for _ in range(5):
        response = password_login(client, user.username, "wrong-password-123", REMOTE_ADDR=IP)
        assert response.status_code == 200
        assert LOCKED_MESSAGE not in response.content.decode()

    response = password_login(client, user.username, REMOTE_ADDR=IP)
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    assert logged_in_user_id(client) is None

    # The lock is per username: a colleague at the same address still gets in.
    colleague = world.user(Role.PREFECTURE_ANALYST)
    other = client.__class__()
    assert password_login(other, colleague.username, REMOTE_ADDR=IP).status_code == 302

    # Still locked after 14 minutes, open again after the 15-minute window.
    clock.shift(14 * 60)
    assert password_login(client, user.username, REMOTE_ADDR=IP).status_code == 200
    assert logged_in_user_id(client) is None
    clock.shift(2 * 60)
    assert password_login(client, user.username, REMOTE_ADDR=IP).status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


def test_a_right_password_does_not_reset_the_count(client, world):
    """allauth rolls back only the successful attempt, so successes cannot hide a brute force."""
    user = world.user(Role.PUBLICITY)
    for _ in range(4):
        password_login(client, user.username, "wrong-password-123")
    assert password_login(client.__class__(), user.username).status_code == 302
    password_login(client, user.username, "wrong-password-123")
    assert password_login(client, user.username).status_code == 200
    assert logged_in_user_id(client) is None


def test_every_failed_login_is_audited_once_with_username_and_ip(client, world):
    user = world.user(Role.PUBLICITY)
    password_login(client, user.username, "wrong-password-123", REMOTE_ADDR=IP)
    password_login(client, "no-such-user", "wrong-password-123", REMOTE_ADDR=IP)
    failed = events(AuditAction.LOGIN_FAILED)
    assert [(e.actor_username, e.ip_address, e.actor_id) for e in failed] == [
        (user.username, IP, None),
        ("no-such-user", IP, None),
    ]
    assert failed[0].extra["username"] == user.username
    assert "wrong-password-123" not in str([e.canonical() for e in failed])


def test_attempts_refused_by_the_lockout_are_audited(client, world):
    user = world.user(Role.PUBLICITY)
    for _ in range(7):
        password_login(client, user.username, "wrong-password-123", REMOTE_ADDR=IP)
    failed = events(AuditAction.LOGIN_FAILED)
    assert len(failed) == 7
    assert {(e.actor_username, e.ip_address) for e in failed} == {(user.username, IP)}
    assert [e.extra.get("reason") for e in failed] == [None] * 5 + ["locked"] * 2


def test_every_login_is_audited_once_with_username_and_ip(client, world):
    user = world.user(Role.PUBLICITY)
    password_login(client, user.username, REMOTE_ADDR=IP)
    logins = events(AuditAction.LOGIN)
    assert len(logins) == 1
    assert (logins[0].actor_id, logins[0].actor_username, logins[0].ip_address) == (
        user.pk,
        user.username,
        IP,
    )
    assert events(AuditAction.LOGIN_FAILED) == []
