"""Intake form schemas (受付票の定義): plain data, checked here without any model.

A schema is JSON::

    {"sections": [{"key": "a", "title": "受付", "fields": [FIELD, ...]}, ...]}

    FIELD = {
        "key": "channel",               # unique in the whole schema: [a-z][a-z0-9_]*
        "label": "受付方法",
        "type": "single_choice",        # see TYPES
        "help": "どのような方法でご相談いただいていますか？",  # the question to ask aloud
        "required": true,
        "sensitivity": "O",             # S 要配慮 / P 個人情報 / O 業務情報
        "choices": [{"code": "phone", "label": "電話"}, ..., {"code": "unknown", "label": "不明"}],
        "show_if": {"field": "other_key", "values": ["code", ...]},  # no values: "has any value"
        "core": "channel",              # maps the answer to a typed column (see CORE)
        "risk_values": ["yes"],         # answers that make the intake a risk case
        "fields": [FIELD, ...],         # sub-fields of a repeating "group"
    }

Answers are validated by :func:`tsunagu.intake.answers.validate_answers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError

TEXT = "text"
LONG_TEXT = "long_text"
NUMBER = "number"
DATE = "date"
PARTIAL_DATE = "partial_date"
PERIOD = "period"
SINGLE = "single_choice"
MULTI = "multi_choice"
YES_NO_UNKNOWN = "yes_no_unknown"
GROUP = "group"

TYPES: dict[str, str] = {
    TEXT: "短い文字",
    LONG_TEXT: "長い文字",
    NUMBER: "数値",
    DATE: "日付（和暦可）",
    PARTIAL_DATE: "日付・年・年齢・年代（和暦可）",
    PERIOD: "時期（〜年前・〜年頃・〜歳頃・中学生の頃、和暦可）",
    SINGLE: "選択（ひとつ）",
    MULTI: "選択（複数）",
    YES_NO_UNKNOWN: "はい／いいえ／不明",
    GROUP: "繰り返し（表）",
}
CHOICE_TYPES = frozenset({SINGLE, MULTI})
UNKNOWN = "unknown"
YES_NO_UNKNOWN_CHOICES: list[dict[str, str]] = [
    {"code": "yes", "label": "はい"},
    {"code": "no", "label": "いいえ"},
    {"code": UNKNOWN, "label": "不明"},
]
SENSITIVITIES = ("S", "P", "O")

# Core items: answers that are also typed, indexed columns of an intake (or feed the next
# steps). core name → the field types that may carry it.
CORE: dict[str, frozenset[str]] = {
    "channel": frozenset({SINGLE}),
    "consulter_relation": frozenset({SINGLE}),
    "person_sex": frozenset({SINGLE}),
    "person_birth_date": frozenset({DATE, PARTIAL_DATE}),
    "urgency": frozenset({SINGLE}),
    "consent": frozenset({SINGLE, YES_NO_UNKNOWN}),
    "person_family_name": frozenset({TEXT}),
    "person_given_name": frozenset({TEXT}),
    "person_family_name_kana": frozenset({TEXT}),
    "person_given_name_kana": frozenset({TEXT}),
    "person_nickname": frozenset({TEXT}),
    "person_phone": frozenset({TEXT}),
    "person_address": frozenset({TEXT}),
    "person_district": frozenset({TEXT, SINGLE}),
    "topics": frozenset({MULTI}),
    "summary": frozenset({LONG_TEXT, TEXT}),
    "household": frozenset({GROUP}),  # 家族構成: carried into the person's household
}
URGENCY_CODES = frozenset({"high", "medium", "low", UNKNOWN})
CONSENT_CODES = frozenset({"given", "not_given", UNKNOWN})
CORE_CODES: dict[str, frozenset[str]] = {"urgency": URGENCY_CODES, "consent": CONSENT_CODES}

KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
CODE_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
FIELD_ATTRS = frozenset(
    {
        "key",
        "label",
        "type",
        "help",
        "required",
        "sensitivity",
        "choices",
        "show_if",
        "core",
        "risk_values",
        "fields",
        "max_length",
        "min",
        "max",
        "max_rows",
    }
)
MAX_SECTIONS = 40
MAX_FIELDS = 400
MAX_CHOICES = 200
MAX_GROUP_FIELDS = 30
DEFAULT_MAX_LENGTH = {TEXT: 200, LONG_TEXT: 4000}
DEFAULT_MAX_ROWS = 30


def is_key(value: Any) -> bool:
    return isinstance(value, str) and KEY_RE.fullmatch(value) is not None


def is_code(value: Any) -> bool:
    return isinstance(value, str) and CODE_RE.fullmatch(value) is not None


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_number(value: Any) -> bool:
    return type(value) in (int, float) and value == value and abs(value) < 1e12


def choices_of(field: dict[str, Any]) -> list[dict[str, str]]:
    """The code list of a (valid) field: its own, or はい/いいえ/不明."""
    if field.get("type") == YES_NO_UNKNOWN:
        return YES_NO_UNKNOWN_CHOICES
    choices = field.get("choices")
    return [c for c in choices if isinstance(c, dict)] if isinstance(choices, list) else []


def iter_fields(schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(section, field) for every top-level field of a valid schema, in order."""
    for section in schema.get("sections", []):
        for field in section.get("fields", []):
            yield section, field


def field_map(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {field["key"]: field for _, field in iter_fields(schema)}


def core_fields(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """core name → field of a valid schema."""
    return {f["core"]: f for _, f in iter_fields(schema) if f.get("core")}


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, where: str, message: str) -> None:
        if len(self.errors) < 100:
            self.errors.append(f"{where}: {message}")

    def text(self, where: str, value: Any, name: str, limit: int, required: bool) -> None:
        if value is None and not required:
            return
        if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
            self.fail(where, f"{name}は{limit}文字以内の文字で入力してください。")

    def field(self, field: Any, where: str, seen: dict[str, dict], in_group: bool) -> None:
        if not isinstance(field, dict):
            self.fail(where, "項目の形式が正しくありません。")
            return
        key = field.get("key")
        where = f"{where} 項目「{key}」" if isinstance(key, str) else f"{where} 項目"
        if not is_key(key):
            self.fail(
                where, "キーは英小文字で始まる英小文字・数字・_（40文字以内）にしてください。"
            )
        elif key in seen:
            self.fail(where, "キーが重複しています。")
        else:
            seen[key] = field
        unknown = [str(a) for a in field if a not in FIELD_ATTRS]
        if unknown:
            self.fail(where, f"使えない属性があります（{'、'.join(sorted(unknown))[:80]}）。")
        self.text(where, field.get("label"), "項目名", 200, required=True)
        self.text(where, field.get("help"), "聞き方（説明）", 1000, required=False)
        kind = field.get("type")
        if not isinstance(kind, str) or kind not in TYPES or (in_group and kind == GROUP):
            self.fail(where, "種類が正しくありません。")
            return
        if not isinstance(field.get("required", False), bool):
            self.fail(where, "必須かどうかは true／false で指定してください。")
        if field.get("sensitivity") not in SENSITIVITIES:
            self.fail(where, "機密区分は S・P・O のいずれかにしてください。")
        self.limits(field, kind, where)
        codes = self.choices(field, kind, where)
        risk = field.get("risk_values")
        if risk is not None and (
            not isinstance(risk, list)
            or not risk
            or not all(c in codes for c in risk if is_code(c))
            or not all(is_code(c) for c in risk)
        ):
            self.fail(where, "リスクとみなす回答は、その項目の選択肢のコードで指定してください。")
        if in_group and (field.get("core") or field.get("show_if")):
            self.fail(where, "繰り返しの中の項目には基本項目・表示条件を設定できません。")
        if kind == GROUP:
            subfields = field.get("fields")
            if (
                not isinstance(subfields, list)
                or not subfields
                or len(subfields) > MAX_GROUP_FIELDS
            ):
                self.fail(where, f"繰り返しには1〜{MAX_GROUP_FIELDS}個の項目が必要です。")
                return
            local: dict[str, dict] = {}
            for sub in subfields:
                self.field(sub, where, local, in_group=True)

    def limits(self, field: dict, kind: str, where: str) -> None:
        if "max_length" in field and (
            kind not in DEFAULT_MAX_LENGTH
            or not _is_int(field["max_length"])
            or not 1 <= field["max_length"] <= 10000
        ):
            self.fail(where, "最大文字数は文字の項目に1〜10000で指定してください。")
        for bound in ("min", "max"):
            if bound in field and (kind != NUMBER or not _is_number(field[bound])):
                self.fail(where, "最小値・最大値は数値の項目にだけ数値で指定できます。")
        if (
            kind == NUMBER
            and _is_number(field.get("min"))
            and _is_number(field.get("max"))
            and field["min"] > field["max"]
        ):
            self.fail(where, "最小値が最大値より大きくなっています。")
        if "max_rows" in field and (
            kind != GROUP or not _is_int(field["max_rows"]) or not 1 <= field["max_rows"] <= 100
        ):
            self.fail(where, "最大行数は繰り返しの項目に1〜100で指定してください。")

    def choices(self, field: dict, kind: str, where: str) -> set[str]:
        if kind == YES_NO_UNKNOWN:
            if "choices" in field:
                self.fail(where, "はい／いいえ／不明の項目には選択肢を指定できません。")
            return {c["code"] for c in YES_NO_UNKNOWN_CHOICES}
        if kind not in CHOICE_TYPES:
            if "choices" in field:
                self.fail(where, "選択肢は選択の項目にだけ指定できます。")
            return set()
        choices = field.get("choices")
        if not isinstance(choices, list) or not choices or len(choices) > MAX_CHOICES:
            self.fail(where, f"選択肢を1〜{MAX_CHOICES}個指定してください。")
            return set()
        codes: set[str] = set()
        for choice in choices:
            if not isinstance(choice, dict) or set(choice) != {"code", "label"}:
                self.fail(where, "選択肢は code と label の組にしてください。")
                continue
            code, label = choice["code"], choice["label"]
            if not is_code(code):
                self.fail(
                    where, "選択肢のコードは英小文字・数字・_・-（40文字以内）にしてください。"
                )
            elif code in codes:
                self.fail(where, f"選択肢のコード「{code}」が重複しています。")
            else:
                codes.add(code)
            self.text(where, label, "選択肢の表示名", 100, required=True)
        if UNKNOWN not in codes:
            self.fail(where, "選択肢には「不明」（コード unknown）を含めてください。")
        return codes


def validate_schema(schema: Any) -> None:
    """Raise ValidationError (a list of Japanese messages) unless the schema is well formed:
    known types and attributes, unique keys and codes, 不明 in every code list, display
    conditions that refer to an earlier field (and its codes), core markers used once each."""
    if not isinstance(schema, dict) or set(schema) != {"sections"}:
        raise ValidationError("受付票の定義は sections（区分の一覧）だけを持つ形式にしてください。")
    sections = schema["sections"]
    if not isinstance(sections, list) or not 1 <= len(sections) <= MAX_SECTIONS:
        raise ValidationError(f"区分を1〜{MAX_SECTIONS}個指定してください。")
    check = _Checker()
    section_keys: set[str] = set()
    seen: dict[str, dict] = {}
    order: list[str] = []
    for i, section in enumerate(sections, start=1):
        where = f"区分{i}"
        if not isinstance(section, dict) or set(section) - {"key", "title", "fields"}:
            check.fail(where, "区分は key・title・fields の形式にしてください。")
            continue
        key = section.get("key")
        if not is_key(key):
            check.fail(where, "区分のキーが正しくありません。")
        elif key in section_keys:
            check.fail(where, "区分のキーが重複しています。")
        else:
            section_keys.add(key)
        check.text(where, section.get("title"), "区分名", 100, required=True)
        fields = section.get("fields")
        if not isinstance(fields, list):
            check.fail(where, "fields（項目の一覧）が必要です。")
            continue
        for field in fields:
            before = set(seen)
            check.field(field, where, seen, in_group=False)
            order += [k for k in seen if k not in before]
    if len(seen) > MAX_FIELDS:
        check.fail("受付票", f"項目は{MAX_FIELDS}個までです。")
    _check_conditions_and_core(check, seen, order)
    if check.errors:
        raise ValidationError(check.errors)


def _check_conditions_and_core(check: _Checker, seen: dict[str, dict], order: list[str]) -> None:
    cores: set[str] = set()
    for position, key in enumerate(order):
        field = seen[key]
        where = f"項目「{key}」"
        condition = field.get("show_if")
        if condition is not None:
            target = condition.get("field") if isinstance(condition, dict) else None
            values = condition.get("values", []) if isinstance(condition, dict) else None
            if (
                not isinstance(condition, dict)
                or set(condition) - {"field", "values"}
                or not isinstance(target, str)
                or not isinstance(values, list)
            ):
                check.fail(where, "表示条件は field と values の形式にしてください。")
            elif target not in seen or target not in order[:position]:
                check.fail(where, f"表示条件の項目「{target[:40]}」がこの項目より前にありません。")
            else:
                codes = {c.get("code") for c in choices_of(seen[target]) if isinstance(c, dict)}
                kind = seen[target].get("type")
                kind = kind if isinstance(kind, str) else None
                if values and (
                    kind not in CHOICE_TYPES | {YES_NO_UNKNOWN}
                    or not all(isinstance(v, str) and v in codes for v in values)
                ):
                    check.fail(where, "表示条件の値は、条件の項目の選択肢のコードにしてください。")
        core = field.get("core")
        if core is None:
            continue
        if not isinstance(core, str) or core not in CORE:
            check.fail(where, "基本項目の指定が正しくありません。")
        elif core in cores:
            check.fail(where, f"基本項目「{core}」が複数の項目に指定されています。")
        elif not isinstance(field.get("type"), str) or field["type"] not in CORE[core]:
            check.fail(where, f"基本項目「{core}」にこの種類は使えません。")
        else:
            cores.add(core)
            allowed = CORE_CODES.get(core)
            if allowed and field.get("type") == SINGLE:
                codes = {c.get("code") for c in choices_of(field) if isinstance(c, dict)}
                if not codes <= allowed:
                    check.fail(
                        where,
                        f"基本項目「{core}」の選択肢は {'・'.join(sorted(allowed))} にしてください。",
                    )


def validate_answers(schema: dict[str, Any], answers: Any, **options: Any) -> dict[str, Any]:
    """See :func:`tsunagu.intake.answers.validate_answers` (kept there, re-exported here)."""
    from .answers import validate_answers as validate

    return validate(schema, answers, **options)
