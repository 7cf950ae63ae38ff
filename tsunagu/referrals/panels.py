"""The case page's おつなぎ panel: a link to the case's referrals, and to the 「おつなぎ」 form for
those who may refer. It costs the case page no query (the case page has a statement budget):
the referrals themselves, their answers and feedback are on the case's referral page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tsunagu.accounts.permissions import Action, can
from tsunagu.people.models import Case
from tsunagu.people.panels import register_case_panel


def case_panel_context(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    user = request.user
    if can(user, Action.REFER_CASE, case.municipality_id):
        return {"may_refer": True}
    if can(user, Action.VIEW_CASE, case.municipality_id) and not can(
        user, Action.ANSWER_REFERRAL, case.municipality_id
    ):
        return {"may_refer": False}
    return None  # an agency's staff see the referrals sent to them in their inbox


def register() -> None:
    register_case_panel("referrals", "referrals/_case_panel.html", case_panel_context, order=55)
