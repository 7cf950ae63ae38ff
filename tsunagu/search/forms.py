"""The search box."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.forms import TextField

MAX_QUERY = 100


class SearchForm(forms.Form):
    q = TextField(
        label=_("氏名・フリガナ・生年月日・電話番号"),
        max_length=MAX_QUERY,
        required=False,
        help_text=_(
            "名前の一部（漢字・ひらがな・カタカナ）、生年月日（例 S60.4.1）、電話番号のどれでも検索できます。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "type": "search"}),
    )
