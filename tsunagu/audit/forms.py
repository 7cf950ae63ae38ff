"""The filters of the audit-log screen (hostile input → Japanese messages, never a 500)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation import MAX_ID, clean_recorded_date
from tsunagu.core.validation.date_fields import WarekiDateField
from tsunagu.core.validation.errors import first_message
from tsunagu.core.validation.forms import IdChoiceField, TextField
from tsunagu.tenancy.models import Municipality

from .browse import AuditFilter
from .models import AuditAction


class AuditFilterForm(forms.Form):
    municipality = IdChoiceField(
        label=_("自治体"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("すべて"),
    )
    person = forms.IntegerField(
        label=_("本人ID"),
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={"invalid": _("本人IDは数字で入力してください。")},
    )
    case = forms.IntegerField(
        label=_("ケースID"),
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={"invalid": _("ケースIDは数字で入力してください。")},
    )
    user = TextField(label=_("職員（ユーザー名）"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("操作"), required=False, choices=[("", _("すべて")), *AuditAction.choices]
    )
    date_from = WarekiDateField(label=_("期間（から）"), required=False)
    date_to = WarekiDateField(label=_("期間（まで）"), required=False)

    def __init__(self, municipality_ids: list[int], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            pk__in=municipality_ids
        ).order_by("code")
        if len(municipality_ids) == 1:
            del self.fields["municipality"]

    def _bounded(self, name: str) -> Any:
        day = self.cleaned_data.get(name)
        if day is None:
            return None
        try:
            return clean_recorded_date(day, field=name)
        except ValidationError as error:
            raise ValidationError(first_message(error)) from None

    def clean_date_from(self) -> Any:
        return self._bounded("date_from")

    def clean_date_to(self) -> Any:
        return self._bounded("date_to")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("期間の開始日は終了日より前にしてください。"))
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        municipality = data.get("municipality")
        return AuditFilter(
            municipality_id=municipality.pk if municipality else None,
            person_id=data.get("person"),
            case_id=data.get("case"),
            username=data.get("user") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
