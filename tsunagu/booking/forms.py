"""The public booking form: the minimum (a nickname, a contact, who is consulting, a note)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Consulter, ContactMethod


class BookingForm(forms.Form):
    """Only shapes the page; the answers are checked by services.clean_visitor (shared
    validators), whose errors are put back on these fields."""

    nickname = forms.CharField(
        label=_("お名前（ニックネームでかまいません）"), max_length=40, required=False
    )
    contact_method = forms.ChoiceField(
        label=_("連絡方法"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    contact = forms.CharField(
        label=_("メールアドレスまたは電話番号"),
        max_length=254,
        required=False,
        help_text=_("選んだ連絡方法のものを1つ。メールなら予約の確認と前日のお知らせが届きます。"),
    )
    consulter = forms.ChoiceField(
        label=_("相談するのは、どなたですか"),
        choices=Consulter.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    mode = forms.ChoiceField(
        label=_("相談のしかた"), choices=(), widget=forms.RadioSelect, required=False
    )
    note = forms.CharField(
        label=_("ひとこと（任意）"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("伝えておきたいことがあれば（400文字まで）。書かなくてもかまいません。"),
    )

    def __init__(self, *args, modes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        if modes:
            self.fields["mode"].choices = modes
        else:  # an outreach session: in person at its place only
            del self.fields["mode"]
