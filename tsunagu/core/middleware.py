"""Cross-cutting response hardening, and the language of staff pages."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class NoStoreMiddleware:
    """Staff pages and the API hold personal data: never let a browser or proxy cache them."""

    PREFIXES = ("/staff/", "/api/", "/accounts/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.PREFIXES) or request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        if request.path == "/accounts/logout/" and request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class StaffJapaneseMiddleware:
    """Staff pages are in Japanese only (README): the English catalogue covers the public site,
    the login and the error pages. Runs after LocaleMiddleware, so a visitor who chose English on
    the public site still gets consistent Japanese staff pages."""

    PREFIX = "/staff/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.PREFIX):
            translation.activate("ja")
            request.LANGUAGE_CODE = "ja"
        return self.get_response(request)
