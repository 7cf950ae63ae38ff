"""X (Twitter): off — no API access is configured in this project; staff copy the text and
post it themselves. The text is fitted to X's weighted count: 280, where a character outside
the Latin ranges (CJK, kana, full-width forms) counts 2 and any URL counts 23 (twitter-text's
configuration v3)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import PermanentFailure, public_url

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


class XAdapter:
    channel = "x"

    def configured(self, announcement: Announcement) -> bool:
        return False

    def render(self, announcement: Announcement) -> dict[str, Any]:
        text = post_text(announcement)
        return {"text": text, "weighted_length": weighted_length(text), "limit": LIMIT}

    def send(self, delivery: Delivery) -> str:
        raise PermanentFailure("X への投稿は設定されていません。文章をコピーして投稿してください。")
