"""What the consent app adds to the case page: a panel of links, with no query at all (the
case page has a statement budget; the consents themselves are on their own page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tsunagu.accounts.permissions import Action, can


def consent_panel(request: HttpRequest, case: Any) -> dict[str, Any] | None:
    municipality_id = case.municipality_id
    view = can(request.user, Action.VIEW_CONSENTS, municipality_id)
    disclosures = can(request.user, Action.VIEW_DISCLOSURES, municipality_id)
    if not (view or disclosures):
        return None
    return {
        "can_view_consents": view,
        "can_manage_consents": can(request.user, Action.MANAGE_CONSENTS, municipality_id),
        "can_view_disclosures": disclosures,
    }


def register() -> None:
    from tsunagu.people.panels import register_case_panel

    register_case_panel("consent", "consent/_case_panel.html", consent_panel, order=40)
