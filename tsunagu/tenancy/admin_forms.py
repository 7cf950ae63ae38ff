"""Forms of the window and organization settings pages (rules: tenancy.window_admin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation import clean_phone, clean_planned_date, clean_postal_code
from tsunagu.core.validation.date_fields import WarekiDateField
from tsunagu.core.validation.errors import first_message
from tsunagu.core.validation.forms import TextField, model_formfield

from .models import Channel, OpeningException, OpeningHours, Organization, Window
from .window_admin import ORGANIZATION_FIELDS, WINDOW_FIELDS


class WindowForm(forms.ModelForm):
    # typed in any common form, stored normalized (the shared validators below)
    postal_code = TextField(label=_("郵便番号"), required=False, max_length=20)
    phone = TextField(label=_("電話番号"), required=False, max_length=40)
    channels = forms.MultipleChoiceField(
        label=_("相談方法"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Window
        fields = list(WINDOW_FIELDS)
        formfield_callback = model_formfield

    def __init__(self, municipality_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Organization.objects.filter(
            municipality_id=municipality_id
        ).order_by("name")

    def clean_phone(self) -> str:
        try:
            return clean_phone(self.cleaned_data.get("phone", ""))
        except ValidationError as error:
            raise ValidationError(first_message(error)) from None

    def clean_postal_code(self) -> str:
        try:
            return clean_postal_code(self.cleaned_data.get("postal_code", ""))
        except ValidationError as error:
            raise ValidationError(first_message(error)) from None

    def _post_clean(self) -> None:  # no model validation here: window_admin.save_window does it
        return None


class PeriodForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("曜日"), choices=OpeningHours.Weekday.choices, coerce=int
    )
    opens = forms.TimeField(
        label=_("開始"), error_messages={"invalid": _("時刻は 9:00 のように入力してください。")}
    )
    closes = forms.TimeField(
        label=_("終了"), error_messages={"invalid": _("時刻は 17:00 のように入力してください。")}
    )


PeriodFormSet = forms.formset_factory(
    PeriodForm, extra=2, can_delete=True, max_num=21, validate_max=True, absolute_max=30
)


class ExceptionForm(forms.Form):
    date = WarekiDateField(label=_("日付（和暦可）"))
    kind = forms.ChoiceField(label=_("種類"), choices=OpeningException.Kind.choices)
    opens = forms.TimeField(
        label=_("開始"),
        required=False,
        error_messages={"invalid": _("時刻は 9:00 のように入力してください。")},
    )
    closes = forms.TimeField(
        label=_("終了"),
        required=False,
        error_messages={"invalid": _("時刻は 17:00 のように入力してください。")},
    )
    place = forms.CharField(label=_("場所（出張相談）"), required=False, max_length=200)
    note = forms.CharField(label=_("備考"), required=False, max_length=200)

    def clean_date(self) -> Any:
        try:
            return clean_planned_date(self.cleaned_data["date"], field="date")
        except ValidationError as error:
            raise ValidationError(first_message(error)) from None


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FIELDS)
        formfield_callback = model_formfield

    def clean_website(self) -> str:
        url = self.cleaned_data.get("website", "")
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise ValidationError(
                    _("URLの形式が正しくありません（https:// から入力してください）。")
                ) from None
        return url

    def _post_clean(self) -> None:  # window_admin.save_organization validates the record
        return None
