"""Public pages served from the shared cache: a visitor's GET of the navigator, the directory or
the calendar costs a cache read instead of queries and a template.

Only what any proxy may already keep is kept here: a response the site marks
``Cache-Control: public, max-age=N`` (NoStoreMiddleware: public pages only, never staff pages,
the API or a page carrying a person's answers), with no cookie set, no CSP nonce and no CSRF
token in it, for at most N seconds. Only visitors who carry no cookie but the language choice
are served from it (anyone with a session, a CSRF or a messages cookie gets the page built for
them), and the key is the host, the path with its query and the language choice.

Shared across app servers and workers (Redis, TSUNAGU_REDIS_URL): off without it, because a
change made in one process must reach every other one. Any save or delete in the apps that
public pages show (PUBLIC_APPS) moves a version number that is part of every key, so a
published change is visible at once; a change written without signals (bulk updates) shows
within N seconds, as it would through a proxy.

The same version (`version()`) tells the navigator's per-process copy of the public data
(tsunagu.navigator.snapshot) that it is out of date. It moves with or without Redis (without
it, the cache and so the version are per process: the demo and the tests run in one), and once
more when the write's transaction commits: a copy built by another process between the write
and its commit read the data before it, under the new version.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

from .middleware import NoStoreMiddleware

# The apps whose rows public pages show: a write in any of them refreshes every public page.
PUBLIC_APPS = frozenset(
    {"tenancy", "routing", "programmes", "resources", "publicity", "booking", "navigator"}
)
VERSION_KEY = "tsunagu:public-pages:version"
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age=(\d+)")


def cache_seconds() -> int:
    return int(getattr(settings, "TSUNAGU_PUBLIC_CACHE_SECONDS", 0))


def version() -> int:
    """The version of the public data. A first one (or one after the key was lost: a flushed
    or restarted Redis) is the clock in nanoseconds, never a number an earlier copy was built
    under."""
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: nothing was built under one
        version()


def public_data_changed(sender: type, **kwargs: Any) -> None:
    """Signal receiver: a row public pages may show was written."""
    if sender._meta.app_label in PUBLIC_APPS:
        bump_version()
        connection = transaction.get_connection()
        if connection.in_atomic_block and any(
            func is bump_version for _ids, func, _robust in connection.run_on_commit
        ):
            return  # once per transaction is enough
        transaction.on_commit(bump_version)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(public_data_changed, dispatch_uid=f"tsunagu-public-cache-{signal!r}")


# Paths whose pages are built for every visitor, cookies or not (the navigator's questions and
# result carry the answers in the query string): no lookup in the shared cache, which would
# find nothing and cost two round trips to Redis. Filled by `built_for_every_visitor`, from
# views whose path takes no parameters (a handful of paths).
_PRIVATE_PATHS: set[str] = set()


def built_for_every_visitor(request: HttpRequest) -> None:
    """A view says its page (at this path, whatever the query) is never kept."""
    _PRIVATE_PATHS.add(request.path)


def _visitor_key(request: HttpRequest) -> str | None:
    """The cache key of this request, or None if it must be built for the visitor."""
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return None
    if request.path.startswith(NoStoreMiddleware.PREFIXES) or request.path in _PRIVATE_PATHS:
        return None
    choices = (settings.LANGUAGE_COOKIE_NAME, "tsunagu_easy")
    if set(request.COOKIES) - set(choices):
        return None
    parts = [
        request.get_host(),
        request.get_full_path(),
        *(request.COOKIES.get(c, "") for c in choices),
    ]
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"tsunagu:public-page:{version()}:{request.method}:{digest}"


def _storable_for(request: HttpRequest, response: HttpResponse) -> int:
    """Seconds this response may be kept (0: not at all)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return 0
    control = response.get("Cache-Control", "")
    found = _MAX_AGE.search(control)
    if "public" not in control or found is None:
        return 0
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return 0  # the page names this request's nonce
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return 0  # the page holds a CSRF token
    return min(int(found.group(1)), cache_seconds())


class PublicPageCacheMiddleware:
    """Placed right after the CSP middleware: a page served from here gets a fresh CSP header,
    which is why pages naming a nonce are not kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _visitor_key(request) if cache_seconds() else None
        if key is None:
            return self.get_response(request)
        kept = cache.get(key)
        if kept is not None:
            return kept
        response = self.get_response(request)
        seconds = _storable_for(request, response)
        if seconds:
            cache.set(key, response, seconds)
        return response
