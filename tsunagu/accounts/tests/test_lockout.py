"""The documented login limits, through the real login form: 5 failures lock a username; above
20 failures an address is slowed down (429, Retry-After), never locked; the limits hold across
workers sharing Redis."""

import uuid

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from tsunagu.accounts import lockout
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent

from .conftest import logged_in_user_id, password_login

OFFICE = "198.51.100.7"  # a municipal office: many staff behind one NAT address
WRONG = "wrong-password-123"
LOCKED_MESSAGE = "ログイン失敗が連続しています。時間が経ってからやり直してください。"
SLOWED_MESSAGE = "しばらく待ってから"


def fail_from(ip: str, count: int, usernames: str = "nobody") -> None:
    """`count` failed logins from `ip`, each with a different unknown username (so no username
    lock is involved: this is what the address sees, e.g. password spraying or typos)."""
    for i in range(count):
        response = password_login(Client(), f"{usernames}-{i}", WRONG, REMOTE_ADDR=ip)
        assert response.status_code == 200, (i, response.status_code)
        assert response.context["form"].errors


def test_the_documented_figures():
    assert (lockout.USERNAME_LIMIT, lockout.ADDRESS_LIMIT) == (5, 20)
    assert lockout.WINDOW_SECONDS == 15 * 60


def test_the_sixth_attempt_is_refused_even_with_the_right_password(world, clock):
    user = world.user(Role.PUBLICITY)
    client = Client()
    for _ in range(4):
        password_login(client, user.username, WRONG, REMOTE_ADDR=OFFICE)
    # A fifth failure from elsewhere counts too: the lock is per username, not per address.
    password_login(Client(), user.username.upper(), WRONG, REMOTE_ADDR="203.0.113.50")
    response = password_login(client, user.username, REMOTE_ADDR=OFFICE)
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    assert logged_in_user_id(client) is None


def test_four_failures_do_not_lock(world, clock):
    user = world.user(Role.PUBLICITY)
    client = Client()
    for _ in range(4):
        password_login(client, user.username, WRONG, REMOTE_ADDR=OFFICE)
    assert password_login(client, user.username, REMOTE_ADDR=OFFICE).status_code == 302


def test_a_colleague_at_the_same_address_logs_in_after_the_21st_failure(world, clock):
    colleague = world.user(Role.PREFECTURE_ANALYST)
    fail_from(OFFICE, 20)
    # Over the limit the address gets one attempt per slot: the 21st failure is still checked.
    clock.shift(lockout.SLOWDOWN_SECONDS)
    fail_from(OFFICE, 1, usernames="twenty-first")

    client = Client()
    response = password_login(client, colleague.username, REMOTE_ADDR=OFFICE)
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= lockout.SLOWDOWN_SECONDS
    assert SLOWED_MESSAGE in response.content.decode()
    assert logged_in_user_id(client) is None

    clock.shift(wait)
    response = password_login(client, colleague.username, REMOTE_ADDR=OFFICE)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(colleague.pk)
    # Another address was never affected.
    other = Client()
    assert password_login(other, world.user(Role.PUBLICITY).username).status_code == 302


def test_a_slowed_address_gets_one_attempt_per_slot_and_is_never_locked(world, clock):
    colleague = world.user(Role.PUBLICITY)
    fail_from(OFFICE, 20)
    for minute in range(20):  # an attacker keeps failing from the office all along
        clock.shift(lockout.SLOWDOWN_SECONDS)
        response = password_login(Client(), f"spray-{minute}", WRONG, REMOTE_ADDR=OFFICE)
        assert response.status_code == 200
        assert password_login(Client(), "spray-x", WRONG, REMOTE_ADDR=OFFICE).status_code == 429
    clock.shift(lockout.SLOWDOWN_SECONDS)
    assert password_login(Client(), colleague.username, REMOTE_ADDR=OFFICE).status_code == 302
    # 15 minutes without failures: no slow-down at all.
    clock.shift(lockout.WINDOW_SECONDS)
    for _ in range(3):
        assert password_login(Client(), colleague.username, REMOTE_ADDR=OFFICE).status_code == 302


def test_slowed_attempts_are_audited(world, clock):
    fail_from(OFFICE, 20)
    clock.shift(lockout.SLOWDOWN_SECONDS)
    fail_from(OFFICE, 1, usernames="in-slot")
    password_login(Client(), "refused-user", WRONG, REMOTE_ADDR=OFFICE)
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).latest("id")
    assert (event.actor_username, event.ip_address) == ("refused-user", OFFICE)
    assert event.extra == {"username": "refused-user", "reason": "slowed"}


def test_ipv6_clients_are_counted_per_64_prefix(world, clock):
    for i in range(20):
        password_login(Client(), f"v6-{i}", WRONG, REMOTE_ADDR=f"2001:db8:1:2::{i + 1:x}")
    clock.shift(lockout.SLOWDOWN_SECONDS)
    password_login(Client(), "v6-in-slot", WRONG, REMOTE_ADDR="2001:db8:1:2:ffff::1")
    response = password_login(Client(), "v6-x", WRONG, REMOTE_ADDR="2001:db8:1:2:abcd::1")
    assert response.status_code == 429
    response = password_login(Client(), "v6-x", WRONG, REMOTE_ADDR="2001:db8:1:3::1")
    assert response.status_code == 200


@pytest.fixture
def shared_redis():
    """The real Redis at 127.0.0.1:6379 as the cache, under a key prefix of its own (never
    flushed: other runs may share the server). Skips only if Redis is unreachable."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis at 127.0.0.1:6379 is not reachable")
    prefix = f"tsunagu-test-{uuid.uuid4().hex}"
    config = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    try:
        with override_settings(CACHES=config):
            assert "RedisCache" in type(caches["default"]).__name__
            yield
    finally:
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
        client.close()


def test_the_limits_hold_across_two_workers_sharing_redis(world, clock, shared_redis):
    """Two clients stand for two workers: with a shared cache neither gets a fresh count
    (with a process-local cache each worker counted alone: 10 and 40 with two workers)."""
    user = world.user(Role.PUBLICITY)
    workers = [Client(), Client()]
    for i in range(5):
        response = password_login(workers[i % 2], user.username, WRONG, REMOTE_ADDR=OFFICE)
        assert LOCKED_MESSAGE not in response.content.decode()
    for worker in workers:
        response = password_login(worker, user.username, REMOTE_ADDR=OFFICE)
        assert LOCKED_MESSAGE in response.content.decode()
        assert logged_in_user_id(worker) is None

    for i in range(15):  # 20 failures from the office in all, alternating workers
        password_login(workers[i % 2], f"nobody-{i}", WRONG, REMOTE_ADDR=OFFICE)
    clock.shift(lockout.SLOWDOWN_SECONDS)
    assert password_login(workers[0], "in-slot", WRONG, REMOTE_ADDR=OFFICE).status_code == 200
    colleague = world.user(Role.PREFECTURE_ANALYST)
    response = password_login(workers[1], colleague.username, REMOTE_ADDR=OFFICE)
    assert response.status_code == 429
    clock.shift(int(response["Retry-After"]))
    assert password_login(workers[1], colleague.username, REMOTE_ADDR=OFFICE).status_code == 302
