"""When a state began (発症・ひきこもり始めた時期), in the words callers use.

「10年前」, 「去年の春」 (as 去年), 「平成28年頃」, 「2016年4月」, 「42歳頃」, 「20代前半」 (as 20代),
「中学生の頃」, 「中2の時」, 「不明」. Relative words are resolved against the date the caller
said them (the intake's local date), and kept as what they mean: a year (and month) that may
be approximate, an age, an age band, or a school stage. Callers rarely know more, and a
made-up full date would be worse than an honest partial one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from tsunagu.jp.partial_dates import _UNKNOWN_WORDS, PartialDate, parse_partial
from tsunagu.jp.wareki import _clean, _pattern

EARLIEST_YEAR = 1900
MAX_AGE = 120

#: School stages, their words and their highest grade.
SCHOOL_STAGES: dict[str, tuple[tuple[str, ...], int]] = {
    "保育園": (("保育園", "保育所"), 0),
    "幼稚園": (("幼稚園",), 0),
    "小学生": (("小学校", "小学生", "小学", "小"), 6),
    "中学生": (("中学校", "中学生", "中学", "中"), 3),
    "高校生": (("高等学校", "高校生", "高校", "高"), 4),
    "専門学校生": (("専門学校", "専門学校生", "専門"), 4),
    "短大生": (("短期大学", "短大生", "短大"), 3),
    "大学生": (("大学生", "大学", "大"), 6),
}
_STAGE_OF = {word: stage for stage, (words, _) in SCHOOL_STAGES.items() for word in words}
_STAGE_WORD = "|".join(sorted(map(re.escape, _STAGE_OF), key=len, reverse=True))
_SCHOOL = _pattern(
    rf"(?P<stage>{_STAGE_WORD})(?:生)?(?:(?P<g>\d{{1,2}})年生?)?|"
    rf"(?P<stage2>{_STAGE_WORD})(?P<g2>\d{{1,2}})"
)

_APPROX_SUFFIXES = ("頃", "ごろ", "ころ", "くらい", "ぐらい", "位", "前後", "あたり", "辺り")
_PLAIN_SUFFIXES = ("から", "より", "の時", "のとき", "時代", "在学中", "の間", "以降", "の")
_APPROX_PREFIXES = ("約", "およそ", "大体", "だいたい", "たぶん", "多分")
_YEARS_AGO = _pattern(r"(?P<n>\d{1,4})年(?:ほど|くらい|ぐらい|位)?前")
_MONTHS_AGO = _pattern(r"(?P<n>\d{1,4})(?:か|カ|ケ|ヶ|ヵ|箇|個)?月(?:ほど|くらい|ぐらい|位)?前")
_NAMED_YEARS = {"今年": 0, "去年": 1, "昨年": 1, "一昨年": 2, "おととし": 2}
_AGE = _pattern(r"(?P<age>\d{1,4})(?:歳|才)")
_BAND = _pattern(r"(?P<band>\d{0,3}0)(?:歳|才)?代(?:前半|後半|半ば|中頃)?")
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KANJI_NUMBER = re.compile(r"[一二三四五六七八九]?十[一二三四五六七八九]?|[〇一二三四五六七八九]")


def _kanji_to_digits(text: str) -> str:
    """「十年前」→「10年前」, 「中二」→「中2」 (numbers below 100; 元年 stays)."""

    def number(match: re.Match[str]) -> str:
        word = match[0]
        if "十" not in word:
            return str(_DIGITS[word])
        tens, _, ones = word.partition("十")
        return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0))

    return _KANJI_NUMBER.sub(number, text)


@dataclass(frozen=True)
class Onset:
    """One of: a year (+ month (+ day)); an age; an age band (the decade); a school stage (+
    grade); or unknown. ``approx`` marks 「頃」 and every relative expression."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    age: int | None = None
    age_band: int | None = None
    school_stage: str | None = None
    grade: int | None = None
    approx: bool = False

    def __post_init__(self) -> None:
        forms = [
            self.year is not None,
            self.age is not None,
            self.age_band is not None,
            self.school_stage is not None,
        ]
        if sum(forms) > 1:
            raise ValueError("Onset: one of year, age, age_band or school_stage")
        if self.year is not None:
            PartialDate(self.year, self.month, self.day)  # checks the date exists
        elif self.month is not None or self.day is not None:
            raise ValueError("Onset: month and day need a year")
        if self.age is not None and not 0 <= self.age <= MAX_AGE:
            raise ValueError(f"年齢は0〜{MAX_AGE}歳で入力してください: {self.age}")
        if self.age_band is not None and (self.age_band % 10 or not 0 <= self.age_band <= 110):
            raise ValueError(f"年代は10歳刻みで入力してください: {self.age_band}")
        if self.school_stage is not None:
            if self.school_stage not in SCHOOL_STAGES:
                raise ValueError(f"学校段階が正しくありません: {self.school_stage}")
            top = SCHOOL_STAGES[self.school_stage][1]
            if self.grade is not None and not 1 <= self.grade <= top:
                raise ValueError(f"{self.school_stage}の学年は1〜{top}年です: {self.grade}年")
        elif self.grade is not None:
            raise ValueError("Onset: grade needs a school_stage")

    @property
    def unknown(self) -> bool:
        return (
            self.year is None
            and self.age is None
            and self.age_band is None
            and (self.school_stage is None)
        )

    def display(self) -> str:
        """「平成28年（2016年）頃」, 「42歳頃」, 「20代」, 「中学2年の頃」, 「不明」."""
        about = "頃" if self.approx else ""
        if self.year is not None:
            return PartialDate(self.year, self.month, self.day).display() + about
        if self.age is not None:
            return f"{self.age}歳{about}"
        if self.age_band is not None:
            return f"{self.age_band}代"
        if self.school_stage is not None:
            stage = self.school_stage
            if self.grade is not None:
                stage = f"{stage.removesuffix('生')}{self.grade}年"
            return f"{stage}の頃"
        return "不明"

    def to_json(self) -> dict[str, Any]:
        """{"year", "month"?, "day"?, "approx"?} | {"age", "approx"?} | {"age_band"} |
        {"school_stage", "grade"?} | {"unknown": true}."""
        if self.unknown:
            return {"unknown": True}
        out = {
            k: v
            for k, v in (
                ("year", self.year),
                ("month", self.month),
                ("day", self.day),
                ("age", self.age),
                ("age_band", self.age_band),
                ("school_stage", self.school_stage),
                ("grade", self.grade),
            )
            if v is not None
        }
        if self.approx:
            out["approx"] = True
        return out

    @classmethod
    def from_json(cls, value: Any) -> Onset:
        """The Onset of a stored answer; ValueError for anything else."""
        if not isinstance(value, dict) or not value:
            raise ValueError("形式が正しくありません")
        if value == {"unknown": True}:
            return cls()
        allowed = {"year", "month", "day", "age", "age_band", "school_stage", "grade", "approx"}
        if set(value) - allowed or "unknown" in value:
            raise ValueError("形式が正しくありません")
        for key in ("year", "month", "day", "age", "age_band", "grade"):
            if key in value and type(value[key]) is not int:
                raise ValueError("形式が正しくありません")
        if "school_stage" in value and not isinstance(value["school_stage"], str):
            raise ValueError("形式が正しくありません")
        if "approx" in value and value["approx"] is not True:
            raise ValueError("形式が正しくありません")
        if "year" in value and not EARLIEST_YEAR <= value["year"] <= 9999:
            raise ValueError("年が正しくありません")
        onset = cls(**value)
        if onset.unknown:
            raise ValueError("形式が正しくありません")
        return onset


def _strip_words(text: str) -> tuple[str, bool]:
    approx = False
    for prefix in _APPROX_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text, approx = text[len(prefix) :], True
    changed = True
    while changed:
        changed = False
        for suffix in _APPROX_SUFFIXES + _PLAIN_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
                approx = approx or suffix in _APPROX_SUFFIXES
    return text, approx


def _months_before(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 - months
    return index // 12, index % 12 + 1


def _relative(text: str, today: date) -> Onset | None:
    if text in _NAMED_YEARS:
        return Onset(year=today.year - _NAMED_YEARS[text], approx=True)
    if text == "先月":
        year, month = _months_before(today, 1)
        return Onset(year=year, month=month, approx=True)
    if text in ("半年前", "半年ほど前", "半年くらい前"):
        year, month = _months_before(today, 6)
        return Onset(year=year, month=month, approx=True)
    if match := _YEARS_AGO.fullmatch(text):
        years = int(match["n"])
        if today.year - years < EARLIEST_YEAR:
            raise ValueError(
                f"{years}年前は遠すぎます（{EARLIEST_YEAR}年以降の時期を入力してください）"
            )
        return Onset(year=today.year - years, approx=True)
    if match := _MONTHS_AGO.fullmatch(text):
        months = int(match["n"])
        if months > (today.year - EARLIEST_YEAR) * 12:
            raise ValueError(f"{months}か月前は遠すぎます")
        year, month = _months_before(today, months)
        return Onset(year=year, month=month, approx=True)
    return None


def _school(text: str) -> Onset | None:
    match = _SCHOOL.fullmatch(text)
    if match is None:
        return None
    word, grade = (match["stage"], match["g"]) if match["stage"] else (match["stage2"], match["g2"])
    return Onset(school_stage=_STAGE_OF[word], grade=int(grade) if grade else None)


def parse_onset(text: str, today: date) -> Onset:
    """Read when a state began (see the module docstring); ``today`` is the local date the
    caller spoke (relative words count from it). Raises ``ValueError`` in Japanese."""
    shown = text.strip()
    cleaned = _clean(text)
    if cleaned in _UNKNOWN_WORDS:
        return Onset()
    if len(cleaned) > 40:
        raise ValueError("時期は40文字以内で入力してください")
    cleaned, approx = _strip_words(_kanji_to_digits(cleaned))
    onset = _relative(cleaned, today)
    if onset is None:
        onset = _school(cleaned)
    if onset is None and (match := _AGE.fullmatch(cleaned)):
        age = int(match["age"])
        if age > MAX_AGE:
            raise ValueError(f"年齢は0〜{MAX_AGE}歳で入力してください: 「{shown}」")
        onset = Onset(age=age, approx=approx)
    if onset is None and (match := _BAND.fullmatch(cleaned)):
        band = int(match["band"])
        if band > 110:
            raise ValueError(f"年代は0〜110代で入力してください: 「{shown}」")
        onset = Onset(age_band=band)
    if onset is None:
        onset = _dated(cleaned, shown, today, approx)
    if approx and (onset.year is not None or onset.age is not None):
        onset = replace(onset, approx=True)
    return onset


def _dated(cleaned: str, shown: str, today: date, approx: bool) -> Onset:
    try:
        partial = parse_partial(cleaned, today)
    except ValueError as error:
        if "期間外" in str(error) or "存在しない" in str(error) or "1〜12" in str(error):
            raise ValueError(str(error).replace(f"「{cleaned}」", f"「{shown}」")) from None
        raise ValueError(
            f"時期として読み取れません: 「{shown}」"
            "（例: 10年前、平成28年頃、2016年4月、42歳頃、中学生の頃、不明）"
        ) from None
    if partial.year is None:
        raise ValueError(
            f"時期として読み取れません: 「{shown}」（例: 10年前、平成28年頃、42歳頃、中学生の頃）"
        )
    if partial.year < EARLIEST_YEAR:
        raise ValueError(f"{EARLIEST_YEAR}年以降の時期を入力してください: 「{shown}」")
    first = partial.earliest()
    if first is not None and first > today:
        raise ValueError(f"まだ来ていない時期です: 「{shown}」")
    return Onset(year=partial.year, month=partial.month, day=partial.day, approx=approx)
