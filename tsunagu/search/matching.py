"""Duplicate candidates before a person is created (issue item 5).

Blocking, then scoring (engineering notes §3.3 item 4):

1. *Blocking* inside one municipality, with indexed equality conditions only (municipality
   first in every index): the full reading key, the variant-folded kanji key, the birth date
   and its typical slips (和暦 era swapped with the same era year, month and day swapped, the
   year one off), the phone digits; the surname alone only when nothing else narrows.
2. *Scoring* with rapidfuzz on the reading and on the variant-folded kanji name, plus birth
   date, phone and address; each point comes with a reason in Japanese.

Candidates are suggestions for staff; nothing is merged automatically.
"""

from __future__ import annotations

import datetime
import operator
import re
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db.models import Q
from rapidfuzz import fuzz

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction
from tsunagu.jp.names import kana_key
from tsunagu.people.models import Person
from tsunagu.tenancy.models import Municipality

from .backends import grams_q
from .probe import Probe, birth_date_slips, make_probe
from .services import visible_persons

BLOCK_MAX = 1000
MIN_SCORE = 35
WEIGHTS = {"name": 50, "birth": 30, "phone": 15, "address": 5}
MISSING = 0.25  # the candidate lacks a field the probe has: neither for nor against
# A row is a candidate when its name is the same (in some spelling) or another field agrees.
SAME_NAME = frozenset({
    "フリガナが一致", "氏名が一致", "異体字を同一視して氏名が一致", "姓・名が漢字または読みで一致",
    "姓が一致（名は未入力）",
})  # fmt: skip
# Not enough on their own: a shared address makes a household member, a shared year of birth
# (with nothing in the name) one of hundreds, not a duplicate.
WEAK_REASONS = frozenset({"住所が一致", "住所が類似", "生年が一致"})


@dataclass
class Candidate:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)


def _given_q(probe: Probe, municipality_id: int, prefix: str) -> Q:
    """Entries whose grams hold the given name (kanji or reading); scoring checks the rest."""
    terms = [grams_q([key], [municipality_id], prefix) for key in sorted(probe.given_keys)]
    return reduce(operator.or_, terms)


def _family_and_given_q(probe: Probe, municipality_id: int, prefix: str) -> Q:
    """Family name and given name each in kanji or reading (「斉藤」「みさき」): one index lookup
    with the grams of both (the index intersects them), and the family key itself."""
    arms = []
    for family in sorted({probe.family_key, probe.family_kana} - {""}):
        same_family = Q(**{f"{prefix}family_key": family}) | Q(**{f"{prefix}family_kana": family})
        for given in sorted(probe.given_keys):
            arms.append(grams_q([family, given], [municipality_id], prefix) & same_family)
    return reduce(operator.or_, arms)


def _one_kanji_off_q(probe: Probe, municipality_id: int, prefix: str) -> list[Q]:
    """大田 for 太田, whatever the other agreeing field looks like (「3-24-1」 for 「3丁目24番1号」):
    the given name and all but one character of the family name, in one index lookup each.
    Scoring keeps a row only when the given name and another field agree."""
    family = probe.family_key
    if len(family) < 2:
        return []
    return [
        grams_q([given, *(family[:i] + family[i + 1 :])], [municipality_id], prefix)
        for given in sorted(probe.given_keys)
        for i in range(len(family))
    ]


def blocking_q(probe: Probe, municipality_id: int, prefix: str = "search_entry__") -> Q | None:
    parts: list[Q] = []
    if probe.kana_key and not probe.given_missing:
        parts.append(Q(**{f"{prefix}kana_key": probe.kana_key}))
    if probe.name_key and not probe.given_missing:
        parts.append(Q(**{f"{prefix}name_key": probe.name_key}))
    if probe.birth_date:
        dates = [probe.birth_date, *probe.slips]
        parts.append(Q(**{f"{prefix}birth_date__in": dates}))
    if probe.phone_digits:
        parts.append(Q(**{f"{prefix}phone_digits": probe.phone_digits}))
    surname = Q()
    if probe.family_kana:
        surname |= Q(**{f"{prefix}family_kana": probe.family_kana})
    if probe.family_key:
        surname |= Q(**{f"{prefix}family_key": probe.family_key})
    if probe.birth_year and surname:
        first = datetime.date(probe.birth_year, 1, 1)
        last = datetime.date(probe.birth_year, 12, 31)
        parts.append(surname & Q(**{f"{prefix}birth_date__range": (first, last)}))
    elif probe.given_missing and not parts and surname:
        parts.append(surname)
    if not probe.given_missing and surname:
        if bool(probe.family_kana) != bool(probe.given_kana):
            # 「斉藤」「みさき」: the family name in kanji, the given name as its reading
            parts.append(_family_and_given_q(probe, municipality_id, prefix))
        given = _given_q(probe, municipality_id, prefix)
        # 大田 for 太田: the given name and another field agree (a birth date or a phone has
        # its own arm above, whatever the name)
        other = Q()
        if probe.address_key:
            other |= Q(**{f"{prefix}address_key": probe.address_key})
        if probe.birth_year:
            first = datetime.date(probe.birth_year, 1, 1)
            last = datetime.date(probe.birth_year, 12, 31)
            other |= Q(**{f"{prefix}birth_date__range": (first, last)})
        if other:
            parts.append(given & other)
        if probe.address_key:  # an address typed another way: scoring compares them
            parts.extend(_one_kanji_off_q(probe, municipality_id, prefix))
    if not parts:
        return None
    # The municipality inside every arm of the OR: each arm is then one composite-index scan
    # (municipality first) and PostgreSQL combines them with a BitmapOr.
    tenant = Q(**{f"{prefix}municipality_id": municipality_id})
    condition = tenant & parts[0]
    for part in parts[1:]:
        condition |= tenant & part
    return condition


ROW_FIELDS = [
    "pk", "family_name", "given_name", "search_entry__name_key", "search_entry__kana_key",
    "search_entry__family_key", "search_entry__family_kana", "search_entry__birth_date",
    "search_entry__phone_digits", "search_entry__address_key",
]  # fmt: skip


def _after(whole: str, head: str) -> str:
    return whole[len(head) :] if head and whole.startswith(head) else ""


def _numbers(address_key: str) -> str:
    """The digits of an address key (3丁目24番1号 and 3-24-1 both give 3241)."""
    return re.sub(r"\D", "", address_key)


def one_char_apart(a: str, b: str) -> bool:
    """Same length, exactly one character different (太田 and 大田)."""
    return len(a) == len(b) > 0 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _tokens_part(probe: Probe, row: dict[str, Any], reasons: list[str]) -> tuple[float, bool]:
    """Family and given name compared one by one, each in kanji or reading.

    Returns the name score and whether another field must agree (a family name one kanji
    off is a candidate only when the given name and another field agree).
    """
    family, family_kana = row["search_entry__family_key"], row["search_entry__family_kana"]
    given = {_after(row["search_entry__name_key"], family),
             _after(row["search_entry__kana_key"], family_kana)} - {""}  # fmt: skip
    if not probe.given_keys & given:
        return 0.0, False
    if (probe.family_key and probe.family_key in (family, family_kana)) or (
        probe.family_kana and probe.family_kana == family_kana
    ):
        reasons.append("姓・名が漢字または読みで一致")
        return 0.95, False
    if one_char_apart(probe.family_key, family):
        reasons.append("名が一致し、姓が1文字違い")
        return 0.8, True
    return 0.0, False


def _name_part(probe: Probe, row: dict[str, Any], reasons: list[str]) -> tuple[float, bool]:
    if probe.given_missing:
        scores = []
        if probe.family_kana and row["search_entry__family_kana"]:
            scores.append(fuzz.ratio(probe.family_kana, row["search_entry__family_kana"]))
        if probe.family_key and row["search_entry__family_key"]:
            scores.append(fuzz.ratio(probe.family_key, row["search_entry__family_key"]))
        best = max(scores, default=0)
        if best == 100:
            reasons.append("姓が一致（名は未入力）")
        return 0.85 * best / 100, False
    kana = name = 0.0
    if probe.kana_key and row["search_entry__kana_key"]:
        kana = fuzz.ratio(probe.kana_key, row["search_entry__kana_key"])
        if kana == 100:
            reasons.append("フリガナが一致")
        elif kana >= 80:
            reasons.append("フリガナが類似")
    if probe.name_key and row["search_entry__name_key"]:
        name = fuzz.ratio(probe.name_key, row["search_entry__name_key"])
        plain = kana_key(row["family_name"] + row["given_name"])
        if name == 100 and plain == probe.name_plain:
            reasons.append("氏名が一致")
        elif name == 100:
            reasons.append("異体字を同一視して氏名が一致")
        elif name >= 75:
            reasons.append("氏名が類似")
    if max(kana, name) == 100:
        return 1.0, False
    tokens, needs_other = _tokens_part(probe, row, reasons)
    return max(kana / 100, name / 100, tokens), needs_other


def _birth_part(probe: Probe, row: dict[str, Any], reasons: list[str]) -> float:
    found = row["search_entry__birth_date"]
    if found is None:
        return MISSING
    precision = row.get("birth_date_precision", "day")
    if precision in ("year", "month") and probe.birth_date:
        if found.year == probe.birth_date.year:
            reasons.append("生年が一致（登録は年まで）")
            return 0.6
        return 0.0
    if probe.birth_date:
        if found == probe.birth_date:
            reasons.append("生年月日が一致")
            return 1.0
        if found in probe.slips:
            reasons.append(probe.slips[found])
            return 0.7
        return 0.0
    if probe.birth_year and found.year == probe.birth_year:
        reasons.append("生年が一致")
        return 0.6
    return 0.0


def score_row(probe: Probe, row: dict[str, Any]) -> tuple[int, list[str]]:
    reasons: list[str] = []
    total = weight = 0.0
    needs_other = agrees = False
    if probe.name_key or probe.kana_key or probe.given_keys:
        part, needs_other = _name_part(probe, row, reasons)
        total += WEIGHTS["name"] * part
        weight += WEIGHTS["name"]
    if probe.birth_date or probe.birth_year:
        part = _birth_part(probe, row, reasons)
        agrees |= part >= 0.6
        total += WEIGHTS["birth"] * part
        weight += WEIGHTS["birth"]
    if probe.phone_digits:
        found = row["search_entry__phone_digits"]
        same = found == probe.phone_digits
        if same:
            reasons.append("電話番号が一致")
        agrees |= same
        total += WEIGHTS["phone"] * (1.0 if same else (0.0 if found else MISSING))
        weight += WEIGHTS["phone"]
    if probe.address_key:
        found = row["search_entry__address_key"]
        similarity = fuzz.ratio(probe.address_key, found) / 100 if found else MISSING
        if found == probe.address_key:
            reasons.append("住所が一致")
        elif similarity >= 0.8:
            reasons.append("住所が類似")
        agrees |= (
            bool(found) and similarity >= 0.8 and _numbers(found) == _numbers(probe.address_key)
        )
        total += WEIGHTS["address"] * similarity
        weight += WEIGHTS["address"]
    if not weight or (needs_other and not agrees) or not (agrees or set(reasons) & SAME_NAME):
        return 0, []
    return round(100 * total / weight), reasons


def match_candidates(
    user: User,
    municipality: Municipality | int,
    *,
    family_name: str = "",
    given_name: str = "",
    family_name_kana: str = "",
    given_name_kana: str = "",
    birth_date: datetime.date | str | None = None,
    phone: str = "",
    address: str = "",
    limit: int = 10,
) -> list[Candidate]:
    """Ranked persons (best first) that may be the person described, with reasons."""
    municipality_id = getattr(municipality, "pk", municipality)
    require(user, Action.VIEW_PERSON, municipality_id)
    probe = make_probe(
        family_name=family_name, given_name=given_name, family_name_kana=family_name_kana,
        given_name_kana=given_name_kana, birth_date=birth_date, phone=phone, address=address,
    )  # fmt: skip
    persons = visible_persons(user, [municipality_id])
    block = blocking_q(probe, municipality_id)
    if block is None:
        return []
    fields = [*ROW_FIELDS]
    if any(f.name == "birth_date_precision" for f in Person._meta.concrete_fields):
        fields.append("birth_date_precision")
    rows = list(persons.filter(block).values(*fields)[:BLOCK_MAX])
    scored = []
    for row in rows:
        score, reasons = score_row(probe, row)
        if score >= MIN_SCORE and set(reasons) - WEAK_REASONS:
            scored.append((score, row["pk"], reasons))
    scored.sort(key=lambda item: (-item[0], item[1]))
    top = scored[:limit]
    by_pk = persons.select_related("municipality").in_bulk([pk for _, pk, _ in top])
    result = [Candidate(by_pk[pk], score, reasons) for score, pk, reasons in top if pk in by_pk]
    record(
        AuditAction.SEARCH, object_type="people.person", municipality_id=municipality_id,
        extra={"purpose": "duplicate_check", "hits": len(result)}, user=user,
    )  # fmt: skip
    return result


__all__ = ["Candidate", "birth_date_slips", "match_candidates"]
