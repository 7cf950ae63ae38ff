"""Which sessions each user has, and ending them all (logout everywhere, account disabled).

Every login writes a UserSession row keyed by the session key; logout deletes it; when the
session key is cycled while logged in (password change), UserSessionMiddleware follows it.
Ending a user's sessions deletes exactly the rows' sessions: no scan of the session table.
"""

from __future__ import annotations

import datetime
import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tsunagu.audit.log import record
from tsunagu.audit.middleware import client_ip
from tsunagu.audit.models import AuditAction

from .models import User, UserSession

# Keys this module and tsunagu.accounts.middleware keep in the session.
TRACKED_KEY = "tsunagu_session_key"  # the key the UserSession row was written under
LOGIN_AT_KEY = "tsunagu_login_at"  # unix time of login (absolute lifetime)
LAST_SEEN_KEY = "tsunagu_last_seen"  # unix time of the last request (idle expiry)
ROW_SEEN_KEY = "tsunagu_row_seen"  # when UserSession.last_seen was last written

# UserSession.last_seen and the session's LAST_SEEN_KEY are written at most this often
# (seconds), not on every request.
LAST_SEEN_RESOLUTION = 60


def _session_store_class() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore


def track_login(request: HttpRequest, user: User) -> UserSession:
    """Called on user_logged_in: remember this session under the user."""
    session = request.session
    if not session.session_key:
        session.save()
    now = timezone.now()
    # Rows of sessions that expired without a logout are past the absolute lifetime.
    stale = now - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    UserSession.objects.filter(user=user, created_at__lt=stale).delete()
    row, _ = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen": now,
            "ip": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )
    unix_now = int(time.time())
    session[TRACKED_KEY] = session.session_key
    session[LOGIN_AT_KEY] = unix_now
    session[LAST_SEEN_KEY] = unix_now
    session[ROW_SEEN_KEY] = unix_now
    return row


def track_logout(request: HttpRequest | None) -> None:
    """Called on user_logged_out, before the session is flushed."""
    session = getattr(request, "session", None)
    if session is None:
        return
    keys = {k for k in (session.session_key, session.get(TRACKED_KEY)) if k}
    if keys:
        UserSession.objects.filter(session_key__in=keys).delete()


def follow_session(request: HttpRequest) -> None:
    """Per authenticated request: follow a cycled session key and refresh last_seen."""
    session = request.session
    key = session.session_key
    tracked = session.get(TRACKED_KEY)
    if not key or not tracked:
        return
    now = int(time.time())
    if tracked != key:
        UserSession.objects.filter(session_key=tracked).update(
            session_key=key, last_seen=timezone.now()
        )
        session[TRACKED_KEY] = key
        session[ROW_SEEN_KEY] = now
    elif now - session.get(ROW_SEEN_KEY, 0) >= LAST_SEEN_RESOLUTION:
        UserSession.objects.filter(session_key=key).update(last_seen=timezone.now())
        session[ROW_SEEN_KEY] = now


def sessions_of(user: User) -> list[UserSession]:
    """The user's sessions, newest first (for a "your sessions" page)."""
    return list(UserSession.objects.filter(user=user).order_by("-created_at"))


def end_all_sessions(user: User, *, reason: str = "logout_all", actor: Any = None) -> int:
    """Delete every session of this user. Returns how many were ended.

    `actor` is who did it (the user themself for "logout everywhere"; for an account being
    disabled, the administrator acting in the current request, taken from the audit context).
    """
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    store_class = _session_store_class()
    for key in keys:
        store_class(session_key=key).delete()
    UserSession.objects.filter(user=user, session_key__in=keys).delete()
    if keys or reason == "logout_all":
        record(
            AuditAction.LOGOUT_ALL,
            user=actor,
            object_type="accounts.user",
            object_id=user.pk,
            extra={"sessions": len(keys), "reason": reason},
        )
    return len(keys)
