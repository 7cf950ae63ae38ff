"""Reading a ledger's cells: the words ledgers use for our choices, a cell as text, a choice
from a word, and a validator's error as (field label, message) problems in Japanese."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError

from tsunagu.contacts.models import Channel, NoteSource, Reached
from tsunagu.people.models import Sex

# Labels of the validators' field names (their messages do not repeat the field).
FIELD_LABELS = {
    "family_name": "姓",
    "given_name": "名",
    "family_name_kana": "姓（フリガナ）",
    "given_name_kana": "名（フリガナ）",
    "nickname": "呼び名・通称",
    "sex": "性別",
    "birth_date": "生年月日",
    "phone": "電話番号",
    "address": "住所",
    "district": "居住地区",
    "notes": "特記事項",
    "channel": "方法",
    "reached": "対応した相手",
    "occurred_at": "日時",
    "duration_minutes": "所要時間（分）",
    "summary": "概要",
    "next_action": "次回の対応",
    "next_action_due": "次回の対応の期限",
}

# Words a ledger uses for our choices, besides our own labels and values.
SEX_WORDS = {
    "男性": Sex.MALE,
    "女性": Sex.FEMALE,
    "M": Sex.MALE,
    "F": Sex.FEMALE,
    "不明": Sex.UNKNOWN,
}
CHANNEL_WORDS = {"来所": Channel.IN_PERSON, "面接": Channel.IN_PERSON, "訪問支援": Channel.VISIT}
REACHED_WORDS = {"本人・家族": Reached.PERSON_AND_FAMILY, "なし": Reached.NO_ANSWER}
SOURCE_WORDS = {
    "本人": NoteSource.PERSON,
    "本人提供": NoteSource.PERSON,
    "家族": NoteSource.FAMILY,
    "家族提供": NoteSource.FAMILY,
    "関係機関": NoteSource.THIRD_PARTY,
    "関係機関提供": NoteSource.THIRD_PARTY,
    "職員": NoteSource.STAFF,
}


class RowError(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems


def problems_of(error: ValidationError, default_label: str = "") -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            (FIELD_LABELS.get(name, default_label or name), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [(default_label, m) for m in error.messages]


def cell_text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def choice_of(
    value: Any, choices: Any, words: dict[str, str], label: str, default: str = ""
) -> str:
    """A choice value from a ledger's word: our label, our value, or a usual synonym."""
    text = cell_text(value)
    if not text:
        return default
    by_label = {str(lbl): v for v, lbl in choices.choices}
    found = by_label.get(text) or words.get(text) or (text if text in choices.values else None)
    if found is None:
        shown = "、".join(str(lbl) for _, lbl in choices.choices)
        raise RowError([(label, f"「{text[:40]}」は使えません（{shown} のいずれか）。")])
    return found


def split_name(full: str) -> tuple[str, str]:
    parts = full.replace("\u3000", " ").split(None, 1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""
