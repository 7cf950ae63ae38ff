"""Forms of the contact log (also used by the API to validate, so errors read the same)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import User
from tsunagu.core.validation import clean_contact_time, clean_planned_date, clean_planned_time
from tsunagu.core.validation.date_fields import WarekiDateField, WarekiDateTimeField
from tsunagu.core.validation.errors import first_message
from tsunagu.core.validation.forms import IdMultipleChoiceField, model_text_field

from .models import Channel, Contact, ContactNote, NoteSource, OutreachVisit, Reached
from .services import staff_queryset

DATETIME_HELP = _(
    "和暦でも西暦でも入力できます。例: 令和8年4月1日 10:30、R8.4.1 10:30、2026-04-01 10:30"
)
DATE_HELP = _("和暦でも西暦でも入力できます。例: 令和8年4月30日、R8.4.30、2026-04-30")


class StaffChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


def _checked(check: Any, value: Any) -> Any:
    """Run a validator of tsunagu.core.validation on a cleaned form value (None stays None)."""
    if value is None:
        return None
    try:
        return check(value)
    except ValidationError as error:
        raise ValidationError(first_message(error)) from None


def _code_field(label: str, choices: Any, required: bool = True) -> forms.ChoiceField:
    """A select with an explicit blank first option (no silent default on a phone)."""
    blank = [("", "—")]
    return forms.ChoiceField(
        label=label,
        choices=blank + list(choices),
        required=required,
        error_messages={
            "required": _("選んでください。"),
            "invalid_choice": _("「%(value)s」は選べない値です。"),
        },
    )


class StaffMixin(forms.Form):
    def _init_staff(self, municipality_id: int, actor: User | None, label: str) -> None:
        self.fields["staff"] = StaffChoiceField(
            label=label,
            queryset=staff_queryset(municipality_id),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("選ばない場合は自分だけが記録されます。"),
        )
        if actor is not None and not self.is_bound:
            self.initial.setdefault("staff", [actor.pk])


class ContactForm(StaffMixin):
    channel = _code_field(_("方法"), Channel.choices)
    occurred_at = WarekiDateTimeField(
        label=_("日時"),
        help_text=DATETIME_HELP,
        error_messages={"required": _("日時を入力してください。")},
    )
    duration_minutes = forms.IntegerField(
        label=_("所要時間（分）"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )
    reached = _code_field(_("対応した相手"), Reached.choices)
    summary = model_text_field(
        Contact, "summary", label=_("概要"), widget=forms.Textarea(attrs={"rows": 3})
    )
    next_action = model_text_field(Contact, "next_action", label=_("次回の対応"))
    next_action_due = WarekiDateField(
        label=_("次回の対応の期限"), required=False, help_text=DATE_HELP
    )

    def __init__(
        self, *args: Any, municipality_id: int, actor: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._init_staff(municipality_id, actor, _("対応した職員"))
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0))

    def clean_occurred_at(self) -> Any:
        return _checked(clean_contact_time, self.cleaned_data.get("occurred_at"))

    def clean_next_action_due(self) -> Any:
        return _checked(clean_planned_date, self.cleaned_data.get("next_action_due"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("next_action_due") and not (data.get("next_action") or "").strip():
            self.add_error(
                "next_action", _("期限を入れる場合は、次回の対応の内容も書いてください。")
            )
        return data


class VisitRecordForm(ContactForm):
    """Recording a planned visit: the channel is 訪問 (fixed)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["channel"]
        self.fields["staff"].help_text = _("選ばない場合は訪問計画の訪問者が記録されます。")


class NoteForm(forms.Form):
    source = _code_field(_("情報源"), NoteSource.choices, required=False)
    text = model_text_field(
        ContactNote,
        "text",
        label=_("記録"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("text") or "").strip() and not data.get("source"):
            self.add_error("source", _("この記録が誰からの情報かを選んでください。"))
        return data


NoteFormSet = forms.formset_factory(NoteForm, extra=3, max_num=20)


def note_parts(formset: forms.BaseFormSet) -> list[tuple[str, str]]:
    return [
        (f.cleaned_data["source"], f.cleaned_data["text"])
        for f in formset.forms
        if f.cleaned_data and (f.cleaned_data.get("text") or "").strip()
    ]


class VisitPlanForm(StaffMixin):
    planned_for = WarekiDateTimeField(
        label=_("訪問予定日時"),
        help_text=DATETIME_HELP,
        error_messages={"required": _("訪問予定日時を入力してください。")},
    )
    purpose = model_text_field(
        OutreachVisit,
        "purpose",
        label=_("訪問の目的・進め方"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    safety_notes = model_text_field(
        OutreachVisit,
        "safety_notes",
        label=_("安全上の注意"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例：犬がいる、暴力の経過、玄関先で機関名を名乗らない"),
    )

    def __init__(
        self, *args: Any, municipality_id: int, actor: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._init_staff(municipality_id, actor, _("訪問者（2人以上を推奨）"))
        self.fields["staff"].help_text = _("選ばない場合は自分だけの訪問になります。")

    def clean_planned_for(self) -> Any:
        return _checked(clean_planned_time, self.cleaned_data.get("planned_for"))
