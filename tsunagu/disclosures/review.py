"""The reviewer's decisions: 開示 or 不開示 (with a 第78条 reason) per item.

The review page posts, per item, ``decision:<key>`` (disclose / withhold) and ``reason:<key>``.
Only the assembled items' keys are read: a posted key the record does not have is ignored.
Items tagged 本人提供 or 記録事項 are disclosed unless marked otherwise; 第三者情報 and 職員の所見
need a decision (rules.NEEDS_DECISION) before the export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .assemble import Item, Record
from .rules import NEEDS_DECISION, WithholdReason

DISCLOSE = "disclose"
WITHHOLD = "withhold"
REASON_MISSING = "不開示とする理由を選んでください。"
UNDECIDED = "開示するか不開示とするかを選んでください。"


def decision_of(decisions: Mapping[str, Any], item: Item) -> tuple[str, str]:
    """(decision, reason) of an item: the saved one, or the default of its tag ("" = none)."""
    saved = decisions.get(item.key)
    if isinstance(saved, dict) and saved.get("decision") in (DISCLOSE, WITHHOLD):
        return saved["decision"], str(saved.get("reason", ""))
    if item.tag in NEEDS_DECISION:
        return "", ""
    return DISCLOSE, ""


@dataclass
class Marks:
    decisions: dict[str, dict[str, str]]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def apply_marks(record: Record, saved: Mapping[str, Any], data: Mapping[str, str]) -> Marks:
    """The saved decisions with the posted ones applied (only the record's own items)."""
    decisions: dict[str, dict[str, str]] = {
        key: value for key, value in saved.items() if isinstance(value, dict)
    }
    errors: dict[str, str] = {}
    for item in record.items:
        choice = data.get(f"decision:{item.key}")
        if choice == DISCLOSE:
            decisions[item.key] = {"decision": DISCLOSE}
        elif choice == WITHHOLD:
            reason = data.get(f"reason:{item.key}", "")
            if reason not in WithholdReason.values:
                errors[item.key] = REASON_MISSING
                continue
            decisions[item.key] = {"decision": WITHHOLD, "reason": reason}
    return Marks(decisions, errors)


def undecided(record: Record, decisions: Mapping[str, Any]) -> list[Item]:
    return [item for item in record.items if not decision_of(decisions, item)[0]]
