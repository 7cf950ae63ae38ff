"""Public pages from the shared cache (tsunagu.core.public_cache): a visitor's repeated GET costs
no query; a write to public data shows at once; nothing built for one visitor reaches another."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tsunagu.accounts.mfa import has_mfa
from tsunagu.accounts.roles import Role
from tsunagu.core.public_cache import PublicPageCacheMiddleware


@pytest.fixture
def cached(settings):
    settings.TSUNAGU_PUBLIC_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_a_repeated_visit_costs_no_query_and_a_change_shows_at_once(
    world, client, cached, django_assert_num_queries
):
    window = world.home.window
    path = f"/windows/{world.home.municipality.code}/{window.slug}/"
    first = client.get(path)
    assert first.status_code == 200 and "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.content == first.content
    assert again["Content-Security-Policy"]  # the CSP header is the page's own, written fresh
    window.name = "名前を変えた窓口"
    window.save()
    assert "名前を変えた窓口" in client.get(path).content.decode()


def test_each_language_choice_has_its_own_copy(world, client, cached):
    japanese = client.get("/navi/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/navi/").content.decode()
    assert english != japanese and 'lang="en"' in english


def test_signed_in_staff_and_htmx_requests_are_never_served_or_kept(world, client, cached):
    visitor_page = client.get("/navi/").content  # kept for visitors
    user = world.home.users[Role.COUNSELLOR]
    if not has_mfa(user):
        TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    page = client.get("/navi/")
    assert page["Cache-Control"] == "no-store"  # built for the signed-in person
    assert client.get("/staff/")["Cache-Control"] == "no-store"
    client.logout()
    client.cookies.clear()
    partial = client.get("/navi/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert client.get("/navi/").content == visitor_page


@pytest.mark.parametrize(
    "spoil",
    [
        lambda request, response: response.set_cookie("csrftoken", "x"),
        lambda request, response: setattr(request, "_csp_nonce", "abc"),
        lambda request, response: request.META.__setitem__("CSRF_COOKIE_NEEDS_UPDATE", True),
        lambda request, response: response.__setitem__("Cache-Control", "no-store"),
    ],
    ids=["sets-a-cookie", "names-the-nonce", "holds-a-csrf-token", "no-store"],
)
def test_pages_built_for_one_visitor_are_not_kept(cached, spoil):
    built = []

    def view(request):
        response = HttpResponse(f"page {len(built)}")
        response["Cache-Control"] = "public, max-age=60"
        spoil(request, response)
        built.append(request)
        return response

    middleware = PublicPageCacheMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/navi/"))
    assert middleware(factory.get("/navi/")).content == b"page 1"


def test_visitors_with_other_cookies_get_their_own_page(cached):
    built = []

    def view(request):
        built.append(request)
        response = HttpResponse("page")
        response["Cache-Control"] = "public, max-age=60"
        return response

    middleware = PublicPageCacheMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/calendar/"))
    middleware(factory.get("/calendar/"))
    assert len(built) == 1
    with_session = factory.get("/calendar/")
    with_session.COOKIES["sessionid"] = "someone"
    middleware(with_session)
    assert len(built) == 2


def test_off_without_a_shared_cache(world, client, settings):
    settings.TSUNAGU_PUBLIC_CACHE_SECONDS = 0
    path = f"/windows/{world.home.municipality.code}/{world.home.window.slug}/"
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    assert len(queries) > 0


def test_pages_built_for_every_visitor_are_not_looked_up(cached, monkeypatch):
    from tsunagu.core import public_cache

    monkeypatch.setattr(public_cache, "_PRIVATE_PATHS", set())

    def view(request):
        public_cache.built_for_every_visitor(request)
        response = HttpResponse("answers")
        response["Cache-Control"] = "no-store"
        return response

    lookups = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: lookups.append(key) or real_get(key))
    middleware = PublicPageCacheMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/navi/result/", {"age": "45"}))
    lookups.clear()
    middleware(factory.get("/navi/result/", {"age": "46"}))
    assert lookups == []  # no version read, no page looked up
    middleware(factory.get("/calendar/"))
    assert lookups  # other pages still are
