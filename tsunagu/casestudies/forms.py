"""The basis and recipients of a case-study document (the lines are reviewed in review.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.consent.disclosure import Basis
from tsunagu.core.validation.forms import IdMultipleChoiceField, TextField
from tsunagu.jp.wareki import format_wareki
from tsunagu.people.models import Case
from tsunagu.tenancy.models import Organization

STATUTE = "statute"
NO_BASIS_MESSAGE = (
    "情報提供の根拠（本人等の同意、または法令の定め）を選んでください。"
    "根拠がないまま事例検討資料を作成することはできません。"
)


def consent_label(consent: Any) -> str:
    """「本人の同意（令和8年4月1日、ネットワーク会議での事例検討、令和9年3月31日まで）」"""
    details = [format_wareki(consent.given_on)]
    if consent.purpose:
        details.append(str(consent.purpose)[:60])
    if consent.expires_on:
        details.append(f"{format_wareki(consent.expires_on)}まで")
    return f"{consent.get_given_by_display()}の同意（{'、'.join(details)}）"


class BasisForm(forms.Form):
    organizations = IdMultipleChoiceField(
        label=_("資料を配布する機関（ネットワーク会議の参加機関）"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("資料を配布する機関を1つ以上選んでください。")},
    )
    basis = forms.ChoiceField(
        label=_("情報提供の根拠"),
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "匿名化した資料でも、ケースの情報をチームの外へ出すときは根拠を記録します。"
            "有効な同意（撤回・期限切れでないもの）だけが選べます。"
        ),
    )
    statute_name = TextField(
        label=_("法令名（法令の定めによる場合）"),
        max_length=200,
        required=False,
        help_text=_("例：人の生命、身体又は財産の保護のため（個人情報保護法第69条第2項第4号）"),
    )

    def __init__(self, *args: Any, case: Case, consents: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consents = {str(c.pk): c for c in consents}
        self.fields["organizations"].queryset = Organization.objects.filter(
            municipality_id=case.municipality_id
        ).order_by("name", "pk")
        choices = [(f"consent:{pk}", consent_label(c)) for pk, c in self.consents.items()]
        choices.append((STATUTE, _("法令の定めによる（法令名を記入）")))
        self.fields["basis"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choice = data.get("basis")
        if not choice:
            self.add_error("basis", NO_BASIS_MESSAGE)
        elif choice == STATUTE and not (data.get("statute_name") or "").strip():
            self.add_error("statute_name", _("法令の定めによる場合は、法令名を入力してください。"))
        return data

    def chosen_basis(self) -> Basis:
        """The Basis of a valid form (consent.disclosure checks it again when producing)."""
        choice = self.cleaned_data["basis"]
        if choice == STATUTE:
            return Basis.statute(self.cleaned_data["statute_name"].strip())
        return Basis.consent(self.consents[choice.removeprefix("consent:")])
