"""和暦: every accepted input form, every error, round trips, and japanera as an oracle."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from japanera import EraDate

from tsunagu.jp.wareki import (
    ERAS,
    era_of,
    fiscal_year,
    format_fiscal_year,
    format_wareki,
    parse_date,
    to_wareki,
    wareki_to_date,
)

FIRST = date(1873, 1, 1)
LAST = date(2100, 12, 31)
BOUNDARIES = [
    date(1873, 1, 1),
    date(1912, 7, 29),
    date(1912, 7, 30),
    date(1926, 12, 24),
    date(1926, 12, 25),
    date(1989, 1, 7),
    date(1989, 1, 8),
    date(2019, 4, 30),
    date(2019, 5, 1),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-01", date(2024, 4, 1)),
        ("2024/4/1", date(2024, 4, 1)),
        ("2024.4.1", date(2024, 4, 1)),
        ("20240401", date(2024, 4, 1)),
        ("2024年4月1日", date(2024, 4, 1)),
        ("２０２４－０４－０１", date(2024, 4, 1)),
        ("昭和50年3月4日", date(1975, 3, 4)),
        ("昭和５０年３月４日", date(1975, 3, 4)),
        (" 昭和 50 年 3 月 4 日 ", date(1975, 3, 4)),
        ("昭和50年3月4", date(1975, 3, 4)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("明治45年7月29日", date(1912, 7, 29)),
        ("明治6年1月1日", date(1873, 1, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("r6.4.1", date(2024, 4, 1)),
        ("Ｒ６．４．１", date(2024, 4, 1)),
        ("R 6. 4. 1", date(2024, 4, 1)),
        ("H元.1.8", date(1989, 1, 8)),
        ("S50.3.4", date(1975, 3, 4)),
        ("S50-3-4", date(1975, 3, 4)),
        ("s50/3/4", date(1975, 3, 4)),
        ("S50年3月4日", date(1975, 3, 4)),
        ("昭50.3.4", date(1975, 3, 4)),
        ("平31.4.30", date(2019, 4, 30)),
        ("S500304", date(1975, 3, 4)),
        ("ｓ５００３０４", date(1975, 3, 4)),
        ("H010108", date(1989, 1, 8)),
        ("3500304", date(1975, 3, 4)),  # era code + YYMMDD
        ("4010108", date(1989, 1, 8)),
        ("5060401", date(2024, 4, 1)),
        ("1060101", date(1873, 1, 1)),
        ("2150101", date(1926, 1, 1)),
        ("令和6年4月1日（2024年）", date(2024, 4, 1)),
        ("令和6年4月1日(2024)", date(2024, 4, 1)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("平成31年5月1日", "平成の期間外です（平成は平成31年4月30日までです）"),
        ("昭和64年1月8日", "昭和の期間外です"),
        ("令和元年4月30日", "令和の期間外です"),
        ("大正元年7月29日", "大正の期間外です"),
        ("明治5年12月31日", "明治の期間外です"),
        ("H31.5.1", "平成の期間外です"),
        ("4310501", "平成の期間外です"),
        ("令和0年5月1日", "1（元年）以上です"),
        ("2024-02-30", "存在しない日付です"),
        ("2023-02-29", "存在しない日付です"),
        ("R6.13.1", "存在しない日付です"),
        ("20241301", "存在しない日付です"),
        ("9500304", "元号コード「9」は使えません"),
        ("0500304", "元号コード「0」は使えません"),
        ("令和6年4月1日（2023年）", "和暦と西暦の年が一致しません"),
        ("", "日付が入力されていません"),
        ("   ", "日付が入力されていません"),
        ("きのう", "日付として読み取れません"),
        ("24-4-1", "日付として読み取れません"),
        ("X6.4.1", "日付として読み取れません"),
        ("R6.4", "日付として読み取れません"),
        ("2024-04-01T10:00", "日付として読み取れません"),
    ],
)
def test_parse_date_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_date(text)


def test_format_wareki_styles() -> None:
    day = date(2024, 4, 1)
    assert format_wareki(day) == "令和6年4月1日"
    assert format_wareki(day, "long") == "令和6年4月1日"
    assert format_wareki(day, "short") == "R6.4.1"
    assert format_wareki(day, "with_seireki") == "令和6年4月1日（2024年）"


def test_format_wareki_uses_gannen_in_long_forms_only() -> None:
    day = date(2019, 5, 1)
    assert format_wareki(day) == "令和元年5月1日"
    assert format_wareki(day, "with_seireki") == "令和元年5月1日（2019年）"
    assert format_wareki(day, "short") == "R1.5.1"


def test_format_wareki_rejects_dates_before_1873_and_unknown_styles() -> None:
    with pytest.raises(ValueError, match="より前の日付は和暦で扱えません"):
        format_wareki(date(1872, 12, 31))
    with pytest.raises(ValueError, match="unknown style"):
        format_wareki(date(2024, 4, 1), "medium")  # type: ignore[arg-type]


def test_era_table_is_one_row_per_era() -> None:
    assert [(e.name, e.letter, e.code) for e in ERAS] == [
        ("明治", "M", 1),
        ("大正", "T", 2),
        ("昭和", "S", 3),
        ("平成", "H", 4),
        ("令和", "R", 5),
    ]
    assert [e.start for e in ERAS] == sorted(e.start for e in ERAS)


def test_wareki_to_date_checks_the_era() -> None:
    heisei = ERAS[3]
    assert wareki_to_date(heisei, 31, 4, 30) == date(2019, 4, 30)
    with pytest.raises(ValueError, match="「平成31年5月1日」は平成の期間外です"):
        wareki_to_date(heisei, 31, 5, 1)


@pytest.mark.parametrize("day", BOUNDARIES)
def test_era_boundaries_agree_with_japanera(day: date) -> None:
    era, year = to_wareki(day)
    oracle = EraDate.from_date(day)
    assert era.name == oracle.era.kanji
    assert str(year) == oracle.strftime("%-Y")
    assert era_of(day) is era


@given(st.dates(min_value=FIRST, max_value=LAST))
def test_era_and_year_agree_with_japanera(day: date) -> None:
    era, year = to_wareki(day)
    oracle = EraDate.from_date(day)
    assert (era.name, str(year)) == (oracle.era.kanji, oracle.strftime("%-Y"))


def test_format_then_parse_round_trips_for_every_date_1873_to_2100() -> None:
    day = FIRST
    while day <= LAST:
        for style in ("long", "short", "with_seireki"):
            text = format_wareki(day, style)
            assert parse_date(text) == day, text
        day += timedelta(days=1)


@given(st.dates(min_value=FIRST, max_value=LAST))
def test_other_input_forms_round_trip(day: date) -> None:
    era, year = to_wareki(day)
    yymmdd = f"{year:02d}{day.month:02d}{day.day:02d}"
    if year < 100:
        assert parse_date(f"{era.letter}{yymmdd}") == day
        assert parse_date(f"{era.code}{yymmdd}") == day
    assert parse_date(f"{era.letter.lower()}{year}/{day.month}/{day.day}") == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%Y%m%d")) == day


def test_fiscal_year_runs_april_to_march() -> None:
    assert fiscal_year(date(2024, 4, 1)) == 2024
    assert fiscal_year(date(2025, 3, 31)) == 2024
    assert fiscal_year(date(2025, 1, 1)) == 2024
    assert fiscal_year(date(2024, 12, 31)) == 2024


def test_format_fiscal_year() -> None:
    assert format_fiscal_year(2024) == "令和6年度"
    assert format_fiscal_year(2024, "with_seireki") == "令和6年度（2024年度）"
    assert format_fiscal_year(2024, "seireki") == "2024年度"
    assert format_fiscal_year(2019) == "令和元年度"  # not 平成31年度
    assert format_fiscal_year(2018) == "平成30年度"
    assert format_fiscal_year(1988) == "昭和63年度"
    assert format_fiscal_year(1989) == "平成元年度"
    with pytest.raises(ValueError, match="unknown style"):
        format_fiscal_year(2024, "short")  # type: ignore[arg-type]
