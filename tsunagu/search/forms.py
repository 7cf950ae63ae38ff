"""Input cleaning with Japanese messages: the search box, and person fields from the API."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.jp.names import validate_furigana
from tsunagu.jp.phone import normalize_phone
from tsunagu.jp.wareki import parse_date

MAX_QUERY = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("氏名・フリガナ・生年月日・電話番号"),
        max_length=MAX_QUERY,
        required=False,
        help_text=_(
            "名前の一部（漢字・ひらがな・カタカナ）、生年月日（例 S60.4.1）、電話番号のどれでも検索できます。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "type": "search"}),
    )


@dataclass
class PersonInput:
    family_name: str = ""
    given_name: str = ""
    family_name_kana: str = ""
    given_name_kana: str = ""
    birth_date: str | None = None
    phone: str = ""
    address: str = ""


LIMITS = {"family_name": 60, "given_name": 60, "family_name_kana": 120, "given_name_kana": 120,
          "address": 200}  # fmt: skip


def clean_person_input(data: PersonInput) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate person fields as typed by staff; returns (cleaned values, errors by field)."""
    values = {k: (v or "").strip() if isinstance(v, str) or v is None else v
              for k, v in asdict(data).items()}  # fmt: skip
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors.setdefault(name, []).append(f"{limit}文字以内で入力してください。")
        cleaned[name] = values[name]
    for name in ("family_name_kana", "given_name_kana"):
        if values[name]:
            try:
                cleaned[name] = validate_furigana(values[name])
            except ValueError as error:
                errors.setdefault(name, []).append(str(error))
    if not (values["family_name"] or values["given_name"] or values["family_name_kana"]):
        errors.setdefault("family_name", []).append(
            "姓・名・フリガナのいずれかを入力してください。"
        )
    cleaned["birth_date"] = None
    if values["birth_date"]:
        try:
            cleaned["birth_date"] = parse_date(values["birth_date"])
        except ValueError as error:
            errors.setdefault("birth_date", []).append(str(error))
    cleaned["phone"] = ""
    if values["phone"]:
        try:
            cleaned["phone"] = normalize_phone(values["phone"])
        except ValueError as error:
            errors.setdefault("phone", []).append(str(error))
    return cleaned, errors
