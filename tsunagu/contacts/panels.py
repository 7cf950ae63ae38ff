"""The contact log's panel on the case page (registered with tsunagu.people.panels)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tsunagu.accounts.permissions import Action, can


def case_panel_context(request: HttpRequest, case: Any) -> dict[str, Any] | None:
    """Latest 5 contacts and their open next actions; None (hidden) without VIEW_CASE."""
    if not can(request.user, Action.VIEW_CASE, case.municipality_id):
        return None
    from .views import panel_context

    return panel_context(request, case)


def register() -> None:
    try:
        from tsunagu.people.panels import register_case_panel
    except ImportError:  # pragma: no cover - the registry ships with tsunagu.people
        return
    register_case_panel("contacts", "contacts/_panel.html", case_panel_context, order=10)
