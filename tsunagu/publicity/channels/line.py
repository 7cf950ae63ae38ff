"""LINE official accounts through the Messaging API (line-bot-sdk v3).

An announcement for everyone is a broadcast to all friends; one for 本人向け or 家族向け is a
multicast to the followers who chose that topic (webhook.py records the choice), at most 500
user ids per request. Each request carries an X-Line-Retry-Key derived from the delivery's
``retry_key``, so a retried request that LINE had already accepted is answered 409 and never
posted twice. The base URL is TSUNAGU_LINE_API_BASE; the channel's token and secret come from
TSUNAGU_LINE_CHANNELS by municipality code — without them the delivery is 未設定.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from urllib3.exceptions import HTTPError

from tsunagu.programmes.models import Audience

from . import PermanentFailure, TemporaryFailure, public_url

if TYPE_CHECKING:
    from ..models import Announcement, Delivery

TEXT_LIMIT = 5000  # characters of one text message
MULTICAST_LIMIT = 500  # user ids per multicast request
FOLLOWERS_PLACEHOLDER = "（この話題を選んだ友だちのユーザーID、500件ずつ）"


def channel_settings(municipality_code: str) -> dict[str, str] | None:
    entry = settings.TSUNAGU_LINE_CHANNELS.get(municipality_code) or {}
    if entry.get("access_token") and entry.get("channel_secret"):
        return entry
    return None


def message_text(announcement: Announcement) -> str:
    head = f"【{announcement.municipality.name}】{announcement.title}"
    tail = f"くわしくは {public_url(announcement)}"
    room = TEXT_LIMIT - len(head) - len(tail) - 4
    body = announcement.body.strip()
    if len(body) > room:
        body = body[: room - 1] + "…"
    return f"{head}\n\n{body}\n\n{tail}"


def messages(announcement: Announcement) -> list[dict[str, str]]:
    return [{"type": "text", "text": message_text(announcement)}]


def is_broadcast(announcement: Announcement) -> bool:
    return announcement.audience == Audience.ANYONE


def chunk_key(retry_key: uuid.UUID, index: int) -> str:
    """The retry key of the index-th request of a delivery: stable across retries."""
    return str(retry_key if index == 0 else uuid.uuid5(retry_key, str(index)))


class LineAdapter:
    channel = "line"

    def configured(self, announcement: Announcement) -> bool:
        return channel_settings(announcement.municipality.code) is not None

    def render(self, announcement: Announcement) -> dict[str, Any]:
        if is_broadcast(announcement):
            return {
                "endpoint": "POST /v2/bot/message/broadcast",
                "body": {"messages": messages(announcement)},
            }
        return {
            "endpoint": "POST /v2/bot/message/multicast",
            "topic": announcement.audience,
            "body": {"to": [FOLLOWERS_PLACEHOLDER], "messages": messages(announcement)},
        }

    def send(self, delivery: Delivery) -> str:
        announcement = delivery.announcement
        entry = channel_settings(announcement.municipality.code)
        if entry is None:
            raise PermanentFailure("LINE の設定（TSUNAGU_LINE_CHANNELS）がありません。")
        if is_broadcast(announcement):
            return _post(entry, "broadcast", None, announcement, chunk_key(delivery.retry_key, 0))
        followers = _followers(announcement)
        ids = []
        for index in range(0, len(followers), MULTICAST_LIMIT):
            key = chunk_key(delivery.retry_key, index // MULTICAST_LIMIT)
            batch = followers[index : index + MULTICAST_LIMIT]
            ids.append(_post(entry, "multicast", batch, announcement, key))
        return ",".join(i for i in ids if i)


def _followers(announcement: Announcement) -> list[str]:
    from ..models import LineFollower

    rows = LineFollower.objects.in_municipality(announcement.municipality).filter(is_following=True)
    return sorted(f.line_user_id for f in rows if announcement.audience in f.topics)


def _post(
    entry: dict[str, str],
    kind: str,
    to: list[str] | None,
    announcement: Announcement,
    retry_key: str,
) -> str:
    """One request through the SDK; the accepted request's id (x-line-request-id)."""
    from linebot.v3.messaging import (
        ApiClient,
        BroadcastRequest,
        Configuration,
        MessagingApi,
        MulticastRequest,
        TextMessage,
    )
    from linebot.v3.messaging.exceptions import ApiException

    config = Configuration(
        host=settings.TSUNAGU_LINE_API_BASE.rstrip("/"), access_token=entry["access_token"]
    )
    texts = [TextMessage(text=m["text"]) for m in messages(announcement)]
    try:
        with ApiClient(config) as client:
            api = MessagingApi(client)
            if kind == "broadcast":
                response = api.broadcast_with_http_info(
                    BroadcastRequest(messages=texts), x_line_retry_key=retry_key
                )
            else:
                response = api.multicast_with_http_info(
                    MulticastRequest(to=to, messages=texts), x_line_retry_key=retry_key
                )
    except ApiException as error:
        headers = {k.lower(): v for k, v in (error.headers or {}).items()}
        if error.status == 409 and "x-line-accepted-request-id" in headers:
            # LINE accepted this retry key before: the message went out once, it is done.
            return headers["x-line-accepted-request-id"]
        reason = f"LINE {error.status}: {(error.body or '')[:300]}"
        if error.status == 429 or error.status >= 500:
            raise TemporaryFailure(reason) from error
        raise PermanentFailure(reason) from error
    except (OSError, HTTPError) as error:  # connection refused, timeouts
        raise TemporaryFailure(f"LINE に接続できません: {error}") from error
    headers = {k.lower(): v for k, v in (response.headers or {}).items()}
    return headers.get("x-line-request-id", "")
