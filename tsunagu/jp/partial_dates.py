"""Partial dates: birth dates known only as a year, a month, an age or an age band ("40代")."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from tsunagu.jp.wareki import (
    _ERA_BY_TOKEN,
    _ERA_TOKEN,
    EARLIEST_WAREKI_DATE,
    Era,
    _clean,
    _era_end,
    _era_year,
    _era_year_label,
    _jp_date,
    _make_date,
    _pattern,
    _UnreadableDateError,
    format_wareki,
    parse_date,
    to_wareki,
)

# --- partial dates (birth dates that are only a year, an age or "40代") ----------------------

Precision = Literal["day", "month", "year", "age", "band", "unknown"]


def _years_before(value: date, years: int) -> date:
    """``value`` minus whole years; 29 February becomes 28 February in a common year."""
    try:
        return value.replace(year=value.year - years)
    except ValueError:
        return value.replace(year=value.year - years, day=28)


@dataclass(frozen=True)
class PartialDate:
    """A date known to day, month or year, or only as an age / age band at a given date.

    Intake often learns "the son is in his 40s" or "born around 昭和60年", never a full birth
    date. Storing what is known, with its precision, keeps duplicate checks and age statistics
    honest: :meth:`earliest` and :meth:`latest` give the range of possible dates.

    Exactly one form is used: ``year`` (+ ``month`` (+ ``day``)); or ``age`` with
    ``age_as_of``; or ``age_band`` (the decade: 40 for 40代) with ``age_as_of``; or nothing
    (unknown).
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    age: int | None = None
    age_band: int | None = None
    age_as_of: date | None = None

    def __post_init__(self) -> None:
        has_date = self.year is not None or self.month is not None or self.day is not None
        has_age = self.age is not None or self.age_band is not None
        if has_date and (has_age or self.age_as_of is not None):
            raise ValueError("PartialDate: a date and an age cannot be combined")
        if self.age is not None and self.age_band is not None:
            raise ValueError("PartialDate: give either age or age_band")
        if has_age != (self.age_as_of is not None):
            raise ValueError("PartialDate: age and age_band need age_as_of (and only they do)")
        if (self.day is not None and self.month is None) or (
            self.month is not None and self.year is None
        ):
            raise ValueError("PartialDate: day needs month, month needs year")
        if self.year is not None:
            _make_date(self.year, self.month or 1, self.day or 1, str(self))
        if self.age is not None and not 0 <= self.age <= 150:
            raise ValueError(f"年齢は0〜150歳で入力してください: {self.age}")
        if self.age_band is not None and (self.age_band % 10 or not 0 <= self.age_band <= 140):
            raise ValueError(f"年代は10歳刻み（0〜140代）で入力してください: {self.age_band}")

    @classmethod
    def from_date(cls, value: date) -> "PartialDate":
        """A fully known date."""
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        """How much is known: "day", "month", "year", "age", "band" or "unknown"."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.year is not None:
            return "year"
        if self.age is not None:
            return "age"
        if self.age_band is not None:
            return "band"
        return "unknown"

    def earliest(self) -> date | None:
        """First possible date, or None when unbounded (unknown)."""
        if self.year is not None:
            return date(self.year, self.month or 1, self.day or 1)
        if self.age_as_of is None:
            return None
        if self.age is not None:
            oldest = self.age
        else:
            oldest = (self.age_band or 0) + 9
        # A person aged N on D was born after D − (N+1) years.
        return _years_before(self.age_as_of, oldest + 1) + timedelta(days=1)

    def latest(self) -> date | None:
        """Last possible date, or None when unbounded (unknown)."""
        if self.year is not None:
            month = self.month or 12
            return date(self.year, month, self.day or monthrange(self.year, month)[1])
        if self.age_as_of is None:
            return None
        youngest = self.age if self.age is not None else (self.age_band or 0)
        return _years_before(self.age_as_of, youngest)

    def display(self) -> str:
        """Japanese display: 「昭和60年3月（1985年）」, 「40代（2024年4月1日時点）」, 「不明」."""
        precision = self.precision
        if precision == "unknown":
            return "不明"
        if self.age_as_of is not None:
            what = f"{self.age}歳" if precision == "age" else f"{self.age_band}代"
            return f"{what}（{_jp_date(self.age_as_of)}時点）"
        first, last = self.earliest(), self.latest()
        assert first is not None and last is not None
        if precision == "day":
            if first < EARLIEST_WAREKI_DATE:
                return _jp_date(first)
            return format_wareki(first, "with_seireki")
        suffix = f"{self.month}月" if precision == "month" else ""
        if last < EARLIEST_WAREKI_DATE:
            return f"{self.year}年{suffix}"
        # A year (or January 1989) can straddle two eras: show both labels.
        labels = dict.fromkeys(
            _era_year_label(*to_wareki(d)) for d in (max(first, EARLIEST_WAREKI_DATE), last)
        )
        return f"{'／'.join(labels)}{suffix}（{self.year}年）"

    def __str__(self) -> str:
        return f"PartialDate({self.year}, {self.month}, {self.day})"


_UNKNOWN_WORDS = frozenset({"", "不明", "不詳", "未詳", "わからない", "分からない", "?", "-"})
_AGE = _pattern(r"(?P<age>\d{1,3})(?:歳|才)")
_BAND = _pattern(r"(?P<band>\d{0,2}0)(?:歳|才)?代")
_YM_ISO = _pattern(r"(?P<y>\d{4})(?:[-/.](?P<m>\d{1,2})|年(?P<m2>\d{1,2})月)")
_Y_ISO = _pattern(r"(?P<y>\d{4})年?")
_ERA_YM = _pattern(rf"(?P<era>{_ERA_TOKEN})(?P<y>\d{{1,3}}|元)(?:年|[-/.])(?P<m>\d{{1,2}})月?")
_ERA_Y = _pattern(rf"(?P<era>{_ERA_TOKEN})(?P<y>\d{{1,3}}|元)年?")


def _partial_in_era(era: Era, year: int, month: int | None, shown: str) -> PartialDate:
    """Build the PartialDate of an era year (and month), which must overlap the era.

    平成31年 and 平成31年4月 exist; 平成32年, 平成31年5月 and 明治5年 (before 1873) do not.
    """
    if year < 1:
        raise ValueError(f"和暦の年は1（元年）以上です: 「{shown}」")
    result = PartialDate(era.first_year + year - 1, month)
    first, last, end = result.earliest(), result.latest(), _era_end(era)
    assert first is not None and last is not None
    if last < era.start or (end is not None and first > end):
        raise ValueError(f"「{shown}」は{era.name}の期間外です")
    return result


def parse_partial(text: str, today: date) -> PartialDate:
    """Parse what is known about a (birth) date.

    Accepts a full date (anything :func:`parse_date` reads), a month (「1985-03」, 「1985年3月」,
    「S60.3」, 「昭和60年3月」), a year (「1985」, 「昭和60年」, 「S60」), an age (「40歳」, 「40才」),
    an age band (「40代」, 「40歳代」) and unknown (「不明」, 「不詳」, 「わからない」, 「?」, empty).

    ``today`` is required rather than read from the clock: an age is only meaningful with
    the date it was stated, and callers pass ``django.utils.timezone.localdate()`` (or the
    date of the interview) explicitly.
    """
    cleaned = _clean(text)
    shown = text.strip()
    if cleaned in _UNKNOWN_WORDS:
        return PartialDate()
    if match := _AGE.fullmatch(cleaned):
        return PartialDate(age=int(match["age"]), age_as_of=today)
    if match := _BAND.fullmatch(cleaned):
        return PartialDate(age_band=int(match["band"]), age_as_of=today)
    if match := _YM_ISO.fullmatch(cleaned):
        month = int(match["m"] or match["m2"])
        if not 1 <= month <= 12:
            raise ValueError(f"月は1〜12で入力してください: 「{shown}」")
        return PartialDate(int(match["y"]), month)
    if match := _Y_ISO.fullmatch(cleaned):
        return PartialDate(int(match["y"]))
    if match := _ERA_YM.fullmatch(cleaned):
        era, year, month = _ERA_BY_TOKEN[match["era"]], _era_year(match["y"]), int(match["m"])
        if not 1 <= month <= 12:
            raise ValueError(f"月は1〜12で入力してください: 「{shown}」")
        return _partial_in_era(era, year, month, shown)
    if match := _ERA_Y.fullmatch(cleaned):
        era, year = _ERA_BY_TOKEN[match["era"]], _era_year(match["y"])
        return _partial_in_era(era, year, None, shown)
    try:
        return PartialDate.from_date(parse_date(text))
    except _UnreadableDateError:
        pass
    raise ValueError(
        f"生年月日として読み取れません: 「{shown}」"
        "（例: 1985-03-04、昭和60年、S60.3、40歳、40代、不明）"
    )
