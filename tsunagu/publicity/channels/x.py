"""X (Twitter): optional and off by default. Without an account for the municipality
(TSUNAGU_X_ACCOUNTS) the delivery is 未設定 and staff copy the text and post it themselves; with
one, the text is posted through the X API v2 (``POST /2/tweets``, an OAuth 2.0 user access token
with tweet.write) at TSUNAGU_X_API_BASE. The text is fitted to X's weighted count: 280, where a
character outside the Latin ranges (CJK, kana, full-width forms) counts 2 and any URL counts 23
(twitter-text's configuration v3).

X has no retry key: a retry after an answer lost on the way back is made safe by X itself, which
refuses a post with the same text as a recent one (403, "duplicate content"). That answer means
the post went out once, and the delivery is done."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from django.conf import settings

from . import PermanentFailure, TemporaryFailure, public_url

if TYPE_CHECKING:
    from ..models import Announcement, Delivery

LIMIT = 280
URL_WEIGHT = 23
# Code points that weigh 1 (twitter-text v3 "ranges"); everything else weighs 2.
LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_URL = re.compile(r"https?://\S+")


def _char_weight(char: str) -> int:
    code = ord(char)
    return 1 if any(low <= code <= high for low, high in LIGHT_RANGES) else 2


def weighted_length(text: str) -> int:
    total = 0
    position = 0
    for match in _URL.finditer(text):
        total += sum(_char_weight(c) for c in text[position : match.start()]) + URL_WEIGHT
        position = match.end()
    return total + sum(_char_weight(c) for c in text[position:])


def post_text(announcement: Announcement) -> str:
    """「【市】題名」, the summary cut to fit, and the page's URL."""
    url = public_url(announcement)
    head = f"【{announcement.municipality.name}】{announcement.title}"
    summary = " ".join((announcement.easy_summary or announcement.body).split())
    fixed = weighted_length(f"{head}\n\n{url}")
    room = LIMIT - fixed - 1  # the newline before the summary
    kept = ""
    for char in summary:
        if weighted_length(kept + char) + 2 > room:  # room for "…"
            kept += "…"
            break
        kept += char
    else:
        kept = summary
    text = f"{head}\n{kept}\n{url}" if kept else f"{head}\n{url}"
    while weighted_length(text) > LIMIT:  # a very long title: cut it too
        head = head[:-2] + "…"
        text = f"{head}\n{url}"
    return text


def account(municipality_code: str) -> dict[str, str] | None:
    entry = settings.TSUNAGU_X_ACCOUNTS.get(municipality_code) or {}
    return entry if entry.get("access_token") else None


class XAdapter:
    channel = "x"

    def configured(self, announcement: Announcement) -> bool:
        return account(announcement.municipality.code) is not None

    def render(self, announcement: Announcement) -> dict[str, Any]:
        text = post_text(announcement)
        return {"text": text, "weighted_length": weighted_length(text), "limit": LIMIT}

    def send(self, delivery: Delivery) -> str:
        entry = account(delivery.announcement.municipality.code)
        if entry is None:
            raise PermanentFailure(
                "X への投稿は設定されていません。文章をコピーして投稿してください。"
            )
        request = urllib.request.Request(  # noqa: S310 (the configured https API base)
            settings.TSUNAGU_X_API_BASE.rstrip("/") + "/2/tweets",
            data=json.dumps({"text": post_text(delivery.announcement)}).encode(),
            headers={
                "Authorization": f"Bearer {entry['access_token']}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return str(json.load(response)["data"]["id"])
        except urllib.error.HTTPError as error:
            body = error.read(2000).decode("utf-8", "replace")
            if error.code == 403 and "duplicate" in body.lower():
                return ""  # posted before (an answer lost on the way back): done, once
            reason = f"X {error.code}: {body[:300]}"
            if error.code == 429 or error.code >= 500:
                raise TemporaryFailure(reason) from error
            raise PermanentFailure(reason) from error
        except (OSError, ValueError, KeyError) as error:  # network, timeouts, a bad answer
            raise TemporaryFailure(f"X に接続できません: {error}") from error
