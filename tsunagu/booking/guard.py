"""Protection against abuse of the public booking form, with no third-party service.

- **Proof of work** (ALTCHA-like, self-hosted): the form carries a signed challenge; the
  browser's script (static/booking/pow.js) finds a number whose SHA-256 with the challenge starts
  with ``BOOKING_POW_BITS`` zero bits (about a second's work on a phone), and the server checks
  it in microseconds. A challenge is good for ``CHALLENGE_SECONDS`` and once only.
- **Without JavaScript** the same signed challenge is the form step: a submission without a
  solution is accepted only when the form was issued at least ``NO_SCRIPT_WAIT_SECONDS`` ago
  (a person filling in the form takes that long; a script flooding the form must wait as long
  per booking, and the per-address limit below caps how many it may try). Too early, the form
  comes back with everything filled in and says how many seconds remain.
- **Rate limits** per address (IPv6 /64, as the login limits) in the shared cache: bookings
  per hour, and actions on manage links per hour.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from tsunagu.accounts.lockout import address_key
from tsunagu.audit.middleware import client_ip

CHALLENGE_SECONDS = 30 * 60
NO_SCRIPT_WAIT_SECONDS = 20
BOOKINGS_PER_HOUR = 5
MANAGE_ACTIONS_PER_HOUR = 20
_SALT = "tsunagu.booking.challenge"


def difficulty() -> int:
    return getattr(settings, "BOOKING_POW_BITS", 16)


def issue_challenge() -> str:
    """A signed challenge: random text, the time it was issued and the difficulty."""
    payload = {"r": secrets.token_hex(12), "t": int(time.time()), "b": difficulty()}
    return signing.dumps(payload, salt=_SALT, compress=False)


def _leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def solves(challenge: str, solution: str, bits: int) -> bool:
    digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
    return _leading_zero_bits(digest) >= bits


class Refused(Exception):
    """The submission is not accepted (yet); ``wait`` seconds until a no-script retry may pass."""

    def __init__(self, message: str, wait: int = 0):
        super().__init__(message)
        self.wait = wait


def check_challenge(challenge: str, solution: str) -> None:
    """Accept a solved challenge, or an unsolved one old enough (the no-script path); once."""
    try:
        payload = signing.loads(challenge or "", salt=_SALT, max_age=CHALLENGE_SECONDS)
    except signing.BadSignature:
        raise Refused("expired") from None
    solution = (solution or "")[:40]
    if not (solution and solves(challenge, solution, int(payload["b"]))):
        waited = int(time.time()) - int(payload["t"])
        if waited < NO_SCRIPT_WAIT_SECONDS:
            raise Refused("wait", NO_SCRIPT_WAIT_SECONDS - waited)
    if not cache.add(f"booking:challenge:{payload['r']}", 1, timeout=CHALLENGE_SECONDS):
        raise Refused("used")


def within_limit(request: HttpRequest, what: str, per_hour: int) -> bool:
    """Count one attempt of `what` from this address in the current hour; False past the limit."""
    hour = int(time.time() // 3600)
    key = f"booking:limit:{what}:{address_key(client_ip(request))}:{hour}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        count = 1
    return count <= per_hour
