"""The probe of a duplicate check: the keys of what staff typed about a person, read leniently.

What is typed at intake is rarely shaped like the register: the whole name in the family-name
field (「佐藤　陽子」), a given name in hiragana in the kanji field (「斉藤」「みさき」), a year of
birth only (「昭和60年」). :func:`make_probe` reads such input into the same keys the index
holds (:func:`tsunagu.search.keys.entry_keys`), so blocking and scoring compare like with like.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tsunagu.jp.names import kana_key
from tsunagu.jp.partial_dates import parse_partial
from tsunagu.jp.wareki import ERAS, parse_date, to_wareki, wareki_to_date

from .keys import entry_keys, search_key

_KANA_ONLY = re.compile("^[\u3041-\u309f\u30a0-\u30ff\uff66-\uff9f\\s\u3000・･]+$")


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

    @property
    def given_keys(self) -> set[str]:
        return {key for key in (self.given_key, self.given_kana) if key}


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


def split_name(family: str, given: str) -> tuple[str, str]:
    """「佐藤　陽子」 typed in the family-name field alone → (佐藤, 陽子)."""
    parts = family.split()
    if not given.strip() and len(parts) == 2:
        return parts[0], parts[1]
    return family, given


def is_kana(text: str) -> bool:
    return bool(text.strip()) and bool(_KANA_ONLY.match(text))


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
    family_name, given_name = split_name(family_name, given_name)
    family_name_kana, given_name_kana = split_name(family_name_kana, given_name_kana)
    # A name typed in kana in the name field is also its reading (「斉藤」「みさき」).
    if not family_name_kana and is_kana(family_name):
        family_name_kana = family_name
    if not given_name_kana and is_kana(given_name):
        given_name_kana = given_name
    keys = entry_keys(
        family_name=family_name, given_name=given_name, family_name_kana=family_name_kana,
        given_name_kana=given_name_kana, phone=phone, address=address,
    )  # fmt: skip
    full, year = _read_birth(birth_date)
    # A reading of the given name alone (the family's unknown) is not a full reading.
    reading_complete = bool(family_name_kana.strip()) or not given_name_kana.strip()
    return Probe(
        family_key=keys.family_key,
        given_key=search_key(given_name),
        name_key=keys.name_key,
        name_plain=kana_key(family_name + given_name),
        kana_key=keys.kana_key if reading_complete else "",
        family_kana=keys.family_kana,
        given_kana=search_key(given_name_kana),
        birth_date=full,
        birth_year=year,
        slips=birth_date_slips(full) if full else {},
        phone_digits=keys.phone_digits if len(keys.phone_digits) >= 10 else "",
        address_key=keys.address_key,
    )
