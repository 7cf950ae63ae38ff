"""Answers validation against a schema (pure Python, no database)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from tsunagu.intake.answers import has_risk, risk_items
from tsunagu.intake.core import age_band, age_for_routing, typed_columns
from tsunagu.intake.default_sheet import SCHEMA
from tsunagu.intake.display import input_text, parsed_text, render_answers
from tsunagu.intake.schema import field_map, validate_answers

TODAY = datetime.date(2026, 5, 1)
MINIMAL = {"channel": "phone", "consulter_relation": "mother", "summary": "相談の概要"}


def errors_of(answers, **options) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        validate_answers(SCHEMA, answers, today=TODAY, **options)
    return info.value.message_dict


def test_minimal_family_call_is_valid_and_person_may_be_unknown():
    cleaned = validate_answers(SCHEMA, MINIMAL, today=TODAY)
    assert cleaned == MINIMAL  # no name of the person, no consulter name: normal


def test_required_fields_have_japanese_messages():
    errors = errors_of({})
    assert errors["channel"] == ["受付方法を選んでください。"]
    assert errors["summary"] == ["主訴（相談の概要）を入力してください。"]


def test_drafts_need_no_required_fields():
    assert validate_answers(SCHEMA, {}, partial=True, today=TODAY) == {}


def test_unknown_keys_are_rejected():
    assert errors_of({**MINIMAL, "favourite_colour": "青"}) == {
        "favourite_colour": ["この受付票にない項目です。"]
    }
    assert "x" in errors_of({"x": 1}, partial=True)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("channel", "fax", "選択肢から選んでください。"),
        ("channel", 3, "選択肢から選んでください。"),
        ("route", ["koho", "fax"], "選択肢にない値が含まれています。"),
        ("route", "koho,sns", "選択肢にない値が含まれています。"),
        ("suicidal", "maybe", "選択肢から選んでください。"),
        ("consulter_name", 12, "文字で入力してください。"),
        ("consulter_name", "あ" * 201, "200文字以内で入力してください"),
        ("consulter_name", "a\x00b", "使用できない文字"),
        ("next_date", "令和8年2月30日", "存在しない日付です"),
        ("next_date", "いつか", "日付として読み取れません"),
        ("person_birth_date", "平成32年", "期間外"),
        ("household_members", "father", "行の一覧の形式で入力してください。"),
    ],
)
def test_type_errors_are_per_field(key, value, message):
    errors = errors_of({**MINIMAL, key: value}, partial=True)
    assert list(errors) == [key]
    assert message in errors[key][0]


def test_dates_accept_wareki_and_are_stored_iso():
    cleaned = validate_answers(
        SCHEMA,
        {**MINIMAL, "next_date": "令和8年5月8日", "person_birth_date": "昭和60年4月1日"},
        today=TODAY,
    )
    assert cleaned["next_date"] == "2026-05-08"
    assert cleaned["person_birth_date"] == {"year": 1985, "month": 4, "day": 1}
    fields = field_map(SCHEMA)
    assert parsed_text(fields["person_birth_date"], cleaned["person_birth_date"]) == (
        "昭和60年4月1日（1985年）"
    )
    assert input_text(fields["next_date"], cleaned["next_date"]) == "令和8年5月8日"


@pytest.mark.parametrize(
    ("text", "stored", "band"),
    [
        ("40代", {"band": 40, "as_of": "2026-05-01"}, "40"),
        ("42歳", {"age": 42, "as_of": "2026-05-01"}, "40"),
        ("S60", {"year": 1985}, "40"),
        ("不明", {"unknown": True}, "unknown"),
        ("1996年", {"year": 1996}, "unknown"),  # 29 or 30: not one decade
    ],
)
def test_partial_birth_dates(text, stored, band):
    cleaned = validate_answers(SCHEMA, {"person_birth_date": text}, partial=True, today=TODAY)
    assert cleaned["person_birth_date"] == stored
    assert age_band(stored, TODAY) == band
    again = validate_answers(SCHEMA, cleaned, partial=True, today=TODAY)
    assert again == cleaned


def test_age_for_routing():
    assert age_for_routing("2010-06-01", TODAY) == 15
    assert age_for_routing({"year": 2008}, TODAY) == 17
    assert age_for_routing({"band": 40, "as_of": "2026-05-01"}, TODAY) is None
    assert age_for_routing(None, TODAY) is None


def test_numbers_and_groups():
    answers = {
        "household_members": [
            {"relation": "father", "age": "７８", "living": "together", "care_level": "care2"},
            {"relation": "", "age": ""},  # an empty row is dropped
            {"relation": "mother", "age": 75},
        ]
    }
    cleaned = validate_answers(SCHEMA, answers, partial=True, today=TODAY)
    assert cleaned["household_members"] == [
        {"relation": "father", "age": 78, "living": "together", "care_level": "care2"},
        {"relation": "mother", "age": 75},
    ]
    errors = errors_of(
        {**MINIMAL, "household_members": [{"age": "200", "living": "apart"}, {"relation": "x"}]}
    )
    assert errors["household_members.0.age"] == ["年齢：120以下で入力してください。"]
    assert errors["household_members.0.relation"] == ["続柄を入力してください。"]
    assert errors["household_members.1.relation"] == ["続柄：選択肢から選んでください。"]
    errors = errors_of({"household_members": [{"pet": "犬"}]}, partial=True)
    assert list(errors) == ["household_members.0.pet"]


def test_required_only_when_visible_and_hidden_answers_dropped():
    schema = {
        "sections": [
            {
                "key": "a",
                "title": "A",
                "fields": [
                    {
                        "key": "medical",
                        "label": "受診",
                        "type": "yes_no_unknown",
                        "sensitivity": "S",
                    },
                    {
                        "key": "clinic",
                        "label": "医療機関",
                        "type": "text",
                        "sensitivity": "S",
                        "required": True,
                        "show_if": {"field": "medical", "values": ["yes"]},
                    },
                ],
            }
        ]
    }
    assert validate_answers(schema, {"medical": "no", "clinic": "A病院"}) == {"medical": "no"}
    assert validate_answers(schema, {}) == {}
    with pytest.raises(ValidationError) as info:
        validate_answers(schema, {"medical": "yes"})
    assert info.value.message_dict == {"clinic": ["医療機関を入力してください。"]}
    # a draft keeps what was typed even while hidden
    assert validate_answers(schema, {"medical": "no", "clinic": "A"}, partial=True) == {
        "medical": "no",
        "clinic": "A",
    }


def test_risk_items_require_an_urgency_decision():
    risky = {**MINIMAL, "suicidal": "yes"}
    assert has_risk(SCHEMA, risky)
    assert errors_of(risky)["urgency"] == [
        "リスク項目に該当があります。緊急度（高・中・低）を判断して選んでください。"
    ]
    assert "urgency" in errors_of({**risky, "urgency": "unknown"})
    assert validate_answers(SCHEMA, {**risky, "urgency": "high"}, today=TODAY)
    # drafts may stay undecided
    assert validate_answers(SCHEMA, risky, partial=True, today=TODAY)
    for key, value in [
        ("violence", ["person_to_family"]),
        ("acute_psychiatric", "yes"),
        ("life_crisis", ["no_food"]),
    ]:
        assert [f["key"] for f in risk_items(SCHEMA, {key: value})] == [key]
    assert not has_risk(SCHEMA, {"violence": ["none"], "suicidal": "no"})


def test_typed_columns():
    cleaned = validate_answers(
        SCHEMA,
        {
            **MINIMAL,
            "person_sex": "male",
            "person_birth_date": "S60.4.1",
            "suicidal": "yes",
            "urgency": "high",
            "consent": "given",
            "consent_by": "person",
        },
        today=TODAY,
    )
    assert typed_columns(SCHEMA, cleaned, TODAY) == {
        "channel": "phone",
        "consulter_relation": "mother",
        "person_sex": "male",
        "person_age_band": "40",
        "urgency": "high",
        "consent": "given",
        "has_risk": True,
    }
    assert typed_columns(SCHEMA, {}, TODAY) == {
        "channel": "",
        "consulter_relation": "",
        "person_sex": "",
        "person_age_band": "unknown",
        "urgency": "unset",
        "consent": "unknown",
        "has_risk": False,
    }


def test_render_answers_masks_unreadable_classes():
    cleaned = validate_answers(
        SCHEMA,
        {
            **MINIMAL,
            "suicidal": "yes",
            "urgency": "high",
            "household_members": [{"relation": "father"}],
        },
        today=TODAY,
    )
    sections = render_answers(SCHEMA, cleaned, {"P", "O"})
    rows = {r.key: r for s in sections for r in s.rows}
    assert rows["channel"].text == "電話"
    assert rows["urgency"].text == "高（即日対応）"
    assert not rows["suicidal"].readable and rows["suicidal"].text == ""
    assert rows["household_members"].table == [["父", "", "", "＊＊＊", "", "＊＊＊"]]


ANSWER_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "phone",
            "yes",
            "昭和60年4月1日",
            "40代",
            "S60",
            "unknown",
            "father",
            "2026-02-30",
            "R1.5.1",
            "１２",
            "1e400",
            "-0",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["relation", "age", "x", "year", "as_of", "band"]), children, max_size=3
        )
    ),
    max_leaves=12,
)
KEYS = st.sampled_from([*sorted(field_map(SCHEMA)), "bogus", ""])


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(KEYS, ANSWER_VALUES, max_size=8), st.booleans())
def test_arbitrary_answers_never_crash(answers, partial):
    try:
        cleaned = validate_answers(SCHEMA, answers, partial=partial, today=TODAY)
    except ValidationError as error:
        assert error.message_dict
        return
    # cleaning is idempotent and the result is plain JSON
    assert validate_answers(SCHEMA, cleaned, partial=partial, today=TODAY) == cleaned
    typed_columns(SCHEMA, cleaned, TODAY)
    render_answers(SCHEMA, cleaned, {"S", "P", "O"})


@settings(max_examples=100, deadline=None)
@given(ANSWER_VALUES)
def test_anything_that_is_not_a_dict_is_rejected(value):
    if isinstance(value, dict):
        return
    with pytest.raises(ValidationError):
        validate_answers(SCHEMA, value)
