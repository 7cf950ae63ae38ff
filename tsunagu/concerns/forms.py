from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.forms import model_formfield
from tsunagu.tenancy.models import Municipality

from .models import ConcernReport
from .services import REPORT_FIELDS


class ConcernReportForm(forms.ModelForm):
    class Meta:
        model = ConcernReport
        fields = list(REPORT_FIELDS)
        formfield_callback = model_formfield
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 4}),
            "how_known": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "district": {"required": _("地区・町名を入力してください。")},
            "situation": {"required": _("気になっている様子を入力してください。")},
        }

    def __init__(self, *args: Any, municipalities: list[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = {str(m.pk): m for m in municipalities}
        if len(municipalities) > 1:
            self.fields["municipality"] = forms.ChoiceField(
                label=_("自治体"),
                choices=[(str(m.pk), m.name) for m in municipalities],
                error_messages={"invalid_choice": _("自治体を選んでください。")},
            )
            self.order_fields(["municipality", *REPORT_FIELDS])

    def chosen_municipality(self) -> Municipality:
        if "municipality" in self.fields:
            return self.municipalities[self.cleaned_data["municipality"]]
        return next(iter(self.municipalities.values()))

    def report_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}
