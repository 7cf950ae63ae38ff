"""The navigator's answers, carried in the query string from page to page (never stored).

Parameters: `m` (地方公共団体コード or `unknown`), `who` (ASKERS or `unknown`), `age` (0–120 or
`unknown`), `topic` (repeated; routing topic codes or `unknown`). Anything malformed is treated as
not answered: the step asks again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tsunagu.routing.topics import TOPICS

UNKNOWN = "unknown"
MAX_AGE = 120
ASKERS: tuple[tuple[str, object], ...] = (
    ("self", _("本人（自分のこと）")),
    ("family", _("家族（子ども・きょうだい・親など）")),
    ("supporter", _("支援者・その他（知人・学校・関係機関など）")),
    (UNKNOWN, _("わからない・答えたくない")),
)
ASKER_CODES = {code for code, _label in ASKERS}
TOPIC_CODES = {code for code, _label in TOPICS}
STEPS = ("municipality", "asker", "age", "worries")


@dataclass
class Answers:
    municipality: str = ""  # a code, UNKNOWN, or "" (not answered)
    asker: str = ""
    age: int | str | None = None  # int, UNKNOWN, or None
    topics: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query: QueryDict, municipality_codes: Container[str]) -> Answers:
        m = query.get("m", "")
        who = query.get("who", "")
        return cls(
            municipality=m if m == UNKNOWN or m in municipality_codes else "",
            asker=who if who in ASKER_CODES else "",
            age=parse_age(query.get("age", "")),
            topics=[
                t for t in dict.fromkeys(query.getlist("topic")) if t in TOPIC_CODES | {UNKNOWN}
            ],
        )

    @property
    def age_number(self) -> int | None:
        return self.age if isinstance(self.age, int) else None

    def answered(self, step: str) -> bool:
        return {
            "municipality": bool(self.municipality),
            "asker": bool(self.asker),
            "age": self.age is not None,
            "worries": True,  # optional
        }[step]

    def first_missing(self, before: str) -> str | None:
        """The first unanswered step before `before` (None when all are answered)."""
        for step in STEPS[: STEPS.index(before)]:
            if not self.answered(step):
                return step
        return None

    def pairs(self, leave_out: str = "") -> list[tuple[str, str]]:
        """The answers as query parameters, without those of step `leave_out`."""
        pairs: list[tuple[str, str]] = []
        if leave_out != "municipality" and self.municipality:
            pairs.append(("m", self.municipality))
        if leave_out != "asker" and self.asker:
            pairs.append(("who", self.asker))
        if leave_out != "age" and self.age is not None:
            pairs.append(("age", str(self.age)))
        if leave_out != "worries":
            pairs += [("topic", t) for t in self.topics]
        return pairs

    def query(self) -> str:
        return urlencode(self.pairs())


def parse_age(raw: str) -> int | str | None:
    """「45」「４５歳」 → 45; `unknown` → UNKNOWN; anything else (or out of 0–120) → None."""
    text = unicodedata.normalize("NFKC", raw or "").strip().removesuffix("歳").strip()
    if text == UNKNOWN:
        return UNKNOWN
    if not text.isascii() or not text.isdigit() or len(text) > 3:
        return None
    age = int(text)
    return age if age <= MAX_AGE else None
