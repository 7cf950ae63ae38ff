"""Forms of the programme pages. They read the input; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.codes import clean_phone
from tsunagu.core.validation.date_fields import WarekiDateField, WarekiDateTimeField
from tsunagu.core.validation.forms import model_text_field
from tsunagu.core.validation.text import clean_kana
from tsunagu.resources.models import Location

from .models import (
    WEEKDAY_LABELS,
    Audience,
    Fee,
    Frequency,
    Kind,
    Participant,
    Programme,
    Relation,
    Schedule,
    ScheduleException,
    Session,
)

DATE_HELP = _("和暦でも西暦でも入力できます。例: 令和8年4月1日、2026-04-01")
DATETIME_HELP = _("和暦でも西暦でも入力できます。例: 令和8年4月1日 14:00")
CHOICE_ERRORS = {"required": _("選んでください。"), "invalid_choice": _("選べない値です。")}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form (by field where the form has it)."""
    if hasattr(error, "error_dict"):
        for field, items in error.error_dict.items():
            for item in items:
                for message in item.messages:
                    form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _age(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=120)


class ProgrammeForm(forms.Form):
    runner = forms.ChoiceField(label=_("運営"), error_messages=CHOICE_ERRORS)
    name = model_text_field(Programme, "name")
    slug = forms.SlugField(
        label=_("識別名（URL に使う英数字）"),
        max_length=60,
        help_text=_("例: manbo、family-group。作った後は変えられません。"),
    )
    kind = forms.ChoiceField(label=_("種類"), choices=Kind.choices, error_messages=CHOICE_ERRORS)
    audience = forms.ChoiceField(
        label=_("対象"), choices=Audience.choices, error_messages=CHOICE_ERRORS
    )
    description = model_text_field(Programme, "description", widget=forms.Textarea)
    easy_summary = model_text_field(Programme, "easy_summary", widget=forms.Textarea)
    activities = model_text_field(
        Programme,
        "description",
        label=_("活動メニュー（1行に1つ）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    age_min = _age(_("対象年齢（下限）"))
    age_max = _age(_("対象年齢（上限）"))
    residents_only = forms.BooleanField(label=_("市区町村内在住の方に限る"), required=False)
    requires_enrolment = forms.BooleanField(
        label=_("参加登録が必要（登録しない催しは人数だけを記録します）"), required=False
    )
    capacity = forms.IntegerField(label=_("定員"), required=False, min_value=1, max_value=10000)
    offer_hours = forms.IntegerField(
        label=_("空き枠のご案内の回答期限（時間）"), min_value=1, max_value=720, initial=72
    )
    place = model_text_field(Programme, "place")
    accessibility = model_text_field(Programme, "accessibility", widget=forms.Textarea)
    how_to_join = model_text_field(Programme, "how_to_join", widget=forms.Textarea)
    visit_info = model_text_field(Programme, "visit_info", widget=forms.Textarea)
    contact = model_text_field(Programme, "contact")
    skip_holidays = forms.BooleanField(label=_("祝日は休み"), required=False, initial=True)
    skip_year_end = forms.BooleanField(
        label=_("年末年始（12/29〜1/3）は休み"), required=False, initial=True
    )
    is_published = forms.BooleanField(label=_("公開する"), required=False)
    # what the open-data 「イベント一覧」 and the public page show besides
    name_kana = model_text_field(Programme, "name_kana", help_text=_("例: ココカラ テイレイカイ"))
    name_en = model_text_field(Programme, "name_en")
    fee = forms.ChoiceField(
        label=_("料金"),
        choices=[("", _("（記載しない）")), *Fee.choices],
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    fee_detail = model_text_field(Programme, "fee_detail", help_text=_("例: 材料費100円"))
    contact_phone = forms.CharField(
        label=_("問い合わせ先の電話番号"),
        required=False,
        max_length=40,
        help_text=_("例: 042-576-2111"),
    )
    contact_extension = model_text_field(Programme, "contact_extension")
    url = forms.URLField(
        label=_("ホームページ"), required=False, max_length=300, assume_scheme="https"
    )
    location = forms.ModelChoiceField(  # a UUID id (resources): ModelChoiceField checks it
        label=_("所在地（社会資源の場所から選ぶと、住所と地図の位置を公開します）"),
        queryset=Location.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    parking = model_text_field(Programme, "parking")

    def __init__(
        self,
        *args: Any,
        runners: list[tuple[str, str]],
        editing: bool,
        locations: Any = None,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self.fields["runner"].choices = runners
        if locations is not None:
            self.fields["location"].queryset = locations
        if editing:
            self.fields["slug"].disabled = True
            self.fields["slug"].required = False

    # the shared validators name their field; a clean_<field> method raises plain messages
    def clean_name_kana(self) -> str:
        try:
            return clean_kana(self.cleaned_data["name_kana"], field="name_kana", max_length=120)
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean_contact_phone(self) -> str:
        try:
            return clean_phone(self.cleaned_data["contact_phone"], field="contact_phone")
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean_activities(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["activities"].splitlines()]
        items = [line[:60] for line in lines if line]
        if len(items) > 30:
            raise ValidationError(_("活動メニューは30個までです。"))
        return items

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("上限は下限以上にしてください。"))
        return data


WEEKDAY_CHOICES = [(str(i), f"{label}曜") for i, label in enumerate(WEEKDAY_LABELS)]
WEEK_CHOICES = [
    ("1", "第1"),
    ("2", "第2"),
    ("3", "第3"),
    ("4", "第4"),
    ("5", "第5"),
    ("-1", "最終"),
]


class ScheduleForm(forms.Form):
    label = model_text_field(Schedule, "label", help_text=_("例: 毎週水曜"))
    frequency = forms.ChoiceField(
        label=_("繰り返し"), choices=Frequency.choices, error_messages=CHOICE_ERRORS
    )
    interval = forms.IntegerField(
        label=_("間隔（毎週=1、隔週=2、3か月ごと=3）"), min_value=1, max_value=12, initial=1
    )
    weekdays = forms.MultipleChoiceField(
        label=_("曜日"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOICE_ERRORS,
    )
    week_numbers = forms.MultipleChoiceField(
        label=_("第N週（毎月・第N週のとき）"),
        choices=WEEK_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOICE_ERRORS,
    )
    month_day = forms.IntegerField(
        label=_("日付（毎月・日付のとき）"), required=False, min_value=1, max_value=31
    )
    starts_on = WarekiDateField(label=_("開始日"), help_text=DATE_HELP)
    until = WarekiDateField(label=_("終了日（なければ空欄）"), required=False, help_text=DATE_HELP)
    start_time = forms.TimeField(label=_("開始時刻"), help_text=_("例: 13:30"))
    end_time = forms.TimeField(label=_("終了時刻"), help_text=_("例: 15:30"))
    place = model_text_field(Schedule, "place")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["weekdays"] = sorted(int(d) for d in data.get("weekdays") or [])
        data["week_numbers"] = sorted(
            (int(n) for n in data.get("week_numbers") or []), key=lambda n: (n < 0, n)
        )
        freq = data.get("frequency")
        if freq in (Frequency.WEEKLY, Frequency.MONTHLY_NTH) and not data["weekdays"]:
            self.add_error("weekdays", _("曜日を選んでください。"))
        if freq == Frequency.MONTHLY_NTH and not data["week_numbers"]:
            self.add_error("week_numbers", _("第何週かを選んでください。"))
        if freq == Frequency.MONTHLY_DAY and not data.get("month_day"):
            self.add_error("month_day", _("日付を入力してください。"))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and start >= end:
            self.add_error("end_time", _("終了は開始より後にしてください。"))
        first, last = data.get("starts_on"), data.get("until")
        if first and last and last < first:
            self.add_error("until", _("終了日は開始日以降にしてください。"))
        return data


class ExceptionForm(forms.Form):
    date = WarekiDateField(label=_("休みにする日"), help_text=DATE_HELP)
    reason = model_text_field(ScheduleException, "reason", help_text=_("例: 会場点検のため"))


class ExtraSessionForm(forms.Form):
    starts_at = WarekiDateTimeField(label=_("開始"), help_text=DATETIME_HELP)
    ends_at = WarekiDateTimeField(label=_("終了"), help_text=DATETIME_HELP)
    title = model_text_field(Session, "title")
    place = model_text_field(Session, "place")
    note = model_text_field(Session, "note")


class EditSessionForm(forms.Form):
    starts_at = WarekiDateTimeField(label=_("開始"), help_text=DATETIME_HELP)
    ends_at = WarekiDateTimeField(label=_("終了"), help_text=DATETIME_HELP)
    title = model_text_field(Session, "title")
    place = model_text_field(Session, "place", help_text=_("空欄ならプログラムの場所"))
    note = model_text_field(Session, "note", help_text=_("公開カレンダーに表示されます。"))
    capacity = forms.IntegerField(
        label=_("定員（この回だけ違うとき）"), required=False, min_value=1, max_value=10000
    )
    apply_until = WarekiDateTimeField(
        label=_("申込の締切（あれば）"), required=False, help_text=DATETIME_HELP
    )

    @staticmethod
    def initial_of(session: Session) -> dict[str, Any]:
        """The session's values as the form shows them (local times)."""

        def local(moment: Any) -> str:
            return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""

        return {
            "starts_at": local(session.starts_at),
            "ends_at": local(session.ends_at),
            "title": session.title,
            "place": session.place,
            "note": session.note,
            "capacity": session.capacity,
            "apply_until": local(session.apply_until),
        }


class CancelForm(forms.Form):
    reason = model_text_field(Session, "cancel_reason", required=True)


class EnrolForm(forms.Form):
    name = model_text_field(
        Participant,
        "name",
        required=False,
        help_text=_("呼び名やイニシャルでも構いません（世帯員を選んだときは空欄で可）。"),
    )
    relation = forms.ChoiceField(
        label=_("参加者の立場"), choices=Relation.choices, error_messages=CHOICE_ERRORS
    )
    age = _age(_("年齢（わかれば）"))
    is_resident = forms.BooleanField(label=_("市区町村内在住"), required=False, initial=True)
    person_id = forms.IntegerField(
        label=_("本人記録の番号（相談記録と結びつけるとき）"),
        required=False,
        min_value=1,
        max_value=2**62,
    )
    household_member = forms.TypedChoiceField(
        label=_("参加する方（本人記録の世帯から選ぶ）"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages=CHOICE_ERRORS,
    )
    note = model_text_field(Participant, "note", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, members: list[tuple[int, str]] = (), **kw: Any):
        super().__init__(*args, **kw)
        field = self.fields["household_member"]
        field.choices = [("", _("本人")), *members]
        if not members:  # no person chosen yet, or no household recorded: nothing to show
            field.widget = forms.HiddenInput()


class CountsForm(forms.Form):
    visitor_count = forms.IntegerField(
        label=_("見学・体験（名前を記録しない人数）"), min_value=0, max_value=10000, initial=0
    )
    anonymous_count = forms.IntegerField(
        label=_("参加者数（名前を記録しない人数）"), min_value=0, max_value=10000, initial=0
    )
    visitor_name = model_text_field(
        Participant, "name", label=_("名前を記録する見学・体験者（呼び名）"), required=False
    )
    visitor_person_id = forms.IntegerField(
        label=_("見学者の本人記録の番号（わかれば）"), required=False, min_value=1, max_value=2**62
    )
