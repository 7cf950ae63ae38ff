"""Session security: idle expiry and mandatory two-factor authentication."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .mfa import has_mfa
from .permissions import requires_mfa

LAST_SEEN_KEY = "tsunagu_last_seen"


class IdleTimeoutMiddleware:
    """Logs a user out after TSUNAGU_IDLE_TIMEOUT_SECONDS without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.TSUNAGU_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, "一定時間操作がなかったため、ログアウトしました。")
                return redirect(f"{reverse('account_login')}?next={request.path}")
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """Roles that can read personal data must enrol TOTP before doing anything else.

    Demo mode (never in production settings) lets the printed demo accounts in without it.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not (settings.TSUNAGU_DEMO_MODE and user.is_demo)
            and requires_mfa(user)
            and not has_mfa(user)
        ):
            if request.path.startswith("/api/"):
                return HttpResponse(status=403)
            messages.warning(request, "個人情報を扱う役割では二要素認証の設定が必要です。")
            return redirect("mfa_activate_totp")
        return self.get_response(request)
