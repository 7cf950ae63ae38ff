"""What the disclosure app adds to the case page: a link to the person's 開示請求 for those who
may answer one (no query: the permission check reads the user's cached memberships)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tsunagu.accounts.permissions import can

from .assemble import ACTION


def _context(request: HttpRequest, case: Any) -> dict[str, Any] | None:
    if not can(request.user, ACTION, case.municipality_id):
        return None
    return {}


def register() -> None:
    from tsunagu.people.panels import register_case_panel

    register_case_panel("disclosure_request", "disclosures/_case_panel.html", _context, order=95)
