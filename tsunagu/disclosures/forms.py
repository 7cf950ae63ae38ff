"""The form that opens a 開示請求 (the review's marks are read by review.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.date_fields import WarekiDateField
from tsunagu.core.validation.forms import TextField

from .models import Requester


class RequestForm(forms.Form):
    received_on = WarekiDateField(
        label=_("開示請求の受付日"),
        help_text=_("開示決定の期限は受付日から30日以内です（個人情報保護法第83条）。"),
    )
    requester = forms.ChoiceField(
        label=_("開示請求者"), choices=Requester.choices, widget=forms.RadioSelect
    )
    requester_name = TextField(
        label=_("開示請求者の氏名（本人以外のとき）"), max_length=100, required=False
    )
