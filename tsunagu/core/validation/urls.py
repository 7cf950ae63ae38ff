"""Web addresses typed by staff (an online meeting's link): http(s) only, no credentials."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .errors import invalid
from .text import clean_text


def clean_web_url(value: Any, *, field: str = "url", max_length: int = 500) -> str:
    """An https:// or http:// address ("" for empty); javascript:, data:, user:pass@ refused."""
    text = clean_text(value, field=field, max_length=max_length)
    if not text:
        return ""
    try:
        URLValidator(schemes=["https", "http"])(text)
    except ValidationError:
        raise invalid(field, "https:// で始まるURLを入力してください。") from None
    if "@" in (urlsplit(text).netloc or ""):
        raise invalid(field, "ユーザー名やパスワードを含むURLは使えません。")
    return text
