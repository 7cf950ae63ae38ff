"""Limits on password login attempts (the policy documented in README.md).

- 5 failed logins for one username within 15 minutes lock that username until the oldest of
  them is 15 minutes old: even the right password is refused, from any address.
- Failed logins are also counted per client address. Above 20 within 15 minutes the address is
  slowed down, never locked: one attempt per SLOWDOWN_SECONDS from it, the others answered 429
  with Retry-After. A municipal office sits behind one NAT address; one colleague (or an
  attacker) failing must not shut everyone else there out for 15 minutes.

An attempt takes its place in the username's count before the password is checked and gives it
back only when the password was right, so parallel guesses cannot overshoot the limit and a
right password cannot wipe out earlier failures.

The counters live in the Django cache. With several workers it must be a shared cache (Redis:
TSUNAGU_REDIS_URL); a process-local cache gives each worker its own counts, which multiplies the
limits by the number of workers (measured: 10 and about 40 with the demo's two workers). Under
production settings a system check reports a missing TSUNAGU_REDIS_URL (tsunagu.accounts.checks).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
USERNAME_LIMIT = 5
ADDRESS_LIMIT = 20
SLOWDOWN_SECONDS = 5

_PREFIX = "tsunagu:login"
_LOCK_TIMEOUT = 10  # seconds a crashed holder can keep a counter locked
_LOCK_WAIT = 1.0  # seconds to wait for a counter's lock before treating the attempt as refused


@dataclass(frozen=True)
class Attempt:
    """A password attempt that has taken its place in the username's count."""

    username_key: str
    stamp: float


def _key(kind: str, value: str) -> str:
    return f"{_PREFIX}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def username_key(username: str) -> str:
    return _key("user", username.strip().lower())


def address_key(ip: str) -> str:
    """IPv6 clients are counted per /64: one host usually holds the whole prefix."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return _key("ip", ip)
    if address.version == 6:
        return _key("ip", str(ipaddress.ip_network(f"{address}/64", strict=False)))
    return _key("ip", str(address))


@contextmanager
def _locked(key: str) -> Iterator[bool]:
    lock = f"{key}:lock"
    deadline = time.monotonic() + _LOCK_WAIT
    while not cache.add(lock, 1, timeout=_LOCK_TIMEOUT):
        if time.monotonic() > deadline:
            yield False
            return
        time.sleep(0.01)
    try:
        yield True
    finally:
        cache.delete(lock)


def _recent(key: str, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if t > now - WINDOW_SECONDS]


def begin(username: str) -> Attempt | None:
    """Take a place in the username's count; None when the username is locked."""
    key = username_key(username)
    now = time.time()
    with _locked(key) as locked:
        if not locked:
            return None
        stamps = _recent(key, now)
        if len(stamps) >= USERNAME_LIMIT:
            return None
        cache.set(key, [*stamps, now], WINDOW_SECONDS)
    return Attempt(key, now)


def succeeded(attempt: Attempt) -> None:
    """The password was right: give the attempt's place back (earlier failures stay)."""
    with _locked(attempt.username_key) as locked:
        if locked:
            stamps = cache.get(attempt.username_key, [])
            cache.set(
                attempt.username_key, [t for t in stamps if t != attempt.stamp], WINDOW_SECONDS
            )


def failed_from(ip: str) -> None:
    """Count a failed attempt against the client address."""
    key = address_key(ip)
    now = time.time()
    with _locked(key) as locked:
        if locked:
            # Only whether the limit is reached matters: keep at most ADDRESS_LIMIT stamps.
            stamps = _recent(key, now)[-(ADDRESS_LIMIT - 1) :]
            cache.set(key, [*stamps, now], WINDOW_SECONDS)


def slowed_down_for(ip: str) -> int | None:
    """Seconds this address must wait before its next attempt, or None to go ahead now.

    Below the failure limit every attempt goes ahead. Above it, one attempt per
    SLOWDOWN_SECONDS-long slot of the clock: the first to arrive takes the slot (an atomic
    cache add), so parallel attempts from one address cannot share it.
    """
    key = address_key(ip)
    now = time.time()
    if len(_recent(key, now)) < ADDRESS_LIMIT:
        return None
    slot = int(now // SLOWDOWN_SECONDS)
    if cache.add(f"{key}:slot:{slot}", 1, timeout=SLOWDOWN_SECONDS * 2):
        return None
    return max(1, math.ceil((slot + 1) * SLOWDOWN_SECONDS - now))
