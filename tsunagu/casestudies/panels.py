"""What the case-study app adds to the case page: a link for those who may export (no query:
the permission check reads the user's cached memberships)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tsunagu.accounts.permissions import Action, can


def _context(request: HttpRequest, case: Any) -> dict[str, Any] | None:
    if not can(request.user, Action.EXPORT_RECORDS, case.municipality_id):
        return None
    return {}


def register() -> None:
    from tsunagu.people.panels import register_case_panel

    register_case_panel("case_study", "casestudies/_case_panel.html", _context, order=90)
