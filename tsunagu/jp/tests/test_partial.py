"""Partial (birth) dates: each accepted form, its bounds, display and errors."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.jp.partial_dates import PartialDate, parse_partial

TODAY = date(2024, 4, 1)


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest", "display"),
    [
        ("1985", "year", date(1985, 1, 1), date(1985, 12, 31), "昭和60年（1985年）"),
        ("1985年", "year", date(1985, 1, 1), date(1985, 12, 31), "昭和60年（1985年）"),
        ("昭和60年", "year", date(1985, 1, 1), date(1985, 12, 31), "昭和60年（1985年）"),
        ("S60", "year", date(1985, 1, 1), date(1985, 12, 31), "昭和60年（1985年）"),
        ("昭和64年", "year", date(1989, 1, 1), date(1989, 12, 31), "昭和64年／平成元年（1989年）"),
        ("平成元年", "year", date(1989, 1, 1), date(1989, 12, 31), "昭和64年／平成元年（1989年）"),
        ("2019", "year", date(2019, 1, 1), date(2019, 12, 31), "平成31年／令和元年（2019年）"),
        ("1870", "year", date(1870, 1, 1), date(1870, 12, 31), "1870年"),
        ("S60.3", "month", date(1985, 3, 1), date(1985, 3, 31), "昭和60年3月（1985年）"),
        ("昭和60年3月", "month", date(1985, 3, 1), date(1985, 3, 31), "昭和60年3月（1985年）"),
        ("1985-03", "month", date(1985, 3, 1), date(1985, 3, 31), "昭和60年3月（1985年）"),
        ("1985/3", "month", date(1985, 3, 1), date(1985, 3, 31), "昭和60年3月（1985年）"),
        ("1985年3月", "month", date(1985, 3, 1), date(1985, 3, 31), "昭和60年3月（1985年）"),
        ("2000-02", "month", date(2000, 2, 1), date(2000, 2, 29), "平成12年2月（2000年）"),
        ("平成31年4月", "month", date(2019, 4, 1), date(2019, 4, 30), "平成31年4月（2019年）"),
        (
            "1989-01",
            "month",
            date(1989, 1, 1),
            date(1989, 1, 31),
            "昭和64年／平成元年1月（1989年）",
        ),
        (
            "昭和60年3月4日",
            "day",
            date(1985, 3, 4),
            date(1985, 3, 4),
            "昭和60年3月4日（1985年）",
        ),
        ("S600304", "day", date(1985, 3, 4), date(1985, 3, 4), "昭和60年3月4日（1985年）"),
        ("1985-03-04", "day", date(1985, 3, 4), date(1985, 3, 4), "昭和60年3月4日（1985年）"),
        ("40歳", "age", date(1983, 4, 2), date(1984, 4, 1), "40歳（2024年4月1日時点）"),
        ("４０才", "age", date(1983, 4, 2), date(1984, 4, 1), "40歳（2024年4月1日時点）"),
        ("0歳", "age", date(2023, 4, 2), date(2024, 4, 1), "0歳（2024年4月1日時点）"),
        ("40代", "band", date(1974, 4, 2), date(1984, 4, 1), "40代（2024年4月1日時点）"),
        ("40歳代", "band", date(1974, 4, 2), date(1984, 4, 1), "40代（2024年4月1日時点）"),
        ("10代", "band", date(2004, 4, 2), date(2014, 4, 1), "10代（2024年4月1日時点）"),
        ("不明", "unknown", None, None, "不明"),
        ("不詳", "unknown", None, None, "不明"),
        ("わからない", "unknown", None, None, "不明"),
        ("？", "unknown", None, None, "不明"),
        ("", "unknown", None, None, "不明"),
    ],
)
def test_parse_partial(
    text: str, precision: str, earliest: date | None, latest: date | None, display: str
) -> None:
    partial = parse_partial(text, TODAY)
    assert partial.precision == precision
    assert partial.earliest() == earliest
    assert partial.latest() == latest
    assert partial.display() == display


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("平成32年", "平成の期間外です"),
        ("平成31年5月", "平成の期間外です"),
        ("令和元年4月", "令和の期間外です"),
        ("昭和64年2月", "昭和の期間外です"),
        ("明治5年", "明治の期間外です"),
        ("令和0年", "1（元年）以上です"),
        ("1985-13", "月は1〜12で入力してください"),
        ("S60.0", "月は1〜12で入力してください"),
        ("平成31年5月1日", "平成の期間外です"),  # full-date errors are passed through
        ("2023-02-29", "存在しない日付です"),
        ("200歳", "年齢は0〜150歳で入力してください"),
        ("45代", "生年月日として読み取れません"),
        ("40代くらい", "生年月日として読み取れません"),
        ("むかし", "生年月日として読み取れません"),
    ],
)
def test_parse_partial_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_partial(text, TODAY)


def test_age_on_29_february() -> None:
    partial = PartialDate(age=1, age_as_of=date(2024, 2, 29))
    # born 2022-03-01 … 2023-02-28: someone born 2023-02-28 turned 1 on 2024-02-28.
    assert partial.earliest() == date(2022, 3, 1)
    assert partial.latest() == date(2023, 2, 28)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"year": 1985, "age": 40, "age_as_of": TODAY},
        {"age": 40},
        {"age_band": 40},
        {"age": 40, "age_band": 40, "age_as_of": TODAY},
        {"age_as_of": TODAY},
        {"month": 3},
        {"year": 1985, "day": 3},
        {"year": 1985, "month": 2, "day": 30},
        {"age_band": 45, "age_as_of": TODAY},
    ],
)
def test_partial_date_rejects_inconsistent_fields(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        PartialDate(**kwargs)


def test_from_date() -> None:
    partial = PartialDate.from_date(date(2019, 5, 1))
    assert partial.precision == "day"
    assert partial.display() == "令和元年5月1日（2019年）"
    assert PartialDate.from_date(date(1860, 1, 2)).display() == "1860年1月2日"


@given(st.integers(0, 120), st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)))
def test_age_bounds_are_exactly_the_people_of_that_age(age: int, as_of: date) -> None:
    partial = PartialDate(age=age, age_as_of=as_of)
    earliest, latest = partial.earliest(), partial.latest()
    assert earliest is not None and latest is not None

    def age_on(born: date) -> int:
        return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))

    assert age_on(latest) == age
    assert age_on(latest + timedelta(days=1)) == age - 1
    assert age_on(earliest) == age
    if (earliest.month, earliest.day) != (3, 1):  # someone born on 29 Feb: a convention
        assert age_on(earliest - timedelta(days=1)) == age + 1


@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31)))
def test_display_of_a_day_parses_back(day: date) -> None:
    partial = PartialDate.from_date(day)
    assert parse_partial(partial.display(), TODAY) == partial
