"""Django forms for repeating groups (繰り返し) of a draft form version: the group's own
properties, and one sub-field (a column of the table). The schema module does the real
validation; these forms only turn the posted text into a field definition."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .forms import FieldForm
from .schema import DEFAULT_MAX_ROWS, GROUP


def _same_as(name: str) -> forms.Field:
    """A field declared exactly as the one of FieldForm."""
    return copy.deepcopy(FieldForm.base_fields[name])


class GroupForm(forms.Form):
    """The own properties of a repeating group; its sub-fields are edited one by one."""

    label = _same_as("label")
    help = _same_as("help")
    required = forms.BooleanField(label=_("必須（1行以上の入力が必要）"), required=False)
    sensitivity = _same_as("sensitivity")
    max_rows = forms.IntegerField(
        label=format_lazy(_("最大行数（1〜100。空欄なら{n}行）"), n=DEFAULT_MAX_ROWS),
        required=False,
        min_value=1,
        max_value=100,
    )

    @classmethod
    def initial_from(cls, group: dict[str, Any]) -> dict[str, Any]:
        return {
            "label": group["label"],
            "help": group.get("help", ""),
            "required": group.get("required", False),
            "sensitivity": group["sensitivity"],
            "max_rows": group.get("max_rows"),
        }

    def to_field(self, existing: dict[str, Any] | None = None) -> dict[str, Any]:
        """The group without its sub-fields (the service keeps those of `existing`)."""
        data = self.cleaned_data
        group: dict[str, Any] = {
            "label": data["label"],
            "type": GROUP,
            "sensitivity": data["sensitivity"],
        }
        if data["help"]:
            group["help"] = data["help"]
        if data["required"]:
            group["required"] = True
        if data["max_rows"]:
            group["max_rows"] = data["max_rows"]
        for kept in ("show_if", "core"):  # set outside the editor: kept as they are
            if existing and existing.get(kept):
                group[kept] = existing[kept]
        return group


class SubFieldForm(FieldForm):
    """One sub-field of a group: like a field, but never a group itself, and without display
    conditions, core items or risk answers (the schema allows none of them in a group)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__([], *args, **kwargs)
        for name in ("show_if_field", "show_if_values", "risk_values", "core"):
            del self.fields[name]
        self.fields["type"].error_messages["invalid_choice"] = _(
            "種類は一覧から選んでください（繰り返しの中に繰り返しは作れません）。"
        )
