"""Forms of the routing rule editor and its 「この設定で試す」 form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.forms import TextField, model_formfield
from tsunagu.tenancy.models import Municipality, Window

from .models import RoutingRule
from .services import validate_rule
from .topics import TOPICS


class RuleForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("主訴（いずれかに該当）"),
        choices=TOPICS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("選ばなければ主訴を問いません。"),
    )

    class Meta:
        model = RoutingRule
        fields = [
            "priority",
            "age_min",
            "age_max",
            "districts",
            "other_districts",
            "topics",
            "window",
            "note",
            "is_active",
        ]
        widgets = {"districts": forms.Textarea(attrs={"rows": 2})}
        formfield_callback = model_formfield

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["window"].queryset = Window.objects.filter(municipality=municipality)
        self.fields["window"].error_messages["invalid_choice"] = _(
            "窓口は同じ自治体のものを選んでください。"
        )
        for name in ("age_min", "age_max"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 130})
            self.fields[name].validators.append(
                MaxValueValidator(130, message=_("年齢は0〜130の範囲で入力してください。"))
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        probe = RoutingRule(
            municipality=self.instance.municipality,
            window=data.get("window"),
            age_min=data.get("age_min"),
            age_max=data.get("age_max"),
            districts=data.get("districts") or "",
            other_districts=bool(data.get("other_districts")),
        )
        try:
            validate_rule(probe)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(name, message)
        return data


class TryForm(forms.Form):
    """「この設定で試す」: age, district and topics → the suggestions."""

    age = forms.IntegerField(
        label=_("年齢"),
        required=False,
        min_value=0,
        max_value=130,
        help_text=_("分からなければ空欄にします。"),
        error_messages={"invalid": _("年齢は数字で入力してください。")},
    )
    district = TextField(label=_("地区・町名"), required=False, max_length=100)
    topics = forms.MultipleChoiceField(
        label=_("主訴"), choices=TOPICS, required=False, widget=forms.CheckboxSelectMultiple
    )
