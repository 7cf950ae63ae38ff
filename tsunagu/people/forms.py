"""Forms of the person and case pages (Japanese errors; the services validate again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.permissions import Action, users_who_may
from tsunagu.core.validation import MAX_ID, clean_birth, clean_kana, clean_phone, max_length_of
from tsunagu.core.validation.date_fields import DateReadoutInput
from tsunagu.core.validation.errors import first_message
from tsunagu.core.validation.forms import TextField, model_formfield, model_text_field
from tsunagu.jp.phone import format_phone_jp, normalize_phone
from tsunagu.jp.wareki import EARLIEST_WAREKI_DATE, _era_year_label, format_wareki, to_wareki

from .models import (
    Case,
    CaseStatusChange,
    ClosureReason,
    EngagementChange,
    EngagementStage,
    HouseholdMember,
    Person,
    PersonMerge,
    Sex,
)

BIRTH_HELP = _(
    "和暦でも西暦でも入力できます。例: 昭和60年4月1日、S60.4.1、1985-04-01。"
    "分かる範囲で: 昭和60年、1985年3月、40歳、40代、不明。"
)


def birth_as_text(person: Person) -> str:
    """The person's birth date as text that the birth field reads back unchanged."""
    p, d = person.birth_date_precision, person.birth_date
    if p in ("day", "month", "year") and d is not None:
        if d < EARLIEST_WAREKI_DATE:
            return {"day": d.isoformat(), "month": f"{d.year}-{d.month:02d}"}.get(p, str(d.year))
        if p == "day":
            return format_wareki(d, "long")
        label = _era_year_label(*to_wareki(d))
        return f"{label}{d.month}月" if p == "month" else label
    if p == "age" and person.stated_age is not None:
        return f"{person.stated_age}歳"
    if p == "band" and person.age_band is not None:
        return f"{person.age_band}代"
    return ""


def _field_error(error: ValidationError) -> ValidationError:
    return ValidationError(first_message(error))


class PersonForm(forms.Form):
    family_name = model_text_field(Person, "family_name", label=_("姓"))
    given_name = model_text_field(Person, "given_name", label=_("名"))
    family_name_kana = model_text_field(
        Person,
        "family_name_kana",
        label=_("姓（フリガナ）"),
        help_text=_("ひらがな・半角カナでも入力できます（全角カタカナで保存します）。"),
    )
    given_name_kana = model_text_field(Person, "given_name_kana", label=_("名（フリガナ）"))
    nickname = model_text_field(Person, "nickname", label=_("呼び名・通称"))
    sex = forms.ChoiceField(label=_("性別"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_text = TextField(
        label=_("生年月日"),
        max_length=40,
        required=False,
        help_text=BIRTH_HELP,
        widget=DateReadoutInput("birth"),
    )
    phone = TextField(label=_("電話番号"), max_length=40, required=False)
    address = model_text_field(Person, "address", label=_("住所"))
    district = model_text_field(
        Person,
        "district",
        label=_("居住地区"),
        help_text=_("窓口の振り分けに使います（例: 由木地区）。"),
    )
    contact_notes = model_text_field(
        Person,
        "contact_notes",
        label=_("連絡上の配慮"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("電話可の時間帯、名乗り方（機関名を出さない）、郵送不可など。"),
    )
    notes = model_text_field(
        Person, "notes", label=_("特記事項"), widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def for_person(cls, person: Person, data: Any = None) -> PersonForm:
        initial = {name: getattr(person, name) for name in cls.base_fields if name != "birth_text"}
        initial["birth_text"] = birth_as_text(person)
        if person.phone:
            try:
                initial["phone"] = format_phone_jp(person.phone)
            except ValueError:
                pass
        return cls(data=data, initial=initial)

    def _kana(self, name: str) -> str:
        try:
            return clean_kana(
                self.cleaned_data.get(name, ""), field=None, max_length=max_length_of(Person, name)
            )
        except ValidationError as error:
            raise _field_error(error) from None

    def clean_family_name_kana(self) -> str:
        return self._kana("family_name_kana")

    def clean_given_name_kana(self) -> str:
        return self._kana("given_name_kana")

    def clean_phone(self) -> str:
        try:
            return clean_phone(self.cleaned_data.get("phone", ""))
        except ValidationError as error:
            raise _field_error(error) from None

    def clean_birth_text(self) -> str:
        value = self.cleaned_data.get("birth_text", "")
        try:
            clean_birth(value)
        except ValidationError as error:
            raise _field_error(error) from None
        return value

    def changed_values(self) -> dict[str, Any]:
        """The cleaned values of the fields the user changed (as update_person kwargs)."""
        values = {}
        for name in self.changed_data:
            value = self.cleaned_data[name]
            if name == "phone" and self.initial.get("phone"):
                try:
                    if normalize_phone(self.initial["phone"]) == value:
                        continue
                except ValueError:
                    pass
            values[name] = value
        return values


class HouseholdMemberForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = [
            "relation",
            "name",
            "age",
            "living_together",
            "care_level",
            "employment",
            "health_note",
            "note",
        ]
        widgets = {
            "health_note": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"age": _("現在の年齢（分からなければ空欄）。")}
        formfield_callback = model_formfield

    def clean_age(self) -> int | None:
        age = self.cleaned_data.get("age")
        if age is not None and not 0 <= age <= 130:
            raise ValidationError(_("年齢は0〜130で入力してください。"))
        return age


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("変更後の状況"), choices=Case.Status.choices)
    closure_reason = forms.ChoiceField(
        label=_("終結理由"),
        choices=[("", _("（終結するときに選ぶ）")), *ClosureReason.choices],
        required=False,
    )
    reason = model_text_field(
        CaseStatusChange,
        "reason",
        label=_("理由・経過"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("再開するとき、終結理由が「その他」のときは必須です。"),
    )


class EngagementForm(forms.Form):
    stage = forms.ChoiceField(label=_("本人との関わりの段階"), choices=EngagementStage.choices)
    note = model_text_field(
        EngagementChange,
        "note",
        label=_("メモ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def worker_choices(municipality_id: int) -> list[tuple[str, str]]:
    """Staff who may do casework in this municipality (the service checks the case itself)."""
    workers = users_who_may(Action.EDIT_CASE, municipality_id)
    return [("", _("（主担当なし）")), *((str(u.pk), str(u)) for u in workers)]


class LeadForm(forms.Form):
    worker = forms.ChoiceField(label=_("主担当"), required=False)

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = worker_choices(municipality_id)


class MergeChooseForm(forms.Form):
    keep_id = forms.IntegerField(label=_("残す記録の番号"), min_value=1, max_value=MAX_ID)
    absorb_id = forms.IntegerField(label=_("統合される記録の番号"), min_value=1, max_value=MAX_ID)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("keep_id") and data.get("keep_id") == data.get("absorb_id"):
            raise ValidationError(_("異なる2つの記録を選んでください。"))
        return data


class MergeConfirmForm(MergeChooseForm):
    reason = model_text_field(
        PersonMerge,
        "reason",
        label=_("統合の理由"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("同一人物と判断した根拠（例: 氏名・生年月日・電話番号が一致）。"),
    )


class UndoMergeForm(forms.Form):
    reason = model_text_field(
        PersonMerge,
        "undo_reason",
        label=_("取消の理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
