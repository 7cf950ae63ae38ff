from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.permissions import memberships_for

from .navigation import staff_nav

_MEMO = "_tsunagu_site_context"


def site(request: HttpRequest) -> dict[str, Any]:
    """The site's name, demo flag and the staff header. Kept on the request: a page that renders
    more than one template with the request (the case page's panels) builds it once. The key
    (user, path) makes a login or logout within the request build it again."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    key = (user.pk if signed_in else None, request.path)
    memo = getattr(request, _MEMO, None)
    if memo is not None and memo[0] == key:
        return memo[1]
    context: dict[str, Any] = {
        "SITE_NAME": _("つなぐ"),
        "TSUNAGU_DEMO_MODE": settings.TSUNAGU_DEMO_MODE,
        "EXIT_THIS_PAGE_URL": settings.TSUNAGU_EXIT_URL,
        "EASY_JAPANESE": getattr(request, "easy_japanese", False),
    }
    if signed_in:
        memberships = memberships_for(user)
        first = memberships[0] if memberships else None
        context.update(
            staff_nav=staff_nav(user, request.path),
            current_municipality=first.municipality if first else None,
            current_role_label="・".join(str(m.get_role_display()) for m in memberships),
        )
    setattr(request, _MEMO, (key, context))
    return context
