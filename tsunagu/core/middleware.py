"""Cross-cutting response hardening."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
