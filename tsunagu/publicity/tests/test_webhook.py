"""The LINE webhook: signatures (valid, invalid, missing), replays, follows, unfollows and
topic choices."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from django.test import Client

from tsunagu.publicity.models import LineFollower

from .conftest import SECRET


def _event(event_id: str, kind: str, user: str = "U1", **extra) -> dict:
    return {
        "type": kind,
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
        "timestamp": 1764633600000,
        "mode": "active",
        "source": {"type": "user", "userId": user},
        **extra,
    }


def _post(world, events: list[dict], secret: str = SECRET, signature: str | None = None):
    body = json.dumps({"destination": "Uxxx", "events": events}).encode()
    if signature is None:
        digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
        signature = base64.b64encode(digest).decode()
    return Client().post(
        f"/api/line/webhook/{world.home.municipality.code}/",
        body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=signature,
    )


def _followers(world) -> dict[str, tuple[bool, list[str]]]:
    rows = LineFollower.objects.in_municipality(world.home.municipality)
    return {f.line_user_id: (f.is_following, f.topics) for f in rows}


def test_follows_unfollows_and_topics_are_recorded(world, line_server):
    response = _post(
        world,
        [
            _event("01A", "follow"),
            _event("01B", "postback", postback={"data": "topic=family"}),
            _event("01C", "postback", postback={"data": "topic=person"}),
            _event("01D", "follow", user="U2"),
            _event("01E", "postback", user="U2", postback={"data": "topic=everything"}),
            _event("01F", "message", user="U2", message={"type": "text", "text": "こんにちは"}),
        ],
    )
    assert response.status_code == 200 and response.json() == {"handled": 4}
    assert _followers(world) == {"U1": (True, ["family", "person"]), "U2": (True, [])}
    _post(
        world,
        [
            _event("02A", "unfollow", user="U2"),
            _event("02B", "postback", postback={"data": "topic=none"}),
        ],
    )
    assert _followers(world) == {"U1": (True, []), "U2": (False, [])}


def test_invalid_and_missing_signatures_are_refused(world, line_server):
    events = [_event("03A", "follow")]
    assert _post(world, events, secret="another-secret").status_code == 403
    assert _post(world, events, signature="").status_code == 403
    assert _post(world, events, signature="not base64 at all").status_code == 403
    assert _followers(world) == {}
    other = Client().post(
        f"/api/line/webhook/{world.away.municipality.code}/", b"{}", content_type="application/json"
    )
    assert other.status_code == 403  # no channel set up there


def test_a_replayed_event_changes_nothing(world, line_server):
    follow = _event("04A", "follow")
    assert _post(world, [follow]).json() == {"handled": 1}
    _post(world, [_event("04B", "unfollow")])
    replay = _post(world, [follow])  # the same signed request again
    assert replay.status_code == 200 and replay.json() == {"handled": 0}
    assert _followers(world) == {"U1": (False, [])}


def test_a_signed_body_that_is_not_json_is_a_bad_request(world, line_server):
    body = b"not json"
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    response = Client().post(
        f"/api/line/webhook/{world.home.municipality.code}/",
        body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=signature,
    )
    assert response.status_code == 400
