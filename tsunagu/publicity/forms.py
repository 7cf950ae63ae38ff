"""Forms of the announcement and flyer-placement pages. They read the input (the shared
validators); services.py checks the rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.date_fields import WarekiDateField, WarekiDateTimeField
from tsunagu.core.validation.forms import IdChoiceField, model_text_field
from tsunagu.programmes.models import Audience, Programme, Session

from .models import Announcement, FlyerPlacement, PlaceKind

DATE_HELP = _("和暦でも西暦でも入力できます。例: 令和8年4月1日、2026-04-01")
DATETIME_HELP = _("和暦でも西暦でも入力できます。例: 令和8年4月1日 9:00")
CHOICE_ERRORS = {"required": _("選んでください。"), "invalid_choice": _("選べない値です。")}
SESSION_DAYS = 120  # sessions offered for linking: those of the coming months


class AnnouncementForm(forms.Form):
    author = forms.ChoiceField(label=_("発信者"), error_messages=CHOICE_ERRORS)
    title = model_text_field(Announcement, "title")
    body = model_text_field(Announcement, "body", widget=forms.Textarea(attrs={"rows": 8}))
    easy_summary = model_text_field(
        Announcement,
        "easy_summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("ひらがなを多く、短い文で。公開ページに「やさしい にほんご」として載ります。"),
    )
    audience = forms.ChoiceField(
        label=_("対象"), choices=Audience.choices, error_messages=CHOICE_ERRORS
    )
    programme = IdChoiceField(
        label=_("関連するプログラム"),
        queryset=Programme.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    session = IdChoiceField(
        label=_("関連する開催回"),
        queryset=Session.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    publish_from = WarekiDateTimeField(label=_("公開開始"), help_text=DATETIME_HELP)
    expire_at = WarekiDateTimeField(
        label=_("掲載終了（空欄なら終了しません）"), help_text=DATETIME_HELP, required=False
    )
    image = forms.FileField(
        label=_("画像（PNG・JPEG、2MB まで。任意）"),
        required=False,
        error_messages={"invalid": _("ファイルを選び直してください。")},
    )
    image_alt = model_text_field(
        Announcement,
        "image_alt",
        help_text=_("画像があるときは必須です。画像が伝えることを文章で書いてください。"),
    )
    remove_image = forms.BooleanField(label=_("いまの画像を外す"), required=False)

    def __init__(self, *args: Any, authors: list[tuple[str, str]], municipalities, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["author"].choices = authors
        self.fields["programme"].queryset = Programme.objects.filter(
            municipality_id__in=municipalities
        ).order_by("municipality__code", "name")
        now = timezone.now()
        self.fields["session"].queryset = (
            Session.objects.filter(
                municipality_id__in=municipalities,
                starts_at__gte=now,
                starts_at__lt=now + datetime.timedelta(days=SESSION_DAYS),
            )
            .select_related("programme")
            .order_by("starts_at")
        )
        self.fields["session"].label_from_instance = _session_label

    def clean_image(self) -> bytes | None:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("画像は2MB以下にしてください。"))
        return upload.read()


def _session_label(session: Session) -> str:
    start = timezone.localtime(session.starts_at)
    return f"{session.programme.name} {start:%Y-%m-%d %H:%M}"


class PlacementForm(forms.Form):
    place_kind = forms.ChoiceField(
        label=_("置き場所の種類"), choices=PlaceKind.choices, error_messages=CHOICE_ERRORS
    )
    place_name = model_text_field(FlyerPlacement, "place_name")
    count = forms.IntegerField(label=_("部数"), min_value=1, max_value=100000)
    placed_on = WarekiDateField(label=_("置いた日"), help_text=DATE_HELP)
    replenish_on = WarekiDateField(label=_("補充する日"), help_text=DATE_HELP, required=False)
    announcement = IdChoiceField(
        label=_("お知らせ（任意）"),
        queryset=Announcement.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    municipality = forms.TypedChoiceField(
        label=_("自治体"), coerce=int, error_messages=CHOICE_ERRORS
    )
    note = model_text_field(FlyerPlacement, "note")

    def __init__(self, *args: Any, municipalities: list[tuple[int, str]], announcements, **kw):
        super().__init__(*args, **kw)
        self.fields["municipality"].choices = municipalities
        self.fields["announcement"].queryset = announcements
