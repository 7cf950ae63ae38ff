"""The schema module: well-formed form definitions (pure Python, no database)."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from tsunagu.intake.default_sheet import SCHEMA
from tsunagu.intake.schema import (
    CHOICE_TYPES,
    UNKNOWN,
    core_fields,
    field_map,
    iter_fields,
    validate_schema,
)


def small(**extra):
    return {
        "sections": [
            {
                "key": "a",
                "title": "受付",
                "fields": [
                    {
                        "key": "channel",
                        "label": "受付方法",
                        "type": "single_choice",
                        "sensitivity": "O",
                        "choices": [
                            {"code": "phone", "label": "電話"},
                            {"code": "unknown", "label": "不明"},
                        ],
                    },
                    {"key": "note", "label": "メモ", "type": "text", "sensitivity": "P", **extra},
                ],
            }
        ]
    }


def messages_of(schema) -> str:
    with pytest.raises(ValidationError) as info:
        validate_schema(schema)
    return " ".join(info.value.messages)


def test_default_sheet_is_valid_and_complete():
    validate_schema(SCHEMA)
    titles = [s["title"] for s in SCHEMA["sections"]]
    assert [t[0] for t in titles] == list("ABCDEFGHIJKLM")
    cores = core_fields(SCHEMA)
    for name in (
        "channel",
        "consulter_relation",
        "person_sex",
        "person_birth_date",
        "urgency",
        "consent",
    ):
        assert name in cores
    fields = field_map(SCHEMA)
    assert fields["household_members"]["type"] == "group"
    assert {f["key"] for f in fields["household_members"]["fields"]} >= {
        "relation",
        "age",
        "living",
        "health",
        "care_level",
    }
    for _, field in iter_fields(SCHEMA):
        subs = field.get("fields", [])
        for f in [field, *subs]:
            if f["type"] in CHOICE_TYPES:
                assert UNKNOWN in {c["code"] for c in f["choices"]}, f["key"]
    # the health section and risk items are 要配慮
    health = next(s for s in SCHEMA["sections"] if s["key"] == "health")
    assert {f["sensitivity"] for f in health["fields"]} == {"S"}
    risk = [f for _, f in iter_fields(SCHEMA) if f.get("risk_values")]
    assert {f["key"] for f in risk} >= {"suicidal", "violence", "acute_psychiatric", "life_crisis"}
    assert all(f["sensitivity"] == "S" for f in risk)
    # every question is phrased to be asked aloud
    assert fields["person_birth_date"]["help"].endswith("。")


def test_small_schema_is_valid():
    validate_schema(small())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: s["sections"][0]["fields"].append(dict(s["sections"][0]["fields"][0])),
            "キーが重複",
        ),
        (lambda s: s["sections"][0]["fields"][0]["choices"].pop(), "不明"),
        (
            lambda s: s["sections"][0]["fields"][0]["choices"].append(
                {"code": "phone", "label": "電話2"}
            ),
            "重複",
        ),
        (lambda s: s["sections"][0]["fields"][1].update(type="colour"), "種類"),
        (lambda s: s["sections"][0]["fields"][1].update(sensitivity="X"), "機密区分"),
        (lambda s: s["sections"][0]["fields"][1].update(key="Bad Key"), "キー"),
        (lambda s: s["sections"][0]["fields"][1].update(label=""), "項目名"),
        (lambda s: s["sections"][0]["fields"][1].update(colour="red"), "使えない属性"),
        (
            lambda s: s["sections"][0]["fields"][1].update(show_if={"field": "nope", "values": []}),
            "より前にありません",
        ),
        (
            lambda s: s["sections"][0]["fields"][1].update(
                show_if={"field": "channel", "values": ["fax"]}
            ),
            "選択肢のコード",
        ),
        (
            lambda s: s["sections"][0]["fields"][0].update(show_if={"field": "note", "values": []}),
            "より前にありません",
        ),
        (
            lambda s: s["sections"][0]["fields"].extend(
                [dict(s["sections"][0]["fields"][0], key=k, core="channel") for k in ("c1", "c2")]
            ),
            "複数",
        ),
        (lambda s: s["sections"][0]["fields"][1].update(core="nope"), "基本項目"),
        (lambda s: s["sections"][0]["fields"][1].update(core="urgency"), "この種類"),
        (lambda s: s["sections"][0]["fields"][1].update(risk_values=["yes"]), "リスク"),
        (lambda s: s["sections"][0]["fields"][1].update(choices=[]), "選択肢は選択の項目"),
        (lambda s: s["sections"][0]["fields"][1].update(max_length=0), "最大文字数"),
        (lambda s: s["sections"][0]["fields"][1].update(required="yes"), "必須"),
        (lambda s: s["sections"].append(dict(s["sections"][0], fields=[])), "区分のキー"),
    ],
)
def test_malformed_schemas_are_rejected_with_japanese_messages(change, expected):
    schema = small()
    change(schema)
    assert expected in messages_of(schema)


def test_core_urgency_codes_are_fixed():
    schema = small()
    schema["sections"][0]["fields"][0]["core"] = "urgency"
    assert "urgency" in messages_of(schema)


def test_groups_cannot_nest_and_need_fields():
    schema = small()
    schema["sections"][0]["fields"].append(
        {"key": "members", "label": "家族", "type": "group", "sensitivity": "P", "fields": []}
    )
    assert "繰り返し" in messages_of(schema)
    schema["sections"][0]["fields"][-1]["fields"] = [
        {
            "key": "inner",
            "label": "入れ子",
            "type": "group",
            "sensitivity": "P",
            "fields": [{"key": "x", "label": "x", "type": "text", "sensitivity": "P"}],
        }
    ]
    assert "種類" in messages_of(schema)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        "x",
        {"sections": []},
        {"sections": "x"},
        {"sections": [], "extra": 1},
        {"sections": [1]},
    ],
)
def test_not_a_schema(bad):
    with pytest.raises(ValidationError):
        validate_schema(bad)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "sections",
                    "key",
                    "title",
                    "fields",
                    "label",
                    "type",
                    "sensitivity",
                    "choices",
                    "code",
                    "show_if",
                    "field",
                    "values",
                    "core",
                    "risk_values",
                    "required",
                    "help",
                    "x",
                ]
            )
            | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_arbitrary_json_never_crashes_validate_schema(data):
    try:
        validate_schema(data)
    except ValidationError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_default_sheet_never_crashes(data):
    schema = copy.deepcopy(SCHEMA)
    section = data.draw(st.sampled_from(schema["sections"]))
    field = data.draw(st.sampled_from(section["fields"]))
    attr = data.draw(
        st.sampled_from(
            [
                "key",
                "type",
                "choices",
                "show_if",
                "core",
                "risk_values",
                "fields",
                "sensitivity",
                "label",
                "max_length",
                "required",
            ]
        )
    )
    field[attr] = data.draw(JSON)
    try:
        validate_schema(schema)
    except ValidationError:
        pass
