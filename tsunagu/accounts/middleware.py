"""Session security: idle and absolute expiry, session tracking, mandatory two-factor auth.

Order in MIDDLEWARE: after SessionMiddleware, AuthenticationMiddleware and MessageMiddleware
(these middlewares add messages), IdleTimeoutMiddleware before UserSessionMiddleware.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .mfa import has_mfa
from .permissions import requires_mfa
from .sessions import LAST_SEEN_KEY, LOGIN_AT_KEY, follow_session

__all__ = [
    "LAST_SEEN_KEY",
    "IdleTimeoutMiddleware",
    "RequireMFAMiddleware",
    "UserSessionMiddleware",
]


class IdleTimeoutMiddleware:
    """Logs a user out after TSUNAGU_IDLE_TIMEOUT_SECONDS without a request, and in any case
    SESSION_COOKIE_AGE seconds after login (absolute lifetime)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            idle = now - session.get(LAST_SEEN_KEY, now)
            age = now - session.get(LOGIN_AT_KEY, now)
            if idle > settings.TSUNAGU_IDLE_TIMEOUT_SECONDS or age > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, "一定時間操作がなかったため、ログアウトしました。")
                return redirect_to_login(request.get_full_path())
            session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class UserSessionMiddleware:
    """Keeps the UserSession row of a logged-in session pointing at the live session key
    (it changes when the key is cycled, e.g. on a password change) and its last_seen fresh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            follow_session(request)
        return response


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
