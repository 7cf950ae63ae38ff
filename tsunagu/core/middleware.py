"""Cross-cutting response hardening, and the language of staff pages."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class NoStoreMiddleware:
    """Staff pages and the API hold personal data: never let a browser or proxy cache them.
    Public pages may be cached for a minute."""

    PREFIXES = ("/staff/", "/api/", "/accounts/")
    PUBLIC_MAX_AGE = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.PREFIXES) or request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.cookies
            and "Cache-Control" not in response
        ):
            # Public pages hold published information only (tests/test_public_pages.py proves
            # they never touch personal data): any cache may keep them briefly. The language
            # cookie is in Vary (ChosenLanguageMiddleware).
            response["Cache-Control"] = f"public, max-age={self.PUBLIC_MAX_AGE}"
        if request.path == "/accounts/logout/" and request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class StaffJapaneseMiddleware:
    """Staff pages are in Japanese only (README): the English catalogue covers the public site,
    the login and the error pages. Runs after ChosenLanguageMiddleware, so a visitor who chose English on
    the public site still gets consistent Japanese staff pages."""

    PREFIX = "/staff/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.PREFIX):
            translation.activate("ja")
            request.LANGUAGE_CODE = "ja"
        return self.get_response(request)


class ChosenLanguageMiddleware:
    """The language of a page is the one the visitor chose on the site (the language cookie,
    set by the switcher in the footer), else Japanese. The browser's Accept-Language is ignored on
    purpose: Japanese content must never sit inside an English frame because a browser happened
    to be set to English. やさしい日本語 is Japanese plus a second cookie (`EASY_COOKIE`): pages
    show the texts written in it where there are some (`request.easy_japanese`)."""

    EASY_COOKIE = "tsunagu_easy"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils.cache import patch_vary_headers

        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        request.easy_japanese = code == "ja" and request.COOKIES.get(self.EASY_COOKIE) == "1"
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
