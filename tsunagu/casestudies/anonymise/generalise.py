"""Generalised values for a case study: relative dates, age bands, coarse attributes.

A case study shows no calendar date: every date becomes its distance from the first
consultation (「初回相談から3か月後」, 「初回相談の2年前」), so the document cannot be matched with a
visit log, a hospital record or a neighbour's memory of the day. Ages become bands; the rare
values of coded attributes fold into a common one (see :func:`care_level_label`,
:func:`sex_label`).
"""

from __future__ import annotations

import datetime

BASE_LABEL = "初回相談"


def _months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (``later`` >= ``earlier``)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def _distance(earlier: datetime.date, later: datetime.date) -> str:
    """The distance between two dates in the coarsest unit that still says something:
    days in the first week, weeks in the first month, months in the first two years, then
    years (and half years)."""
    days = (later - earlier).days
    if days < 7:
        return f"{days}日"
    months = _months_between(earlier, later)
    if months < 1:
        return f"{days // 7}週間"
    if months < 24:
        return f"{months}か月"
    years, rest = divmod(months, 12)
    return f"{years}年半" if rest >= 6 else f"{years}年"


def relative_date(value: datetime.date, base: datetime.date, base_label: str = BASE_LABEL) -> str:
    """「初回相談から3か月後」, 「初回相談の2年前」, 「初回相談当日」: ``value`` relative to ``base``."""
    if value == base:
        return f"{base_label}当日"
    if value > base:
        return f"{base_label}から{_distance(base, value)}後"
    return f"{base_label}の{_distance(value, base)}前"


def relative_month(year: int, month: int, base: datetime.date, base_label: str = BASE_LABEL) -> str:
    """A month known only as year + month, relative to the base's month (「初回相談の5か月前」)."""
    months = (year - base.year) * 12 + month - base.month
    if months == 0:
        return f"{base_label}と同じ月"
    distance = abs(months)
    unit = f"{distance}か月" if distance < 24 else f"約{round(distance / 12)}年"
    return f"{base_label}から{unit}後" if months > 0 else f"{base_label}の{unit}前"


def relative_year(year: int, base: datetime.date, base_label: str = BASE_LABEL) -> str:
    """A year known only as a year, relative to the base's year (「初回相談の3年前」)."""
    years = year - base.year
    if years == 0:
        return f"{base_label}と同じ年"
    return f"{base_label}から約{years}年後" if years > 0 else f"{base_label}の約{-years}年前"


def age_band(age: int | None) -> str:
    """「40代」; the two ends are open (「10歳未満」, 「80歳以上」) because few people are there."""
    if age is None or age < 0:
        return "年齢不明"
    if age < 10:
        return "10歳未満"
    if age >= 80:
        return "80歳以上"
    return f"{age // 10 * 10}代"


def age_band_between(youngest: int | None, oldest: int | None) -> str:
    """The band of an age known as a range (a partial birth date); 「不明」 across two bands."""
    if youngest is None or oldest is None:
        return "年齢不明"
    low, high = age_band(youngest), age_band(oldest)
    return low if low == high else f"{low}〜{high}"


# Sex: 男性 and 女性 are kept; the rarer values (その他, 不明, 回答しない) would single out a
# person in a small municipality's meeting, so they are not written at all.
_SEX_LABELS = {"male": "男性", "female": "女性"}


def sex_label(value: str) -> str:
    return _SEX_LABELS.get(value, "")


def care_level_label(value: str) -> str:
    """要介護度 without its grade (要介護3 → 要介護, 要支援2 → 要支援): the grade with an age band and
    a household makes a person findable in a care insurance register."""
    if value.startswith("care"):
        return "要介護"
    if value.startswith("support"):
        return "要支援"
    if value == "applying":
        return "要介護認定の申請中"
    return ""
