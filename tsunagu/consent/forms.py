"""Forms of the consent pages (the services validate again, as for the API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.date_fields import WarekiDateField
from tsunagu.core.validation.forms import IdMultipleChoiceField, model_text_field
from tsunagu.tenancy.models import Organization

from .models import Category, Consent, Form, GivenBy

DATE_HELP = _("和暦でも西暦でも入力できます。例: 令和8年4月30日、R8.4.30、2026-04-30")


class OrganizationChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name}（{obj.get_org_type_display()}）"


class ConsentForm(forms.Form):
    given_by = forms.ChoiceField(
        label=_("同意した人"), choices=GivenBy.choices, widget=forms.RadioSelect
    )
    given_by_name = model_text_field(
        Consent, "given_by_name", help_text=_("本人以外のとき（例：母 山田花子）。")
    )
    organizations = OrganizationChoiceField(
        label=_("提供先の機関"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("提供先の機関を1つ以上選んでください。")},
    )
    categories = forms.MultipleChoiceField(
        label=_("提供する情報の種類"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("提供する情報の種類を1つ以上選んでください。")},
    )
    purpose = model_text_field(Consent, "purpose", widget=forms.Textarea(attrs={"rows": 3}))
    given_on = WarekiDateField(
        label=_("同意日"),
        help_text=DATE_HELP,
        error_messages={"required": _("同意日を入力してください。")},
    )
    form = forms.ChoiceField(label=_("同意の方法"), choices=Form.choices, widget=forms.RadioSelect)
    expires_on = WarekiDateField(
        label=_("有効期限"),
        required=False,
        help_text=_("この日まで有効です。空欄は期限なし。") + " " + DATE_HELP,
    )

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = Organization.objects.filter(
            municipality_id=municipality_id
        ).order_by("name")

    @classmethod
    def initial_from(cls, consent: Consent, organization_ids: list[int]) -> dict[str, Any]:
        """A change starts from the consent it replaces (given today)."""
        return {
            "given_by": consent.given_by,
            "given_by_name": consent.given_by_name,
            "organizations": organization_ids,
            "categories": list(consent.categories),
            "purpose": consent.purpose,
            "given_on": timezone.localdate(),
            "form": consent.form,
            "expires_on": consent.expires_on,
        }

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["organizations"] = [o.pk for o in data["organizations"]]
        return data


class WithdrawForm(forms.Form):
    reason = model_text_field(
        Consent,
        "withdrawal_reason",
        label=_("撤回の理由"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例：本人から電話で撤回の申し出があった。"),
        error_messages={"required": _("撤回の理由を入力してください。")},
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            if field == "withdrawal_reason" and "reason" in form.fields:
                target = "reason"
            for item in errors:
                form.add_error(target, item.messages[0] if item.messages else str(item))
    else:
        for message in error.messages:
            form.add_error(None, message)
