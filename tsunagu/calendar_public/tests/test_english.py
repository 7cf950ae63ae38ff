"""The public calendar pages in English: after removing the data (names, descriptions, places:
Japanese by nature), no Japanese text may remain. The やさしい日本語 summary is data too."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.test import Client

from tests.test_english_catalogue import _japanese_left, _visible_text
from tsunagu.testing.calendar import KUNITACHI


def data_strings() -> list[str]:
    values: set[str] = set()
    for label in ("tenancy", "programmes"):
        for model in apps.get_app_config(label).get_models():
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
                and not f.choices
            ]
            if not fields or model._meta.model_name in ("participant", "attendance"):
                continue
            for row in model.objects.values_list(*fields):
                for value in row:
                    items = value if isinstance(value, list) else [value]
                    for item in items:
                        if isinstance(item, str) and item:
                            values |= {item, *(line.strip() for line in item.splitlines())}
    return sorted((v for v in values if v), key=len, reverse=True)


def test_calendar_pages_are_entirely_in_english(kunitachi):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = data_strings()
    urls = [
        "/calendar/",
        f"/calendar/?municipality={KUNITACHI}&month={kunitachi.next_month:%Y-%m}",
        f"/calendar/?month={kunitachi.last_month:%Y-%m}&audience=anyone",
        f"/calendar/programmes/{kunitachi.kokokara.pk}/",
        f"/calendar/programmes/{kunitachi.karafurat.pk}/",
        f"/calendar/sessions/{kunitachi.upcoming[1].pk}/",
        f"/calendar/sessions/{kunitachi.cancelled.pk}/",
        f"/calendar/sessions/{kunitachi.held[0].pk}/",
    ]
    untranslated = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "en", url
        left = _japanese_left(_visible_text(response.content.decode()), data)
        if left:
            untranslated[url] = left
    assert not untranslated, untranslated
