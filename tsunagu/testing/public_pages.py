"""Every public page, found the way a visitor would find it — for the tests that must hold on all
of them (accessibility, phone width, English catalogue, no personal data, caching).

Routes come from the URL resolver (like tests/test_url_walker.py), so a page added later by
anyone is covered without anyone remembering to: every route outside the staff site, the API and
the language switch is public. Routes without parameters are fetched directly; pages with
parameters are found by following the links of the public pages (a window page from the home
page), plus the example URLs an app lists in its `public_pages.py` (`example_urls()`, for
pages reached through a form, like the navigator's result). A public route with parameters that
neither reaches fails `unreached_routes` with a hint.

Call with the demo data loaded (tsunagu.demo.loader.load_demo).
"""

from __future__ import annotations

import importlib
import re
from collections import Counter, deque
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlsplit

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

from tsunagu.demo.loader import load_demo

# Not public pages: staff screens, the API, redirect-only endpoints.
PRIVATE_PREFIXES = ("staff/", "api/", "i18n/", "language/", "static/")
# Public, but their parameterised routes are secret links (allauth keys, a booking's manage
# link, which shows that booking): not crawlable.
UNCRAWLABLE_PREFIXES = ("accounts/", "booking/manage/")
_HREF = re.compile(r'href="([^"]+)"')


@dataclass(frozen=True)
class PublicRoute:
    regex: str
    route: str  # as ResolverMatch.route names it
    name: str | None
    has_params: bool

    def __str__(self) -> str:
        return f"{self.name or '?'} /{self.regex}"


def _collect(patterns, prefix: str = "", route: str = "") -> list[tuple[str, str, URLPattern]]:
    found = []
    for p in patterns:
        regex = prefix + p.pattern.regex.pattern.lstrip("^")
        joined = route + str(p.pattern).lstrip("^")
        if isinstance(p, URLResolver):
            found += _collect(p.url_patterns, regex, joined)
        elif isinstance(p, URLPattern):
            found.append((regex, joined, p))
    return found


def public_routes() -> list[PublicRoute]:
    routes = []
    for regex, route, pattern in _collect(get_resolver().url_patterns):
        if regex.startswith(PRIVATE_PREFIXES):
            continue
        routes.append(PublicRoute(regex, route, pattern.name, "(?P<" in regex))
    return routes


def _plain_path(regex: str) -> str:
    return "/" + regex.replace("\\Z", "").replace("$", "").replace("\\", "")


def _route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def example_urls() -> list[str]:
    """The `example_urls()` of every installed app's `public_pages` module."""
    urls: list[str] = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.public_pages")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.public_pages":
                raise
            continue
        urls += module.example_urls()
    return urls


@dataclass
class Found:
    url: str
    route: str  # the resolver's route of the URL
    content_type: str


def discover(client: Client | None = None, *, per_route: int = 3, limit: int = 400) -> list[Found]:
    """The public pages that answer 200 to an anonymous visitor: at most `per_route` URLs per
    route (the first found), HTML and otherwise (a PDF memo)."""
    client = client or Client()
    seeds = [_plain_path(r.regex) for r in public_routes() if not r.has_params]
    queue = deque(dict.fromkeys(seeds + example_urls()))
    seen: set[str] = set(queue)
    per: Counter[str] = Counter()
    found: list[Found] = []
    while queue and len(found) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if path.lstrip("/").startswith(PRIVATE_PREFIXES):
            continue
        route = _route_of(path)
        if route is None or per[route] >= per_route:
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        per[route] += 1
        content_type = response.get("Content-Type", "")
        found.append(Found(url, route, content_type))
        if not content_type.startswith("text/html"):
            continue
        for href in _HREF.findall(response.content.decode()):
            link = unescape(href).split("#", 1)[0]
            if not link.startswith("/") or link.startswith("//") or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return found


def unreached_routes(found: list[Found]) -> list[str]:
    """Public routes with parameters that no found page belongs to."""
    reached = {f.route for f in found}
    problems = []
    for route in public_routes():
        if not route.has_params or route.regex.startswith(UNCRAWLABLE_PREFIXES):
            continue
        if route.route not in reached:
            problems.append(
                f"{route}: no public page links to it and no app's public_pages.example_urls() "
                "lists it"
            )
    return problems


def html_pages(found: list[Found]) -> list[str]:
    return [f.url for f in found if f.content_type.startswith("text/html")]


def load_demo_as_served() -> None:
    """The demo on today's date, as `tsunagu demo` loads it: the crawls see what a visitor sees
    (announcements expire and sessions come by the clock, so a fixed date falls behind)."""
    load_demo(today=timezone.localdate())
