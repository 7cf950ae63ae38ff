"""The public directory: filters (AND), Japanese search normalisation, hidden addresses, the map
without tiles and without JavaScript, the leaflet PDF, and no case table touched."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tsunagu.testing.pdf_text import pdf_text
from tsunagu.testing.resources import add_resources


@pytest.fixture
def directory(world):
    add_resources(world)
    return world


def _names(response) -> str:
    return response.content.decode()


def test_list_shows_resources_and_windows_without_javascript(client: Client, directory):
    body = _names(client.get("/resources/"))
    assert "ホーム若者就労支援センター" in body
    assert "アウェイ若者就労支援センター" in body
    assert directory.home.window.name in body  # the window is a resource too
    assert 'method="get"' in body  # the filters are a plain GET form


def test_filters_narrow_together(client: Client, directory):
    home = directory.home.municipality.code
    body = _names(client.get(f"/resources/?municipality={home}&field=work&age=20"))
    assert "ホーム若者就労支援センター" in body
    assert "アウェイ" not in body
    assert "ホームの居場所" not in body  # another field
    body = _names(client.get(f"/resources/?municipality={home}&field=work&age=45"))
    assert "ホーム若者就労支援センター" not in body  # 15〜39 only


@pytest.mark.parametrize(
    "query", ["わかもの", "ﾜｶﾓﾉ", "ワカモノ", "就労　ホーム", "はたらく", "若者"]
)
def test_free_text_uses_the_japanese_keys(client: Client, directory, query):
    body = _names(client.get("/resources/", {"q": query}))
    assert "ホーム若者就労支援センター" in body


def test_bad_age_is_an_error_not_a_500(client: Client, directory):
    response = client.get("/resources/?age=abc&field=no-such")
    assert response.status_code == 200
    assert "年齢は数字で入力してください。" in response.content.decode()


def test_hidden_address_shows_only_the_area_and_no_pin(client: Client, directory):
    hidden = directory.home.hidden_service
    for url in ("/resources/", f"/resources/{hidden.pk}/", "/resources/map/"):
        body = _names(client.get(url))
        assert "秘密地区" in body
        assert "秘密町" not in body and "1929999" not in body and "192-9999" not in body
    map_body = _names(client.get("/resources/map/"))
    pins = json.loads(
        re.search(
            r'<script id="resource-pins" type="application/json">(.*?)</script>', map_body, re.S
        ).group(1)
    )
    assert {p["name"] for p in pins} == {
        "ホーム若者就労支援センター",
        "アウェイ若者就労支援センター",
    }
    assert all("35.66" not in str(p["lat"]) for p in pins)


def test_map_serves_leaflet_locally_and_tiles_only_when_configured(
    client: Client, directory, settings
):
    settings.TSUNAGU_MAP_TILE_URL = ""
    response = client.get("/resources/map/")
    body = response.content.decode()
    assert "vendor/leaflet/leaflet" in body and 'data-tiles=""' in body
    assert "https://" not in response["Content-Security-Policy"]
    settings.TSUNAGU_MAP_TILE_URL = "https://tiles.example.jp/{z}/{x}/{y}.png"
    response = client.get("/resources/map/")
    assert "https://tiles.example.jp" in response["Content-Security-Policy"]
    assert "ホーム若者就労支援センター" in response.content.decode()  # the list is still there


def test_detail_of_unknown_or_unpublished_service_is_404(client: Client, directory):
    service = directory.home.service
    assert client.get(f"/resources/{service.pk}/").status_code == 200
    service.is_public = False
    service.save()
    assert client.get(f"/resources/{service.pk}/").status_code == 404
    assert client.get("/resources/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_public_pages_never_touch_case_tables_and_are_bounded(client: Client, directory):
    urls = [
        "/resources/",
        "/resources/?q=いばしょ&age=30",
        "/resources/map/",
        f"/resources/{directory.home.service.pk}/",
        "/api/hsds/services?full=true",
        f"/api/hsds/services/{directory.home.service.pk}",
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        for table in ("people_", "intake_", "contacts_", "referrals_", "consent_", "meetings_"):
            assert table not in sql, (url, table)
        assert len(queries) <= 14, (url, len(queries))


def test_a_window_entry_follows_its_window(client: Client, directory):
    window = directory.home.window
    window.name = "名前を変えた窓口"
    window.age_min = 18
    window.save()
    entry = directory.home.window_service
    entry.refresh_from_db()
    assert (entry.name, entry.minimum_age) == ("名前を変えた窓口", 18)
    assert "名前を変えた窓口" in _names(client.get("/resources/?q=名前を変えた"))
    assert "名前を変えた窓口" in _names(client.get("/resources/?age=20"))
    assert "名前を変えた窓口" not in _names(client.get("/resources/?age=10"))


def _page_count(pdf: bytes) -> int:
    import zlib

    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(raw)
        except zlib.error:
            data = raw
        found = re.search(rb"/Type /Pages[^>]*?/Count (\d+)", data)
        if found:
            return int(found.group(1))
    found = re.search(rb"/Type /Pages[^>]*?/Count (\d+)", pdf)
    return int(found.group(1)) if found else 0


def test_leaflet_is_two_a4_pages_grouped_by_field(client: Client, directory):
    code = directory.home.municipality.code
    response = client.get(f"/resources/leaflet/{code}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert _page_count(pdf) == 2
    text = pdf_text(pdf)
    for expected in (
        "八王子市",
        "就労",
        "福祉・居場所",
        "ホーム若者就労支援センター",
        "問い合わせ先",
        "作成日",
        "変更している場合があります",
        "秘密地区",
    ):
        assert expected in text, expected
    assert "秘密町" not in text
    assert "アウェイ" not in text
    assert client.get("/resources/leaflet/999999/").status_code == 404
