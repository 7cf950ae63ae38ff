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

from .login_rules import request_refusal
from .sessions import LAST_SEEN_KEY, LAST_SEEN_RESOLUTION, LOGIN_AT_KEY, follow_session

__all__ = [
    "LAST_SEEN_KEY",
    "IdleTimeoutMiddleware",
    "RequireMFAMiddleware",
    "UserSessionMiddleware",
]


class IdleTimeoutMiddleware:
    """Logs a user out after TSUNAGU_IDLE_TIMEOUT_SECONDS without a request, and in any case
    SESSION_COOKIE_AGE seconds after login (absolute lifetime).

    The time of the last request is stamped into the session at most every
    LAST_SEEN_RESOLUTION seconds: stamping every request made each page a session write and a
    second commit. Idle time is counted from the stamp, so a session may end up to that many
    seconds early, never late."""

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
            if now - session.get(LAST_SEEN_KEY, 0) >= LAST_SEEN_RESOLUTION:
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
    """Applies login_rules to every request of a logged-in session.

    A session whose account may no longer log in (disabled, or a demo account once demo mode is
    off) is ended. An account whose only refusal is a missing TOTP reaches nothing but the
    account pages until it enrols one (the API answers 403).
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        refusal = request_refusal(user) if user.is_authenticated else None
        if refusal is None:
            return self.get_response(request)
        if not refusal.lifted_by_enrolment:
            logout(request)
            messages.error(request, refusal.message)
            return redirect("account_login")
        if request.path.startswith(self.ALLOWED_PREFIXES):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return HttpResponse(status=403)
        messages.warning(request, refusal.message)
        return redirect("mfa_activate_totp")
