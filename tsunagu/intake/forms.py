"""Django forms: starting an intake, and editing one field of a draft form version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import memberships_for
from tsunagu.core.validation import MAX_ID
from tsunagu.core.validation.forms import IdChoiceField
from tsunagu.tenancy.models import Window

from .form_rules import CORE_LABELS
from .form_services import default_version
from .schema import CHOICE_TYPES, CORE, DEFAULT_MAX_LENGTH, GROUP, NUMBER, TYPES, choices_of
from .schema import core_fields as schema_core_fields


class StartForm(forms.Form):
    channel = forms.ChoiceField(label=_("受付方法"), required=False)
    window = IdChoiceField(label=_("受付窓口"), queryset=Window.objects.none(), empty_label=None)
    concern = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID
    )

    def __init__(self, user: User, municipality_ids: list[int], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = (
            Window.objects.filter(municipality_id__in=municipality_ids)
            .select_related("municipality")
            .order_by("municipality__code", "name")
        )
        own = next((m.window_id for m in memberships_for(user) if m.window_id), None)
        if own:
            self.fields["window"].initial = own
        self.version = default_version(municipality_ids[0])
        self.channel_key = None
        choices: list[tuple[str, str]] = [("", _("（選んでください）"))]
        if self.version is not None:
            field = schema_core_fields(self.version.schema).get("channel")
            if field:
                self.channel_key = field["key"]
                choices += [(c["code"], c["label"]) for c in choices_of(field)]
        self.fields["channel"].choices = choices
        self.fields["channel"].widget.attrs["autofocus"] = True

    def initial_answers(self) -> dict[str, Any]:
        channel = self.cleaned_data.get("channel")
        if channel and self.channel_key:
            return {self.channel_key: channel}
        return {}


def _codes_text(choices: list[dict[str, str]]) -> str:
    return "\n".join(f"{c['code']}:{c['label']}" for c in choices)


class FieldForm(forms.Form):
    """One field of a draft version. The schema module does the real validation. There is no
    key to type: the service generates it from the label and keeps it (form_rules)."""

    label = forms.CharField(label=_("項目名"), max_length=200)
    type = forms.ChoiceField(
        label=_("種類"), choices=[(k, v) for k, v in TYPES.items() if k != GROUP]
    )
    help = forms.CharField(
        label=_("聞き方（電話で読み上げる質問）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label=_("必須"), required=False)
    sensitivity = forms.ChoiceField(
        label=_("機密区分"),
        choices=[("S", _("S 要配慮個人情報")), ("P", _("P 個人情報")), ("O", _("O 業務情報"))],
    )
    choices = forms.CharField(
        label=_("選択肢（1行に「コード:表示名」。不明は unknown:不明）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    show_if_field = forms.ChoiceField(label=_("表示条件：この項目に回答があるとき"), required=False)
    show_if_values = forms.CharField(
        label=_("表示条件の値（コードをカンマ区切り。空なら回答があれば表示）"), required=False
    )
    risk_values = forms.CharField(
        label=_("リスクとみなす回答（コードをカンマ区切り）"), required=False
    )
    core = forms.ChoiceField(label=_("基本項目（集計用の列）"), required=False)
    max_length = forms.IntegerField(
        label=_("最大文字数"), required=False, min_value=1, max_value=10000
    )
    min = forms.FloatField(label=_("最小値"), required=False)
    max = forms.FloatField(label=_("最大値"), required=False)

    def __init__(
        self,
        other_fields: list[tuple[str, str]],
        *args: Any,
        protected: bool = False,
        **kwargs: Any,
    ):
        """`other_fields`: (key, label) of the fields a display condition may name;
        `protected`: the field is a core field of the published version (its type and core
        item are fixed; the service refuses changes to them in any case)."""
        super().__init__(*args, **kwargs)
        self.fields["show_if_field"].choices = [("", _("（常に表示）")), *other_fields]
        self.fields["core"].choices = [("", _("（なし）"))] + [
            (k, CORE_LABELS.get(k, k)) for k in CORE
        ]
        if protected:
            for name in ("type", "core"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "一覧・絞り込み・集計に使われる基本項目なので変えられません。"
                )

    @classmethod
    def initial_from(cls, field: dict[str, Any]) -> dict[str, Any]:
        condition = field.get("show_if") or {}
        return {
            "label": field["label"],
            "type": field["type"],
            "help": field.get("help", ""),
            "required": field.get("required", False),
            "sensitivity": field["sensitivity"],
            "choices": _codes_text(field.get("choices", [])),
            "show_if_field": condition.get("field", ""),
            "show_if_values": ",".join(condition.get("values", [])),
            "risk_values": ",".join(field.get("risk_values", [])),
            "core": field.get("core", ""),
            "max_length": field.get("max_length"),
            "min": field.get("min"),
            "max": field.get("max"),
        }

    def clean_choices(self) -> list[dict[str, str]]:
        out = []
        for number, line in enumerate(self.cleaned_data["choices"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, label = line.strip().partition(":")
            if not sep:
                raise forms.ValidationError(
                    _("%(n)s行目：「コード:表示名」の形で書いてください。") % {"n": number}
                )
            out.append({"code": code.strip(), "label": label.strip()})
        return out

    def to_field(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["type"]
        field: dict[str, Any] = {
            "label": data["label"],
            "type": kind,
            "sensitivity": data["sensitivity"],
        }
        for name in ("help", "core"):
            if data.get(name):
                field[name] = data[name]
        if data["required"]:
            field["required"] = True
        if kind in CHOICE_TYPES:
            field["choices"] = data["choices"]
        if data.get("show_if_field"):
            values = [v.strip() for v in data["show_if_values"].split(",") if v.strip()]
            field["show_if"] = {"field": data["show_if_field"], "values": values}
        risk = [v.strip() for v in data.get("risk_values", "").split(",") if v.strip()]
        if risk:
            field["risk_values"] = risk
        if kind in DEFAULT_MAX_LENGTH and data["max_length"]:
            field["max_length"] = data["max_length"]
        if kind == NUMBER:
            for bound in ("min", "max"):
                if data[bound] is not None:
                    value = data[bound]
                    field[bound] = int(value) if value.is_integer() else value
        return field
