"""The header's unread count: one indexed COUNT, run only when a template shows it (the staff
header) and at most once per request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .services import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        # templates call a callable without arguments; remember the answer on the request
        if not hasattr(request, "_tsunagu_unread_notifications"):
            request._tsunagu_unread_notifications = unread_count(user)
        return request._tsunagu_unread_notifications

    return {"unread_notifications": count}
