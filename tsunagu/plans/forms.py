"""The support plan form: dates and direction, then rows of goals and of actions (formsets).

Blank rows are left out. An action's responsible is one select of staff and organizations
(values "u<id>" / "o<id>"), so exactly one is chosen by construction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tsunagu.assessments.forms import DATE_HELP, textarea
from tsunagu.core.validation.date_fields import WarekiDateField
from tsunagu.core.validation.forms import model_text_field

from .models import GoalOwner, PlanAction, PlanGoal, SupportPlan
from .services import (
    MAX_ACTIONS,
    MAX_GOALS,
    ActionIn,
    GoalIn,
    responsible_organizations,
    responsible_users,
)

CHOICE_ERRORS = {
    "required": _("選んでください。"),
    "invalid_choice": _("「%(value)s」は選べない値です。"),
}


class PlanForm(forms.Form):
    made_on = WarekiDateField(
        label=_("作成日"),
        help_text=DATE_HELP,
        error_messages={"required": _("作成日を入力してください。")},
    )
    review_on = WarekiDateField(
        label=_("見直し予定日"),
        help_text=DATE_HELP,
        error_messages={"required": _("見直し予定日を入力してください。")},
    )
    direction = model_text_field(SupportPlan, "direction", widget=textarea(3))
    person_agreed = forms.BooleanField(label=_("本人がこの計画に同意している"), required=False)


class GoalForm(forms.Form):
    owner = forms.ChoiceField(
        label=_("誰の目標か"), choices=GoalOwner.choices, error_messages=CHOICE_ERRORS
    )
    text = model_text_field(PlanGoal, "text", label=_("目標"), required=False, widget=textarea(2))

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("text") or "").strip()


def responsible_choices(municipality_id: int) -> list[tuple[str, Any]]:
    users = [(f"u{u.pk}", str(u)) for u in responsible_users(municipality_id)]
    orgs = [(f"o{o.pk}", o.name) for o in responsible_organizations(municipality_id)]
    return [("", "—"), (_("職員"), users), (_("機関・団体"), orgs)]


class ActionForm(forms.Form):
    what = model_text_field(
        PlanAction, "what", label=_("支援の内容"), required=False, widget=textarea(2)
    )
    responsible = forms.ChoiceField(
        label=_("担当（職員または機関）"), required=False, error_messages=CHOICE_ERRORS
    )
    due_on = WarekiDateField(label=_("期限"), required=False, help_text=DATE_HELP)

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = choices

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (
            (data.get("what") or "").strip() or data.get("responsible") or data.get("due_on")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.is_blank():
            if not (data.get("what") or "").strip():
                self.add_error("what", _("支援の内容を入力してください。"))
            if not data.get("responsible") and "responsible" not in self.errors:
                self.add_error("responsible", _("担当する職員か機関を選んでください。"))
        return data

    def action(self) -> ActionIn:
        data = self.cleaned_data
        kind, pk = data["responsible"][:1], int(data["responsible"][1:])
        return ActionIn(
            what=data["what"],
            responsible_user=pk if kind == "u" else None,
            responsible_organization=pk if kind == "o" else None,
            due_on=data.get("due_on"),
        )


GoalFormSet = forms.formset_factory(
    GoalForm, extra=2, max_num=MAX_GOALS, absolute_max=MAX_GOALS, validate_max=True
)
ActionFormSet = forms.formset_factory(
    ActionForm, extra=2, max_num=MAX_ACTIONS, absolute_max=MAX_ACTIONS, validate_max=True
)


class PlanForms:
    """The plan form and its two formsets, bound or initial, with the service's arguments."""

    def __init__(self, plan: SupportPlan, data: Any = None) -> None:
        choices = responsible_choices(plan.municipality_id)
        kwargs = {"form_kwargs": {"choices": choices}}
        if data is None:
            self.plan = PlanForm(
                initial={
                    "made_on": plan.made_on,
                    "review_on": plan.review_on,
                    "direction": plan.direction,
                    "person_agreed": plan.person_agreed,
                }
            )
            goals = [{"owner": g.owner, "text": g.text} for g in plan.goals.all()]
            actions = [
                {
                    "what": a.what,
                    "responsible": f"u{a.responsible_user_id}"
                    if a.responsible_user_id
                    else f"o{a.responsible_organization_id}",
                    "due_on": a.due_on,
                }
                for a in plan.actions.all()
            ]
            self.goals = GoalFormSet(prefix="goals", initial=goals or [{"owner": "person"}])
            self.actions = ActionFormSet(prefix="actions", initial=actions, **kwargs)
        else:
            self.plan = PlanForm(data)
            self.goals = GoalFormSet(data, prefix="goals")
            self.actions = ActionFormSet(data, prefix="actions", **kwargs)
        self._goal_rows: list[GoalForm] = []
        self._action_rows: list[ActionForm] = []

    def is_valid(self) -> bool:
        valid = [f.is_valid() for f in (self.plan, self.goals, self.actions)]
        return all(valid)

    def service_kwargs(self) -> dict[str, Any]:
        self._goal_rows = [f for f in self.goals if f.cleaned_data and not f.is_blank()]
        self._action_rows = [f for f in self.actions if f.cleaned_data and not f.is_blank()]
        data = self.plan.cleaned_data
        return {
            "made_on": data["made_on"],
            "review_on": data["review_on"],
            "direction": data["direction"],
            "person_agreed": data["person_agreed"],
            "goals": [
                GoalIn(f.cleaned_data["owner"], f.cleaned_data["text"]) for f in self._goal_rows
            ],
            "actions": [f.action() for f in self._action_rows],
        }

    def add_errors(self, error: ValidationError) -> None:
        """A service's errors on the row and field they name ("goals-0-text"), or the plan."""
        if not hasattr(error, "error_dict"):
            self.plan.add_error(None, error.messages)
            return
        rows = {"goals": self._goal_rows, "actions": self._action_rows}
        for key, messages in error.message_dict.items():
            group, _sep, rest = key.partition("-")
            index, _sep, field = rest.partition("-")
            if group in rows and index.isdigit() and int(index) < len(rows[group]):
                form = rows[group][int(index)]
                form.add_error(field if field in form.fields else None, messages)
            else:
                self.plan.add_error(key if key in self.plan.fields else None, messages)
