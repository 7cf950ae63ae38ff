"""The LINE webhook of a municipality's official account: /api/line/webhook/{code}/.

LINE signs each request: X-Line-Signature is base64(HMAC-SHA256(channel secret, body)); a
request without a valid signature is refused (403) before its body is read as JSON. Each event
has a webhookEventId: one already processed is a replay (LINE's redelivery, or someone sending
a captured request again) and changes nothing. Recorded: follow, unfollow, and the topic a
follower chose with a rich-menu button (a postback whose data is ``topic=person``,
``topic=family`` or ``topic=none`` to clear). The answer is 200 for every signed request, so
LINE does not redeliver what was handled or deliberately ignored.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tsunagu.programmes.models import Audience
from tsunagu.tenancy.models import Municipality

from .channels.line import channel_settings
from .models import LineFollower, LineWebhookEvent

TOPICS = {Audience.PERSON.value, Audience.FAMILY.value}
MAX_BODY = 1024 * 1024


def signature_valid(secret: str, body: bytes, signature: str) -> bool:
    from linebot.v3 import SignatureValidator

    return bool(signature) and SignatureValidator(secret).validate(
        body.decode("utf-8", "replace"), signature
    )


@csrf_exempt
@require_POST
def line_webhook(request: HttpRequest, municipality_code: str) -> HttpResponse:
    municipality = Municipality.objects.filter(code=municipality_code).first()
    entry = channel_settings(municipality_code) if municipality else None
    body = request.body[: MAX_BODY + 1]
    signature = request.headers.get("X-Line-Signature", "")
    if entry is None or len(body) > MAX_BODY:
        return HttpResponseForbidden("not configured")
    if not signature_valid(entry["channel_secret"], body, signature):
        return HttpResponseForbidden("invalid signature")
    try:
        events = json.loads(body).get("events", [])
    except (ValueError, AttributeError):
        return JsonResponse({"error": "invalid body"}, status=400)
    handled = sum(_handle(municipality, e) for e in events if isinstance(e, dict))
    return JsonResponse({"handled": handled})


def _handle(municipality: Municipality, event: dict[str, Any]) -> bool:
    event_id = str(event.get("webhookEventId") or "")[:64]
    user_id = str((event.get("source") or {}).get("userId") or "")[:64]
    if not event_id or not user_id:
        return False
    try:
        with transaction.atomic():
            LineWebhookEvent.objects.create(municipality=municipality, event_id=event_id)
            return _apply(municipality, user_id, event)
    except IntegrityError:
        return False  # seen before: a replay


def _apply(municipality: Municipality, user_id: str, event: dict[str, Any]) -> bool:
    kind = event.get("type")
    followers = LineFollower.objects.in_municipality(municipality)
    follower = followers.filter(line_user_id=user_id).first()
    if follower is None:
        follower = LineFollower(municipality=municipality, line_user_id=user_id, topics=[])
    if kind == "follow":
        follower.is_following = True
    elif kind == "unfollow":
        follower.is_following = False
    elif kind == "postback":
        data = str((event.get("postback") or {}).get("data") or "")
        key, _sep, value = data.partition("=")
        if key != "topic" or (value not in TOPICS and value != "none"):
            return False
        follower.topics = [] if value == "none" else sorted({*follower.topics, value})
    else:
        return False
    follower.save()
    return True
