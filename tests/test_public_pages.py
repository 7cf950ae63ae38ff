"""Every public page (found from the URL resolver and the pages' own links:
tsunagu/testing/public_pages.py, so pages added later are covered):

- touches published data only: a query hook fails on any SQL naming a personal-data table (every
  TenantOwned model), the audit log, staff accounts or sessions;
- is Japanese whatever the browser's Accept-Language says;
- sets no cookie, and says how it may be cached (public for a minute, or no-store where the URL
  carries a person's answers).
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from tsunagu.tenancy.scoping import TenantOwned
from tsunagu.testing.public_pages import discover, html_pages, load_demo_as_served, unreached_routes

pytestmark = pytest.mark.django_db

# Besides the TenantOwned registry: who did what (audit), who works here (staff), who is signed in.
ALSO_PRIVATE = ("audit", "accounts", "sessions", "mfa", "account")


def private_tables() -> set[str]:
    tables = {model._meta.db_table for model in apps.get_models() if issubclass(model, TenantOwned)}
    for label in ALSO_PRIVATE:
        tables |= {m._meta.db_table for m in apps.get_app_config(label).get_models()}
    return tables


@pytest.fixture
def pages(db):
    load_demo_as_served()
    return discover(per_route=100)


def test_every_public_route_is_reached(pages):
    urls = [p.url for p in pages]
    for expected in ("/", "/navi/", "/accessibility/", "/accounts/login/"):
        assert expected in urls
    assert any(u.startswith("/windows/") for u in urls)
    assert any(u.startswith("/navi/result/") for u in urls)
    assert unreached_routes(pages) == []


def test_public_pages_never_touch_personal_data(pages):
    tables = private_tables()
    assert "people_person" in tables and "audit_auditevent" in tables
    names = "|".join(map(re.escape, sorted(tables)))
    pattern = re.compile(rf'(?<![\w])"?({names})"?(?![\w])')
    touched: dict[str, set[str]] = {}

    def hook(execute, sql, params, many, context):
        hit = pattern.search(sql)
        if hit:
            touched.setdefault(current, set()).add(hit.group(1))
        return execute(sql, params, many, context)

    client = Client()
    with connection.execute_wrapper(hook):
        for page in pages:
            current = page.url
            response = client.get(page.url)
            assert response.status_code == 200, page.url
    assert touched == {}


def test_public_pages_are_japanese_whatever_the_browser_says(pages):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    for url in html_pages(pages):
        response = client.get(url)
        assert response["Content-Language"] == "ja", url
        assert '<html lang="ja">' in response.content.decode(), url


def test_public_pages_set_no_cookie_and_say_how_to_cache(pages):
    client = Client()
    for page in pages:
        if page.url.startswith("/accounts/"):
            continue  # the login form carries a CSRF token (a cookie), and is no-store
        response = client.get(page.url)
        assert not response.cookies, (page.url, response.cookies)
        cache = response.get("Cache-Control", "")
        assert cache.startswith("public, max-age=") or cache == "no-store", (page.url, cache)
        assert "Cookie" in response.get("Vary", ""), page.url
    assert not client.cookies
