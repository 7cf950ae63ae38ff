"""parse_onset: when a state began, in the words callers use (incl. hostile input)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.jp.onset import Onset, parse_onset
from tsunagu.jp.wareki import format_readout, parse_date, parse_datetime

TODAY = datetime.date(2026, 4, 1)


@pytest.mark.parametrize(
    ("text", "stored", "shown"),
    [
        ("10年前", {"year": 2016, "approx": True}, "平成28年（2016年）頃"),
        ("十年くらい前", {"year": 2016, "approx": True}, "平成28年（2016年）頃"),
        ("１０年前", {"year": 2016, "approx": True}, "平成28年（2016年）頃"),
        ("平成28年頃", {"year": 2016, "approx": True}, "平成28年（2016年）頃"),
        ("H28ごろ", {"year": 2016, "approx": True}, "平成28年（2016年）頃"),
        ("2016年4月", {"year": 2016, "month": 4}, "平成28年4月（2016年）"),
        ("令和元年", {"year": 2019}, "平成31年／令和元年（2019年）"),
        ("去年", {"year": 2025, "approx": True}, "令和7年（2025年）頃"),
        ("3か月前", {"year": 2026, "month": 1, "approx": True}, "令和8年1月（2026年）頃"),
        ("半年前", {"year": 2025, "month": 10, "approx": True}, "令和7年10月（2025年）頃"),
        ("42歳頃", {"age": 42, "approx": True}, "42歳頃"),
        ("４２才", {"age": 42}, "42歳"),
        ("20代前半", {"age_band": 20}, "20代"),
        ("中学生の頃", {"school_stage": "中学生"}, "中学生の頃"),
        ("中2の時", {"school_stage": "中学生", "grade": 2}, "中学2年の頃"),
        ("高校1年生のころ", {"school_stage": "高校生", "grade": 1}, "高校1年の頃"),
        ("大学在学中", {"school_stage": "大学生"}, "大学生の頃"),
        ("不明", {"unknown": True}, "不明"),
        ("  ", {"unknown": True}, "不明"),
    ],
)
def test_reads_what_callers_say(text, stored, shown):
    onset = parse_onset(text, TODAY)
    assert onset.to_json() == stored
    assert onset.display() == shown
    assert Onset.from_json(stored) == onset


def test_relative_words_count_from_the_given_day():
    assert parse_onset("10年前", datetime.date(2020, 1, 5)).year == 2010
    assert parse_onset("1か月前", datetime.date(2026, 1, 15)).to_json()["month"] == 12


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("平成99年", "平成の期間外"),
        ("平成28年2月30日", "存在しない日付"),
        ("2月30日", "時期として読み取れません"),
        ("99999999999年前", "時期として読み取れません"),
        ("1000年前", "遠すぎます"),
        ("2030年", "まだ来ていない時期"),
        ("150歳", "0〜120歳"),
        ("中7", "1〜3年"),
        ("2016年13月", "1〜12"),
        ("<script>alert(1)</script>", "時期として読み取れません"),
        ("あ" * 500, "40文字以内"),
        ("1" * 4000 + "年前", "40文字以内"),
        ("٢٠١٦年", "時期として読み取れません"),
    ],
)
def test_refuses_hostile_and_impossible_input(text, message):
    with pytest.raises(ValueError, match=message):
        parse_onset(text, TODAY)


@pytest.mark.parametrize(
    "stored",
    [
        {},
        {"year": "2016"},
        {"year": 2016, "age": 4},
        {"unknown": False},
        {"approx": True},
        {"school_stage": "大学院"},
        {"year": 1800},
        {"year": 2016, "month": 13},
        {"age": True},
        {"grade": 2},
        [],
        "10年前",
    ],
)
def test_stored_forms_are_checked(stored):
    with pytest.raises((ValueError, TypeError)):
        Onset.from_json(stored)


@pytest.mark.parametrize(
    "text",
    [
        "2026-04-01",
        "2026/4/1",
        "R8.4.1",
        "令和8年4月1日",
        "令和８年４月１日",
        "Ｒ８．４．１",
        "20260401",
    ],
)
def test_every_date_form_reads_the_same(text):
    assert parse_date(text) == datetime.date(2026, 4, 1)
    assert format_readout(parse_date(text)) == "令和8年4月1日（2026年4月1日）"


def test_gannen_and_old_dates_read_back():
    assert format_readout(parse_date("令和元年5月1日")) == "令和元年5月1日（2019年5月1日）"
    assert format_readout(datetime.date(1872, 12, 31)) == "1872年12月31日"


@pytest.mark.parametrize(
    "text",
    [
        "R8.4.1 10:30",
        "令和8年4月1日10時30分",
        "2026-04-01T10:30",
        "２０２６－０４－０１　１０：３０",
        "令和８年４月１日 １０:３０",
    ],
)
def test_datetimes_in_wareki(text):
    assert parse_datetime(text) == datetime.datetime(2026, 4, 1, 10, 30)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-04-01 25:00", "存在しない時刻"),
        ("R8.2.30 10:00", "存在しない日付"),
        ("昨日", "日時として読み取れません"),
        ("", "入力されていません"),
        ("H31.5.1 9:00", "期間外"),
    ],
)
def test_datetime_errors_are_japanese(text, message):
    with pytest.raises(ValueError, match=message):
        parse_datetime(text)


WORDS = st.sampled_from(
    [
        *"0123456789０１２９十二年月日頃前歳才代中高小学生の時.-/ 　",
        *("平成", "令和", "昭和", "元", "H", "R", "か月", "半年", "去年", "くらい"),
    ]
)


@given(st.text(max_size=80) | st.lists(WORDS, max_size=12).map("".join))
def test_any_text_reads_or_fails_in_japanese(text):
    try:
        onset = parse_onset(text, TODAY)
    except ValueError as error:
        assert str(error)
    else:
        assert Onset.from_json(onset.to_json()) == onset
        assert onset.display()
