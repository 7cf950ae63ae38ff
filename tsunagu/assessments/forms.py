"""The assessment form: date, the person's words, strengths and a row per domain."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.date_fields import WarekiDateField
from tsunagu.core.validation.forms import model_text_field

from .models import Assessment, Domain, DomainRating, Rating

DATE_HELP = _("和暦でも西暦でも入力できます。例: 令和8年4月30日、R8.4.30、2026-04-30")


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AssessmentForm(forms.Form):
    assessed_on = WarekiDateField(
        label=_("実施日"),
        help_text=DATE_HELP,
        error_messages={"required": _("実施日を入力してください。")},
    )
    wishes = model_text_field(Assessment, "wishes", widget=textarea())
    goals = model_text_field(Assessment, "goals", widget=textarea())
    strengths = model_text_field(Assessment, "strengths", widget=textarea())
    summary = model_text_field(Assessment, "summary", widget=textarea(4))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain, label in Domain.choices:
            self.fields[f"{domain}_rating"] = forms.ChoiceField(
                label=_("%(domain)sの評価") % {"domain": label},
                choices=Rating.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("評価を選んでください。"),
                    "invalid_choice": _("「%(value)s」は選べない値です。"),
                },
            )
            self.fields[f"{domain}_notes"] = model_text_field(
                DomainRating,
                "notes",
                label=_("%(domain)sの所見") % {"domain": label},
                widget=textarea(2),
            )

    @classmethod
    def for_version(cls, assessment: Assessment, **kwargs: Any) -> AssessmentForm:
        initial = {
            "assessed_on": assessment.assessed_on,
            **{name: getattr(assessment, name) for name in ("wishes", "goals", "strengths")},
            "summary": assessment.summary,
        }
        for row in assessment.ratings.all():
            initial[f"{row.domain}_rating"] = row.rating
            initial[f"{row.domain}_notes"] = row.notes
        return cls(initial=initial, **kwargs)

    def domain_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(domain label, rating field, notes field) per domain, for the template."""
        return [
            (str(label), self[f"{domain}_rating"], self[f"{domain}_notes"])
            for domain, label in Domain.choices
        ]

    def service_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of services.save_assessment from a valid form."""
        data = self.cleaned_data
        return {
            "assessed_on": data["assessed_on"],
            "wishes": data["wishes"],
            "goals": data["goals"],
            "strengths": data["strengths"],
            "summary": data["summary"],
            "ratings": {d: (data[f"{d}_rating"], data[f"{d}_notes"]) for d in Domain.values},
        }
