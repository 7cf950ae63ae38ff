"""The result page's window cards and support-line cards, rendered once and kept with the
process's copy of the public data (tsunagu.navigator.snapshot), which drops them when the data
changes or after a minute.

A card looks the same whoever asked: its key holds only public data (the window and the rule
that suggested it, or the line), the language choice, today's date (the hours today) and
whether it is open now, computed for every request, so a kept card never shows a stale
open/closed state. Nothing a visitor answered is part of a key or of a card.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from tsunagu.tenancy.models import Municipality

from .services import LineAdvice, WindowAdvice
from .snapshot import NavigatorData


def _language(request: HttpRequest) -> tuple[str, bool]:
    return get_language(), getattr(request, "easy_japanese", False)


def window_cards(
    request: HttpRequest,
    data: NavigatorData,
    municipality: Municipality,
    advice: list[WindowAdvice],
    today: datetime.date,
) -> list[SafeString]:
    language, easy = _language(request)
    cards = []
    for item in advice:
        key = ("window", item.window.pk, item.rule_id, language, easy, today, item.open_now)
        card = data.fragments.get(key)
        if card is None:
            card = data.fragments[key] = get_template("navigator/_window.html").render(
                {
                    "advice": item,
                    "municipality": municipality,
                    "bookable_window_ids": data.bookable_window_ids,
                    "EASY_JAPANESE": easy,
                }
            )
        cards.append(card)
    return cards


def line_cards(
    request: HttpRequest, data: NavigatorData, lines: list[LineAdvice]
) -> list[SafeString]:
    language, easy = _language(request)
    cards = []
    for item in lines:
        key = ("line", item.line.key, language, easy, item.open_now)
        card = data.fragments.get(key)
        if card is None:
            card = data.fragments[key] = get_template("navigator/_line.html").render({"item": item})
        cards.append(card)
    return cards
