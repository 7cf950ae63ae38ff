"""The English catalogue covers what README promises: the public site, the login and the error
pages. Every public page (found from the URL resolver and the public pages' links, so pages added
later are covered: tsunagu/testing/public_pages.py) is rendered in English over the demo data; after removing the data itself
(names, addresses, notes of municipalities, windows, organisations — Japanese by nature), no
Japanese text may remain: an untranslated string fails here with its text.

Staff pages are Japanese only (README; core.middleware.StaffJapaneseMiddleware).
"""

from __future__ import annotations

import html
import re

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from tsunagu.testing.public_pages import discover, html_pages, load_demo_as_served

JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f々〆ヶ]+")
# The language switcher names Japanese in Japanese (「日本語」, 「表示言語」) so that a Japanese reader
# finds the way back; 〒 is the postal mark of addresses.
ALLOWED = {"日本語", "やさしい日本語", "表示言語", "〒"}


def _data_strings() -> list[str]:
    """Every text value of the public reference data (municipalities, windows, organisations)
    and of the published programme data (programmes, their rules and sessions; the activity
    menu is a list), longest first. Personal data (TenantOwned) is never shown on public pages."""
    from tsunagu.tenancy.scoping import TenantOwned

    values: set[str] = set()
    for label in ("tenancy", "programmes", "resources", "booking", "publicity"):
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, TenantOwned):
                continue
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
                and not f.choices
            ]
            for row in model.objects.values_list(*fields):
                for value in row:
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, str) and item:
                            values |= {item, *(line.strip() for line in item.splitlines())}
    return sorted((v for v in values if v), key=len, reverse=True)


def _visible_text(body: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<br\s*/?>", "\n", body)
    attributes = re.findall(r'(?:aria-label|title|alt|placeholder|content)="([^"]*)"', body)
    text = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(text + " " + " ".join(attributes))


def _japanese_left(text: str, data: list[str]) -> list[str]:
    for value in data:
        text = text.replace(value, " ")
    return sorted({m for m in JAPANESE.findall(text)} - ALLOWED)


@pytest.fixture
def english(db) -> Client:
    load_demo_as_served()
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_public_pages_are_entirely_in_english(english):
    data = _data_strings()
    urls = [*html_pages(discover(english, per_route=100)), "/no-such-page/"]
    assert "/accounts/login/" in urls and "/navi/" in urls
    untranslated = {}
    for url in urls:
        response = english.get(url)
        assert response.status_code in (200, 404), url
        assert response["Content-Language"] == "en", url
        left = _japanese_left(_visible_text(response.content.decode()), data)
        if left:
            untranslated[url] = left
    assert not untranslated, untranslated


def test_staff_pages_stay_japanese(english, settings):
    from tsunagu.accounts.models import User
    from tsunagu.testing.routing_concerns import login

    user = User.objects.get(username="demo-supervisor")
    response = login(english, settings, user).get("/staff/")
    assert response["Content-Language"] == "ja"
    assert "職員ホーム" in response.content.decode()
    assert "language-switcher" not in response.content.decode()
