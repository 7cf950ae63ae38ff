"""What other apps add to the case page: panels below the timeline (handoffs, …) and facts
for its summary header (``register_case_summary`` below). Entries of the timeline itself are
registered with ``people.timeline.register_timeline_source``.

An app registers a panel once, in its ``AppConfig.ready()``::

    from tsunagu.people.panels import register_case_panel

    def _contacts_context(request, case):
        if not can(request.user, Action.VIEW_CASE, case.municipality_id):
            return None  # None: the panel is not shown
        return {"contacts": Contact.objects.visible_to(request.user, Action.VIEW_CASE).filter(case=case)[:20]}

    register_case_panel("contacts", "contacts/_case_panel.html", _contacts_context, order=10)

``context(request, case)`` runs after the case page's access helper has fetched, checked and
audited the case; it must still query through the scoping mechanism (``visible_to``). It returns
a dict (pushed onto the case page's context together with ``case``, as for an include) or
None to hide the panel. Panels render in ``order`` (then key) order; registering a key again
replaces the panel (safe when ready() runs twice in tests). Keep each panel's query count fixed
(select_related / prefetch_related): the case page's query count is asserted in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

ContextFunction = Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class CasePanel:
    key: str
    template: str
    context: ContextFunction
    order: int = 100


_PANELS: dict[str, CasePanel] = {}


def register_case_panel(
    key: str, template: str, context: ContextFunction, *, order: int = 100
) -> None:
    _PANELS[key] = CasePanel(key, template, context, order)


def unregister_case_panel(key: str) -> None:
    _PANELS.pop(key, None)


def case_panels() -> list[CasePanel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def case_panel_contexts(request: HttpRequest, case: Any) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of every panel that has something to show for this case. The case
    page renders each inside its own context ({% case_panel %}), as an include would: one
    request context for the page, not one per panel."""
    shown = []
    for panel in case_panels():
        extra = panel.context(request, case)
        if extra is not None:
            shown.append((panel.template, {**extra, "case": case}))
    return shown


# Facts for the case page's summary header ---------------------------------------------------
# Other apps add what only they know (the open next action from the contact log, the consent
# state and risk items from the intake) without the people app importing them:
#
#     register_case_summary("contacts", lambda request, case: {"next_action": contact})
#
# Each function returns a dict of facts (or None); list values ("risks") are concatenated, other
# keys must be distinct. Same rules as panels: scoped queries, a fixed number of them.

_SUMMARIES: dict[str, ContextFunction] = {}


def register_case_summary(key: str, facts: ContextFunction) -> None:
    _SUMMARIES[key] = facts


def case_summary(request: HttpRequest, case: Any) -> dict[str, Any]:
    """The facts every registered app adds to the summary header of this case."""
    merged: dict[str, Any] = {"risks": []}
    for key in sorted(_SUMMARIES):
        facts = _SUMMARIES[key](request, case) or {}
        for name, value in facts.items():
            if isinstance(value, list):
                merged.setdefault(name, []).extend(value)
            else:
                merged[name] = value
    return merged
