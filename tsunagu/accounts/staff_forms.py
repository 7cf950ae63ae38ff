"""Forms of the staff administration pages (the rules are in staff_admin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.forms import IdChoiceField, model_text_field
from tsunagu.tenancy.models import Municipality, Organization, Window

from .models import User
from .staff_admin import ASSIGNABLE_ROLES


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: by field where the form has it."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages in error.message_dict.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class MembershipForm(forms.Form):
    """Role, window and organization of one membership (choices: the municipalities' own)."""

    role = forms.ChoiceField(
        label=_("役割"), choices=[(r.value, r.label) for r in ASSIGNABLE_ROLES]
    )
    window = IdChoiceField(
        label=_("所属窓口"),
        queryset=Window.objects.none(),
        required=False,
        help_text=_("受付担当・相談員には必須です。"),
    )
    organization = IdChoiceField(
        label=_("所属機関・団体"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("関係機関担当・団体・広報担当には必須です。委託相談員は委託先を選びます。"),
    )

    def __init__(self, municipality_ids: list[int], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = Window.objects.filter(
            municipality_id__in=municipality_ids
        ).order_by("municipality__code", "name")
        self.fields["organization"].queryset = Organization.objects.filter(
            municipality_id__in=municipality_ids
        ).order_by("municipality__code", "name")


class InviteForm(MembershipForm):
    municipality = IdChoiceField(
        label=_("自治体"), queryset=Municipality.objects.none(), empty_label=None
    )
    username = forms.RegexField(
        label=_("ユーザー名（ログインに使います）"),
        regex=r"^[A-Za-z0-9_.@+-]{3,150}\Z",
        error_messages={
            "invalid": _("ユーザー名は半角英数字と _ . @ + - の3〜150文字にしてください。")
        },
    )
    display_name = model_text_field(User, "display_name", required=True)
    display_name_kana = model_text_field(User, "display_name_kana")
    email = forms.EmailField(
        label=_("メールアドレス"),
        required=False,
        error_messages={"invalid": _("メールアドレスの形式が正しくありません。")},
    )
    field_order = ["municipality", "username", "display_name", "display_name_kana", "email"]

    def __init__(self, municipality_ids: list[int], *args: Any, **kwargs: Any) -> None:
        super().__init__(municipality_ids, *args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            pk__in=municipality_ids
        ).order_by("code")
        if len(municipality_ids) == 1:
            self.fields["municipality"].widget = forms.HiddenInput()
            self.fields["municipality"].initial = municipality_ids[0]
