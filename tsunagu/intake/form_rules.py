"""The rules that keep a form editor safe for a 自治体管理者 (pure functions on schemas).

- Protected fields: a field carrying a core item (its answer is copied into a typed column of
  the intake, or is the 主訴 that routing and statistics use) in the published version cannot
  be deleted, change its type or key, or lose its core item. `check_protected` is the one rule;
  form_services applies it to every change of a draft and again when publishing.
- Keys are generated from labels (`generate_key`) and never change afterwards.
- `schema_diff` says what publishing a draft changes, by label, for the confirmation step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from .schema import GROUP, TYPES, choices_of, is_key, iter_fields

# core name → what it is called on screen (the typed column or use it feeds).
CORE_LABELS: dict[str, str] = {
    "channel": "受付方法",
    "consulter_relation": "相談者と本人の関係",
    "person_sex": "本人の性別",
    "person_birth_date": "本人の生年月日・年齢",
    "urgency": "緊急度",
    "consent": "情報共有への同意",
    "person_family_name": "本人の姓",
    "person_given_name": "本人の名",
    "person_family_name_kana": "本人の姓（フリガナ）",
    "person_given_name_kana": "本人の名（フリガナ）",
    "person_nickname": "本人の呼び名",
    "person_phone": "本人の電話番号",
    "person_address": "本人の住所",
    "person_district": "本人の地区",
    "topics": "主訴",
    "summary": "相談の概要",
    "household": "家族構成（本人の世帯へ引き継ぐ）",
}

SEQUENTIAL_KEY = re.compile(r"f_(\d{4,})")


def all_keys(schema: dict[str, Any] | None) -> set[str]:
    """Every key used in a schema: fields and the sub-fields of groups."""
    keys: set[str] = set()
    for _section, f in iter_fields(schema or {}):
        keys.add(f.get("key", ""))
        keys.update(s.get("key", "") for s in f.get("fields", []) if isinstance(s, dict))
    return keys


def generate_key(label: str, taken: set[str]) -> str:
    """A key for a new field: the label as an ascii slug when it is one (「LINE ID」→ line_id),
    else the next sequential key f_0001, f_0002, … never one in `taken`."""
    text = unicodedata.normalize("NFKC", label or "").lower()
    slug = re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:40].strip("_")
    if text.isascii() and is_key(slug) and slug not in taken:
        return slug
    numbers = [int(m.group(1)) for k in taken if (m := SEQUENTIAL_KEY.fullmatch(k))]
    number = max(numbers, default=0) + 1
    while f"f_{number:04d}" in taken:
        number += 1
    return f"f_{number:04d}"


def protected_fields(schema: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """key → field, for the fields of `schema` that carry a core item."""
    return {f["key"]: f for _s, f in iter_fields(schema or {}) if f.get("core")}


def check_protected(base: dict[str, Any] | None, schema: dict[str, Any]) -> None:
    """Refuse a schema that deletes, retypes, re-keys or un-cores a core field of `base` (the
    published version the draft replaces). Raises ValidationError with Japanese messages."""
    new = {f.get("key"): f for _s, f in iter_fields(schema)}
    by_core = {f.get("core"): f for f in new.values() if f.get("core")}
    errors = []
    for key, old in protected_fields(base).items():
        label, core = old["label"], old["core"]
        use = CORE_LABELS.get(core, core)
        current = new.get(key)
        if current is None and core in by_core:
            errors.append(f"「{label}」は基本項目（{use}）なので、キーは変えられません。")
        elif current is None:
            errors.append(
                f"「{label}」は一覧・絞り込み・集計に使われる基本項目（{use}）なので削除できません。"
                "使わない場合は任意の項目のままにしてください。"
            )
        elif current.get("type") != old["type"]:
            errors.append(
                f"「{label}」は基本項目（{use}）なので種類を変えられません"
                f"（{TYPES.get(old['type'], old['type'])}のままにしてください）。"
            )
        elif current.get("core") != core:
            errors.append(f"「{label}」の基本項目（{use}）の指定は外せません。")
    if errors:
        raise ValidationError(errors)


@dataclass
class FieldChange:
    label: str
    changes: list[str] = field(default_factory=list)


@dataclass
class SchemaDiff:
    """What publishing changes compared with the current published version, by label."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[FieldChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _flat(schema: dict[str, Any] | None) -> dict[str, tuple[str, dict[str, Any]]]:
    """(group key, sub key) or key → (label on screen, field), sections' titles kept."""
    out: dict[Any, tuple[str, dict[str, Any]]] = {}
    for section, f in iter_fields(schema or {}):
        out[f["key"]] = (f["label"], {**f, "_section": section.get("title", "")})
        if f.get("type") == GROUP:
            for sub in f.get("fields", []):
                out[(f["key"], sub["key"])] = (f"{f['label']}＞{sub['label']}", sub)
    return out


def _option_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    before = {c["code"]: c["label"] for c in choices_of(old)}
    after = {c["code"]: c["label"] for c in choices_of(new)}
    changes = [f"選択肢「{after[c]}」を追加" for c in after if c not in before]
    changes += [f"選択肢「{before[c]}」を削除" for c in before if c not in after]
    changes += [
        f"選択肢「{before[c]}」を「{after[c]}」に変更"
        for c in after
        if c in before and before[c] != after[c]
    ]
    return changes


SIMPLE_ATTRS = (
    ("help", "聞き方"),
    ("show_if", "表示条件"),
    ("risk_values", "リスクとみなす回答"),
    ("max_length", "最大文字数"),
    ("min", "最小値"),
    ("max", "最大値"),
    ("max_rows", "最大行数"),
    ("core", "基本項目"),
)


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    changes = []
    if old["label"] != new["label"]:
        changes.append(f"項目名「{old['label']}」→「{new['label']}」")
    if old["type"] != new["type"]:
        changes.append(
            f"種類 {TYPES.get(old['type'], old['type'])} → {TYPES.get(new['type'], new['type'])}"
        )
    if bool(old.get("required")) != bool(new.get("required")):
        changes.append("必須にする" if new.get("required") else "必須を外す")
    if old.get("sensitivity") != new.get("sensitivity"):
        changes.append(f"機密区分 {old.get('sensitivity')} → {new.get('sensitivity')}")
    if old.get("_section") != new.get("_section"):
        changes.append(f"区分「{old.get('_section')}」→「{new.get('_section')}」")
    changes += _option_changes(old, new)
    changes += [f"{name}を変更" for attr, name in SIMPLE_ATTRS if old.get(attr) != new.get(attr)]
    return changes


def schema_diff(base: dict[str, Any] | None, schema: dict[str, Any]) -> SchemaDiff:
    """Fields and options added, removed and changed from `base` to `schema`, by label (moves
    within a section are not listed)."""
    before, after = _flat(base), _flat(schema)
    diff = SchemaDiff(
        added=[label for key, (label, _f) in after.items() if key not in before],
        removed=[label for key, (label, _f) in before.items() if key not in after],
    )
    for key, (_label, new) in after.items():
        if key in before:
            changes = _field_changes(before[key][1], new)
            if changes:
                diff.changed.append(FieldChange(before[key][0], changes))
    return diff
