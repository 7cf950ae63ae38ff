"""Japanese era dates (和暦): parsing, formatting, partial birth dates and 年度.

We store ISO dates; 和暦 is an input and display convention. Staff and residents write dates
as 「昭和50年3月4日」, 「S50.3.4」, 「S500304」 or, in data from older municipal systems, as an
era code plus YYMMDD (「3500304」). The eras are one table (:data:`ERAS`), so a new era is one
row.

明治 starts here on **1873-01-01** (明治6年1月1日), as in JIS X 0301, not on the historical
1868-10-23: Japan used the lunisolar calendar until 明治5年12月2日, so a date written
「明治3年4月5日」 is not the Gregorian date that simple arithmetic would give. Dates before
1873 therefore have no 和暦 form here, and 明治1–5年 are rejected on input.

User-facing errors are ``ValueError`` with a Japanese message (they are shown in forms);
programming errors (an unknown ``style``) raise with an English message.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal


@dataclass(frozen=True)
class Era:
    """One era. ``first_year`` is the Gregorian year of 元年; ``start`` the first date we accept."""

    name: str
    letter: str
    code: int
    first_year: int
    start: date

    @property
    def abbreviation(self) -> str:
        """The one-kanji short form (昭, 平 …) seen in forms such as 「昭50.3.4」."""
        return self.name[0]


#: Eras in chronological order. Add a new era as one row at the end.
ERAS: tuple[Era, ...] = (
    Era("明治", "M", 1, 1868, date(1873, 1, 1)),  # JIS X 0301: M06.01.01, see module docstring
    Era("大正", "T", 2, 1912, date(1912, 7, 30)),
    Era("昭和", "S", 3, 1926, date(1926, 12, 25)),
    Era("平成", "H", 4, 1989, date(1989, 1, 8)),
    Era("令和", "R", 5, 2019, date(2019, 5, 1)),
)

_ERA_BY_TOKEN: dict[str, Era] = {}
for _era in ERAS:
    for _token in (_era.name, _era.abbreviation, _era.letter):
        if _token in _ERA_BY_TOKEN:
            raise RuntimeError(f"ambiguous era token {_token!r} in ERAS")
        _ERA_BY_TOKEN[_token] = _era
_ERA_BY_CODE = {str(era.code): era for era in ERAS}

EARLIEST_WAREKI_DATE = ERAS[0].start


def _era_end(era: Era) -> date | None:
    """Last day of ``era``, or None for the current era."""
    index = ERAS.index(era)
    return ERAS[index + 1].start - timedelta(days=1) if index + 1 < len(ERAS) else None


def _jp_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def era_of(value: date) -> Era:
    """Return the era in force on ``value``; ``ValueError`` before 1873-01-01."""
    for era in reversed(ERAS):
        if value >= era.start:
            return era
    raise ValueError(
        f"{_jp_date(EARLIEST_WAREKI_DATE)}（明治6年1月1日）より前の日付は和暦で扱えません"
        f"（旧暦のため）: {value.isoformat()}"
    )


def to_wareki(value: date) -> tuple[Era, int]:
    """Return ``(era, era_year)`` for a date, e.g. 2019-05-01 → (令和, 1)."""
    era = era_of(value)
    return era, value.year - era.first_year + 1


def _era_year_label(era: Era, year: int) -> str:
    return f"{era.name}{'元' if year == 1 else year}年"


Style = Literal["long", "short", "with_seireki"]


def format_wareki(value: date, style: Style = "long") -> str:
    """Format a date in 和暦.

    ``long`` 「令和6年4月1日」 (元年 for year 1, as on official documents), ``short``
    「R6.4.1」 (compact, for tables), ``with_seireki`` 「令和6年4月1日（2024年）」 (the design's
    display form: staff and residents think in both calendars).
    """
    era, year = to_wareki(value)
    if style == "short":
        return f"{era.letter}{year}.{value.month}.{value.day}"
    long_form = f"{_era_year_label(era, year)}{value.month}月{value.day}日"
    if style == "long":
        return long_form
    if style == "with_seireki":
        return f"{long_form}（{value.year}年）"
    raise ValueError(f"unknown style {style!r}")


# --- parsing -------------------------------------------------------------------------------


def _pattern(regex: str) -> re.Pattern[str]:
    """Compile with an ASCII-only ``\\d``: NFKC already folds full-width digits, and digits of
    other scripts (٢٠٢٤) are refused rather than silently accepted by ``int``."""
    return re.compile(regex, re.ASCII)


_ERA_TOKEN = "|".join(sorted(map(re.escape, _ERA_BY_TOKEN), key=len, reverse=True))
_SEIREKI_SUFFIX = _pattern(r"^(?P<body>.+?)\((?P<year>\d{4})年?\)$")
_ISO = _pattern(
    r"(?P<y>\d{4})(?:[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日?)"
)
_ISO_COMPACT = _pattern(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_ERA_SEPARATED = _pattern(
    rf"(?P<era>{_ERA_TOKEN})(?P<y>\d{{1,3}}|元)(?:年|[-/.])"
    r"(?P<m>\d{1,2})(?:月|[-/.])(?P<d>\d{1,2})日?"
)
_ERA_COMPACT = _pattern(rf"(?P<era>{_ERA_TOKEN}|\d)(?P<y>\d{{2}})(?P<m>\d{{2}})(?P<d>\d{{2}})")


class _UnreadableDateError(ValueError):
    """The text matches no accepted date form (as opposed to naming an invalid date)."""


_EXAMPLES = "例: 2024-04-01、20240401、令和6年4月1日、R6.4.1、S500304、3500304"


def _clean(text: str) -> str:
    """NFKC (full-width digits/letters, （）), drop all whitespace, uppercase era letters."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).upper()


def _era_year(year_text: str) -> int:
    return 1 if year_text == "元" else int(year_text)


def _make_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"存在しない日付です: 「{original}」") from None


def wareki_to_date(era: Era, year: int, month: int, day: int, *, original: str = "") -> date:
    """Convert an era date to a Gregorian date, checking that it lies inside the era.

    「平成31年5月1日」 and 「昭和64年1月8日」 name real calendar days but not in that era, so
    they are errors rather than silently shifted.
    """
    shown = original or f"{_era_year_label(era, year)}{month}月{day}日"
    if year < 1:
        raise ValueError(f"和暦の年は1（元年）以上です: 「{shown}」")
    result = _make_date(era.first_year + year - 1, month, day, shown)
    end = _era_end(era)
    if result < era.start:
        raise ValueError(
            f"「{shown}」は{era.name}の期間外です"
            f"（{era.name}として扱えるのは{format_wareki(era.start)}からです）"
        )
    if end is not None and result > end:
        raise ValueError(
            f"「{shown}」は{era.name}の期間外です（{era.name}は{format_wareki(end)}までです）"
        )
    return result


def parse_date(text: str) -> date:
    """Parse a full date written in any of the forms staff meet in practice.

    Accepted: ISO and its variants (2024-04-01, 2024/4/1, 2024.4.1, 20240401, 2024年4月1日);
    和暦 with the era name, its first kanji or letter (「昭和50年3月4日」, 「令和元年5月1日」,
    「昭50.3.4」, 「R6.4.1」, 「H元.1.8」, 「s50/3/4」); compact 「S500304」; era code + YYMMDD
    (「3500304」 = 昭和50年3月4日, the format of older municipal systems); full-width digits and
    letters, spaces anywhere, and a trailing 「（2024年）」 as printed by
    ``format_wareki(style="with_seireki")`` (it must agree with the date).

    Raises ``ValueError`` with a Japanese message for unreadable text, impossible dates and
    dates outside the named era.
    """
    cleaned = _clean(text)
    shown = text.strip()
    if not cleaned:
        raise ValueError("日付が入力されていません")
    seireki = None
    if match := _SEIREKI_SUFFIX.fullmatch(cleaned):
        cleaned, seireki = match["body"], int(match["year"])
    result = _parse_cleaned(cleaned, shown)
    if seireki is not None and seireki != result.year:
        raise ValueError(f"和暦と西暦の年が一致しません: 「{shown}」")
    return result


def _parse_cleaned(cleaned: str, shown: str) -> date:
    if match := _ISO.fullmatch(cleaned):
        month, day = match["m"] or match["m2"], match["d"] or match["d2"]
        return _make_date(int(match["y"]), int(month), int(day), shown)
    if match := _ISO_COMPACT.fullmatch(cleaned):
        return _make_date(int(match["y"]), int(match["m"]), int(match["d"]), shown)
    if match := _ERA_SEPARATED.fullmatch(cleaned):
        era = _ERA_BY_TOKEN[match["era"]]
        year = _era_year(match["y"])
        return wareki_to_date(era, year, int(match["m"]), int(match["d"]), original=shown)
    if match := _ERA_COMPACT.fullmatch(cleaned):
        token = match["era"]
        era = _ERA_BY_TOKEN.get(token) or _ERA_BY_CODE.get(token)
        if era is None:
            codes = "、".join(f"{e.code}={e.name}" for e in ERAS)
            raise ValueError(f"元号コード「{token}」は使えません（{codes}）: 「{shown}」")
        year = int(match["y"])
        return wareki_to_date(era, year, int(match["m"]), int(match["d"]), original=shown)
    raise _UnreadableDateError(f"日付として読み取れません: 「{shown}」（{_EXAMPLES}）")


_DATETIME = re.compile(
    r"(?P<date>.+?)(?:\s+|T|(?<=日))(?P<h>\d{1,2})(?::|時)(?:(?P<m>\d{1,2})分?)?"
    r"(?::(?P<s>\d{1,2})(?:\.\d{1,6})?)?",
    re.ASCII,
)


def parse_datetime(text: str) -> datetime:
    """Parse a date and a time of day: any date :func:`parse_date` reads, then the time
    (「R8.4.1 10:30」, 「令和8年4月1日10時30分」, 「2026-04-01T10:30」, full-width digits). ISO
    text with an offset (「2026-04-01T10:30+09:00」) gives an aware datetime, all else naive.

    Raises ``ValueError`` with a Japanese message.
    """
    stripped = unicodedata.normalize("NFKC", text).strip()
    if not stripped:
        raise ValueError("日時が入力されていません")
    match = _DATETIME.fullmatch(stripped)
    if match is None:
        try:
            return datetime.fromisoformat(stripped)
        except ValueError:
            pass
        raise _UnreadableDateError(
            f"日時として読み取れません: 「{text.strip()}」（例: 令和8年4月1日 10:30、2026-04-01 10:30）"
        )
    day = parse_date(match["date"])
    hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"存在しない時刻です: 「{text.strip()}」")
    return datetime.combine(day, time(hour, minute, second))


def format_readout(value: date) -> str:
    """How a typed date was read, in both calendars: 「令和8年4月1日（2026年4月1日）」
    (only the Gregorian date before 1873, which has no 和暦 form here)."""
    if value < EARLIEST_WAREKI_DATE:
        return _jp_date(value)
    return f"{format_wareki(value)}（{_jp_date(value)}）"


# --- 年度 (fiscal year, April–March) ---------------------------------------------------------


def fiscal_year(value: date) -> int:
    """Return the 年度 of a date: the Gregorian year in which that April–March year starts.

    Every municipal report and many case numbers are per 年度, so 2025-03-31 belongs to 2024.
    """
    return value.year if value.month >= 4 else value.year - 1


FiscalStyle = Literal["long", "with_seireki", "seireki"]


def format_fiscal_year(year: int, style: FiscalStyle = "long") -> str:
    """Format a 年度: ``long`` 「令和6年度」, ``with_seireki`` 「令和6年度（2024年度）」,
    ``seireki`` 「2024年度」.

    The era is the one in force on 31 December of the starting year, which gives the
    customary names 令和元年度 for April 2019–March 2020 (not 平成31年度) and 昭和63年度 for
    April 1988–March 1989.
    """
    if style == "seireki":
        return f"{year}年度"
    era, era_year = to_wareki(date(year, 12, 31))
    long_form = f"{era.name}{'元' if era_year == 1 else era_year}年度"
    if style == "long":
        return long_form
    if style == "with_seireki":
        return f"{long_form}（{year}年度）"
    raise ValueError(f"unknown style {style!r}")
