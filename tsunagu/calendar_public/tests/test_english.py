"""The public calendar pages in English: after removing the data (names, descriptions, places:
Japanese by nature), no Japanese text may remain. The やさしい日本語 summary is data too."""

from __future__ import annotations

from django.test import Client

from tests.test_english_catalogue import _data_strings, _japanese_left, _visible_text
from tsunagu.testing.calendar import KUNITACHI


def test_calendar_pages_are_entirely_in_english(kunitachi):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = _data_strings()
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
