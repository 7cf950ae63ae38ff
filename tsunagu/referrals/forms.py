"""Forms of the referral pages: 「おつなぎ」 (send), the receiver's answer and feedback, the
sender's cancellation. The API builds the same forms from its JSON (one validation path)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.consent.disclosure import Basis, valid_consents
from tsunagu.consent.models import Consent
from tsunagu.core.validation.forms import IdChoiceField, TextField, model_text_field
from tsunagu.jp.wareki import format_wareki
from tsunagu.people.models import Case
from tsunagu.tenancy.models import Organization

from . import services
from .models import Referral, ReferralEvent, Status
from .workflow import RECEIVER, next_statuses

STATUTE = "statute"
STATUTE_EXAMPLE = "人の生命、身体又は財産の保護のため（個人情報保護法第69条第2項第4号）"


def consent_label(consent: Consent) -> str:
    parts = [
        _("%(who)sの同意") % {"who": consent.get_given_by_display()},
        format_wareki(consent.given_on),
        str(consent.get_form_display()),
    ]
    if consent.expires_on:
        parts.append(_("%(day)sまで") % {"day": format_wareki(consent.expires_on)})
    categories = "・".join(consent.category_labels())
    return f"{' '.join(parts)}（{categories}）"


class ReferralForm(forms.Form):
    organization = IdChoiceField(
        queryset=Organization.objects.none(),
        label=gettext_lazy("おつなぎ先の機関・団体"),
        empty_label=gettext_lazy("選んでください"),
        error_messages={
            "required": gettext_lazy("おつなぎ先を選んでください。"),
            "invalid_choice": gettext_lazy("おつなぎ先を一覧から選んでください。"),
        },
    )
    service_name = model_text_field(
        Referral,
        "service_name",
        required=False,
        help_text=gettext_lazy("機関のどのサービス・事業につなぐか（任意。例：就労準備支援）。"),
    )
    message = model_text_field(
        Referral,
        "message",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "おつなぎ先に表示されます。病歴・障害など要配慮個人情報はここに書かず、"
            "必要なら下の共有範囲で「要配慮個人情報」を選んでください。"
        ),
        error_messages={"required": gettext_lazy("依頼内容を入力してください。")},
    )
    covers_intake = forms.BooleanField(
        label=gettext_lazy("相談受付票"),
        required=False,
        initial=False,
        help_text=gettext_lazy(
            "受付票を読める役割（委託相談員など）にだけ表示されます。関係機関担当の役割には表示されません。"
        ),
    )
    covers_contacts = forms.BooleanField(
        label=gettext_lazy("支援記録"), required=False, initial=False
    )
    covers_sensitive = forms.BooleanField(
        label=gettext_lazy("要配慮個人情報（相談の概要・記録の本文など）"),
        required=False,
        initial=False,
        help_text=gettext_lazy("関係機関担当の役割は、選んでも要配慮個人情報を閲覧できません。"),
    )
    # Validated by clean_basis, not as a fixed choice: a consent withdrawn between showing the
    # form and sending it must reach disclose(), whose message says why sharing is refused.
    basis = forms.CharField(
        label=gettext_lazy("情報提供の根拠"),
        max_length=40,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("情報提供の根拠を選んでください。")},
    )
    statute_name = TextField(
        label=gettext_lazy("法令の名称と条項"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("同意によらないときだけ。例：%(example)s")
        % {"example": STATUTE_EXAMPLE},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["organization"].queryset = services.organizations_to_refer(case)
        self.fields["basis"].widget.choices = [
            *((f"consent:{c.pk}", consent_label(c)) for c in valid_consents(case)),
            (STATUTE, _("法令に基づく提供（同意によらない）")),
        ]

    def clean_basis(self) -> Basis | str:
        choice = self.cleaned_data["basis"]
        if choice == STATUTE:
            return STATUTE
        kind, _sep, pk = choice.partition(":")
        consent = None
        if kind == "consent" and pk.isascii() and pk.isdigit() and len(pk) < 19:
            consent = (
                Consent.objects.in_municipality(self.case.municipality_id)
                .filter(pk=int(pk), person_id=self.case.person_id)
                .first()
            )
        if consent is None:
            raise ValidationError(_("情報提供の根拠を一覧から選んでください。"))
        return Basis.consent(consent)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("basis") == STATUTE and not data.get("statute_name"):
            self.add_error("statute_name", _("根拠とする法令の名称と条項を入力してください。"))
        return data

    def covers(self) -> dict[str, bool]:
        return {name: self.cleaned_data[name] for name in services.COVER_CATEGORIES}

    def basis_value(self) -> Basis:
        basis = self.cleaned_data["basis"]
        if basis == STATUTE:
            return Basis.statute(self.cleaned_data["statute_name"])
        return basis


def respond_choices(referral: Referral) -> list[tuple[str, str]]:
    labels = dict(Status.choices)
    return [(s, labels[s]) for s in next_statuses(referral.status, RECEIVER)]


class RespondForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("回答"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("回答を選んでください。"),
            "invalid_choice": gettext_lazy("この状態からは選べない回答です。"),
        },
    )
    reason = model_text_field(
        ReferralEvent,
        "note",
        label=gettext_lazy("理由・連絡事項"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("不受理のときは理由が必要です。おつなぎ元の職員に表示されます。"),
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = respond_choices(referral)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == Status.REFUSED and not data.get("reason"):
            self.add_error("reason", _("不受理の理由を入力してください。"))
        return data


class FeedbackForm(forms.Form):
    text = model_text_field(
        ReferralEvent,
        "note",
        label=gettext_lazy("フィードバック"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "支援の様子や結果を、おつなぎ元の職員に伝えます（要配慮個人情報として扱います）。"
        ),
        error_messages={"required": gettext_lazy("フィードバックを入力してください。")},
    )


class CancelForm(forms.Form):
    reason = model_text_field(
        ReferralEvent,
        "note",
        label=gettext_lazy("取り消す理由"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("取り消す理由を入力してください。")},
    )
