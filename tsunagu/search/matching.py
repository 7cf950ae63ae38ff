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
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction
from tsunagu.jp.names import kana_key
from tsunagu.jp.partial_dates import parse_partial
from tsunagu.jp.wareki import ERAS, parse_date, to_wareki, wareki_to_date
from tsunagu.people.models import Person
from tsunagu.tenancy.models import Municipality

from .keys import entry_keys
from .services import visible_persons

BLOCK_MAX = 1000
MIN_SCORE = 35
WEIGHTS = {"name": 50, "birth": 30, "phone": 15, "address": 5}
MISSING = 0.25  # the candidate lacks a field the probe has: neither for nor against


@dataclass
class Candidate:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)


@dataclass
class Probe:
    family_key: str
    given_key: str
    name_key: str
    name_plain: str  # without the variant-kanji fold
    kana_key: str
    family_kana: str
    given_kana: str
    birth_date: datetime.date | None
    birth_year: int | None  # only the year (or year and month) is known
    slips: dict[datetime.date, str]
    phone_digits: str
    address_key: str

    @property
    def given_missing(self) -> bool:
        return not self.given_key and not self.given_kana


def _read_birth(value: Any) -> tuple[datetime.date | None, int | None]:
    if value in (None, ""):
        return None, None
    if isinstance(value, datetime.date):
        return value, None
    try:
        return parse_date(str(value)), None
    except ValueError:
        pass
    try:
        partial = parse_partial(str(value), timezone.localdate())
    except ValueError:
        return None, None
    return None, partial.year


def birth_date_slips(value: datetime.date) -> dict[datetime.date, str]:
    """Dates a typing slip could have turned ``value`` into, with the reason shown to staff."""
    slips: dict[datetime.date, str] = {}
    try:
        era, year = to_wareki(value)
    except ValueError:
        era = None
    if era is not None:
        for other in ERAS:
            if other is era:
                continue
            try:
                swapped = wareki_to_date(other, year, value.month, value.day)
            except ValueError:
                continue
            slips[swapped] = f"生年月日の和暦の打ち間違いの可能性（{era.name}↔{other.name}）"
    if value.day <= 12 and value.day != value.month:
        slips.setdefault(
            value.replace(month=value.day, day=value.month), "生年月日の月と日の入れ違いの可能性"
        )
    for delta in (-1, 1):
        try:
            near = value.replace(year=value.year + delta)
        except ValueError:
            continue
        slips.setdefault(near, "生年月日の年の打ち間違いの可能性")
    slips.pop(value, None)
    today = timezone.localdate()
    return {day: reason for day, reason in slips.items() if day <= today}


def make_probe(
    *,
    family_name: str = "",
    given_name: str = "",
    family_name_kana: str = "",
    given_name_kana: str = "",
    birth_date: Any = None,
    phone: str = "",
    address: str = "",
) -> Probe:
    keys = entry_keys(
        family_name=family_name, given_name=given_name, family_name_kana=family_name_kana,
        given_name_kana=given_name_kana, phone=phone, address=address,
    )  # fmt: skip
    full, year = _read_birth(birth_date)
    return Probe(
        family_key=keys.family_key,
        given_key=entry_keys(given_name=given_name).name_key,
        name_key=keys.name_key,
        name_plain=kana_key(family_name + given_name),
        kana_key=keys.kana_key,
        family_kana=keys.family_kana,
        given_kana=entry_keys(given_name_kana=given_name_kana).kana_key,
        birth_date=full,
        birth_year=year,
        slips=birth_date_slips(full) if full else {},
        phone_digits=keys.phone_digits if len(keys.phone_digits) >= 10 else "",
        address_key=keys.address_key,
    )


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


def _name_part(probe: Probe, row: dict[str, Any], reasons: list[str]) -> float:
    if probe.given_missing:
        scores = []
        if probe.family_kana and row["search_entry__family_kana"]:
            scores.append(fuzz.ratio(probe.family_kana, row["search_entry__family_kana"]))
        if probe.family_key and row["search_entry__family_key"]:
            scores.append(fuzz.ratio(probe.family_key, row["search_entry__family_key"]))
        best = max(scores, default=0)
        if best == 100:
            reasons.append("姓が一致（名は未入力）")
        return 0.85 * best / 100
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
    return max(kana, name) / 100


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
    if probe.name_key or probe.kana_key:
        total += WEIGHTS["name"] * _name_part(probe, row, reasons)
        weight += WEIGHTS["name"]
    if probe.birth_date or probe.birth_year:
        total += WEIGHTS["birth"] * _birth_part(probe, row, reasons)
        weight += WEIGHTS["birth"]
    if probe.phone_digits:
        found = row["search_entry__phone_digits"]
        same = found == probe.phone_digits
        if same:
            reasons.append("電話番号が一致")
        total += WEIGHTS["phone"] * (1.0 if same else (0.0 if found else MISSING))
        weight += WEIGHTS["phone"]
    if probe.address_key:
        found = row["search_entry__address_key"]
        similarity = fuzz.ratio(probe.address_key, found) / 100 if found else MISSING
        if found == probe.address_key:
            reasons.append("住所が一致")
        elif similarity >= 0.8:
            reasons.append("住所が類似")
        total += WEIGHTS["address"] * similarity
        weight += WEIGHTS["address"]
    if not weight:
        return 0, reasons
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
    block = blocking_q(probe, municipality_id)
    if block is None:
        return []
    persons = visible_persons(user, [municipality_id])
    fields = [*ROW_FIELDS]
    if any(f.name == "birth_date_precision" for f in Person._meta.concrete_fields):
        fields.append("birth_date_precision")
    rows = list(persons.filter(block).values(*fields)[:BLOCK_MAX])
    scored = []
    for row in rows:
        score, reasons = score_row(probe, row)
        if score >= MIN_SCORE and reasons:
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
