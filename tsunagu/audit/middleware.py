from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .context import AuditContext, _current
from .log import record_refusal


def client_ip(request: HttpRequest) -> str:
    """The client address. Behind N trusted proxies, the N-th X-Forwarded-For entry from the
    right (entries further left are written by the client and can be forged)."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


class AuditContextMiddleware:
    """Makes the acting user, client address and a request id available to the audit log, and
    records a request a view refused with PermissionDenied."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(AuditContext(ip_address=client_ip(request), request=request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            record_refusal(request.method or "", request.path)
