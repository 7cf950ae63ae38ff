from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.permissions import memberships_for

from .navigation import staff_nav


def site(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "SITE_NAME": _("つなぐ"),
        "TSUNAGU_DEMO_MODE": settings.TSUNAGU_DEMO_MODE,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        memberships = memberships_for(user)
        first = memberships[0] if memberships else None
        context.update(
            staff_nav=staff_nav(user, request.path),
            current_municipality=first.municipality if first else None,
            current_role_label="・".join(str(m.get_role_display()) for m in memberships),
        )
    return context
