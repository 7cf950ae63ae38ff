"""The 400, 403, 404 and 500 pages are the project's own: Japanese (English when chosen), with
a way back, no stack trace, never Django's bare English "Not Found". Under /api/ the same
errors answer JSON."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import path

import tsunagu.urls
from tsunagu.accounts.roles import Role


def boom(request: HttpRequest) -> None:
    raise RuntimeError("secret detail of the failure")


# This module is also a URLconf (pytest.mark.urls): the project's plus a view that fails.
urlpatterns = [path("boom/", boom), *tsunagu.urls.urlpatterns]
handler400 = tsunagu.urls.handler400
handler403 = tsunagu.urls.handler403
handler404 = tsunagu.urls.handler404
handler500 = tsunagu.urls.handler500

BARE = ("Not Found", "Forbidden", "Bad Request", "Server Error", "Traceback")


def page(response) -> str:
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    assert not [b for b in BARE if b in text], text[:500]
    assert "<html" in text and 'href="/"' in text  # the way back
    return text


@pytest.mark.django_db
def test_404_is_the_projects_page_in_japanese_and_english(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in page(response)
    client.cookies["django_language"] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in page(response)


def test_staff_404_and_403_lead_back_to_the_staff_home(world, client):
    client.force_login(world.user(Role.AGENCY_STAFF))  # world users have TOTP
    response = client.get("/staff/cases/99999999999999999999/")
    assert response.status_code == 404
    assert 'href="/staff/"' in page(response)
    response = client.get("/staff/concerns/")
    assert response.status_code == 403
    text = page(response)
    assert "この操作はできません" in text and 'href="/staff/"' in text


@pytest.mark.django_db
def test_400_for_a_bad_host(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "リクエストを処理できません" in page(response)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_500_is_self_contained_and_shows_no_detail():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    text = page(response)
    assert "エラーが発生しました" in text and "secret detail" not in text


@pytest.mark.django_db
def test_csrf_failure_is_the_projects_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "x"})
    assert response.status_code == 403
    assert "送信を受け付けられません" in page(response)


@pytest.mark.django_db
def test_api_errors_stay_json(client):
    for url in ("/api/v1/no-such-endpoint", "/api/v1/cases/abc", "/api/v1/persons/-1"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "見つかりません。"}
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and "認証" in response.json()["detail"]
