"""Forms of the meeting pages. They read the input; the services check the rules (the same
validators as the API), and their errors come back onto the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import User
from tsunagu.core.validation.date_fields import WarekiDateField, WarekiDateTimeField
from tsunagu.core.validation.forms import IdChoiceField, IdMultipleChoiceField, model_text_field
from tsunagu.tenancy.models import Organization, Window

from .models import MAX_ACCESS_HOURS, ActionItem, AgendaItem, Meeting, MeetingKind, RoleAssignment

DATETIME_HELP = _("和暦でも西暦でも入力できます。例: 令和8年4月1日 10:30、2026-04-01 10:30")
DATE_HELP = _("和暦でも西暦でも入力できます。例: 令和8年4月30日、2026-04-30")


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


class UserChoiceField(IdChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class UsersChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("会議の種類"),
        choices=[("", "—"), *MeetingKind.choices],
        error_messages={"required": _("選んでください。"), "invalid_choice": _("選べない値です。")},
    )
    title = model_text_field(Meeting, "title", help_text=_("例: 第3回 八王子市支援会議"))
    starts_at = WarekiDateTimeField(label=_("開始"), help_text=DATETIME_HELP)
    ends_at = WarekiDateTimeField(label=_("終了予定"), help_text=DATETIME_HELP)
    place = model_text_field(Meeting, "place", required=False)
    online_url = model_text_field(Meeting, "online_url", required=False)
    access_hours = forms.IntegerField(
        label=_("終了後に資料を閲覧できる時間（時間）"),
        min_value=0,
        max_value=MAX_ACCESS_HOURS,
        initial=24,
        help_text=_("構成員は会議の開始から、終了予定のこの時間後まで議題の資料を閲覧できます。"),
    )
    window = IdChoiceField(label=_("主催窓口"), queryset=Window.objects.none())
    members = UsersChoiceField(
        label=_("構成員"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("自分は自動で構成員になります。あとから追加もできます。"),
    )

    def __init__(
        self, *args: Any, windows: Any, users: Any, default_window: Window | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = windows
        self.fields["members"].queryset = users
        if default_window is not None and not self.is_bound:
            self.initial.setdefault("window", default_window.pk)


class MemberForm(forms.Form):
    user = UserChoiceField(label=_("追加する構成員"), queryset=User.objects.none())

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class AgendaItemForm(forms.Form):
    case = forms.IntegerField(
        label=_("ケース番号"),
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_(
            "ケースのページの「ケース #番号」の番号。担当窓口のケースだけを議題にできます。"
        ),
    )
    heading = model_text_field(AgendaItem, "heading")
    summary = model_text_field(
        AgendaItem, "summary", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    sensitive_summary = model_text_field(
        AgendaItem, "sensitive_summary", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, network: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if network:
            del self.fields["case"]
            self.fields["heading"].label = _("事例の見出し（匿名化）")
            self.fields["heading"].help_text = _(
                "例: 40代男性・8050世帯の事例。氏名や住所は書かないでください。"
            )
            del self.fields["sensitive_summary"]


class DirectionForm(forms.Form):
    direction = model_text_field(
        AgendaItem, "direction", required=True, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoleForm(forms.Form):
    organization = IdChoiceField(
        label=_("機関・団体"), queryset=Organization.objects.none(), required=False
    )
    user = UserChoiceField(
        label=_("担当者（構成員）"), queryset=User.objects.none(), required=False
    )
    role = model_text_field(
        RoleAssignment, "role", help_text=_("例: 月1回の家庭訪問、就労準備の相談")
    )

    def __init__(self, *args: Any, organizations: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["user"].queryset = users


class ActionItemForm(forms.Form):
    owner = UserChoiceField(label=_("担当者（構成員）"), queryset=User.objects.none())
    title = model_text_field(ActionItem, "title")
    due_on = WarekiDateField(label=_("期限"), help_text=DATE_HELP)

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users


class MinutesForm(forms.Form):
    minutes = model_text_field(
        Meeting, "minutes", required=True, widget=forms.Textarea(attrs={"rows": 12})
    )
