from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .context import AuditContext, _current


def client_ip(request: HttpRequest) -> str:
    if getattr(settings, "TSUNAGU_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


class AuditContextMiddleware:
    """Makes the acting user, client address and a request id available to the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(AuditContext(ip_address=client_ip(request), request=request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
