"""The draft built from a real case, and the review of the reviewer's edits."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tsunagu.accounts.roles import Role
from tsunagu.casestudies.draft import build_draft
from tsunagu.casestudies.review import IDENTIFYING_MESSAGE, apply_review, categories_of
from tsunagu.testing.case_study import IDENTIFYING
from tsunagu.testing.contacts import make_contact

TODAY = datetime.date(2027, 10, 1)


def _section(draft, key):
    return next(s for s in draft.sections if s.key == key)


def _all_text(draft) -> str:
    return "\n".join(f"{line.heading}\n{line.text}" for _, line in draft.lines())


@pytest.fixture
def draft(study):
    return build_draft(study.world.user(Role.SUPERVISOR), study.case, today=TODAY)


def test_the_draft_holds_no_identifying_string(draft):
    text = _all_text(draft)
    for leaked in IDENTIFYING:
        assert leaked not in text, leaked


def test_the_draft_generalises_what_it_keeps(draft):
    lines = {line.key: line for _, line in draft.lines()}
    assert lines["person"].text == "Aさん（40代、男性）"
    assert lines["residence"].text == "八王子市"
    assert lines["period"].text == "初回相談から18か月後（資料作成時点）"
    members = [
        line for key, line in lines.items() if key.startswith("member-") and key.count("-") == 1
    ]
    assert [(m.heading, m.text) for m in members] == [
        ("母", "70代、同居、年金生活、要介護"),
        ("父", "80歳以上、同居"),
        ("きょうだい", "30代、別居"),
    ]
    course = [line for key, line in lines.items() if key.startswith("contact-")]
    assert [c.heading for c in course] == [
        "初回相談から2週間後　訪問（本人と家族）",
        "初回相談から2か月後　電話（家族）",
    ]
    assert course[0].text == (
        "職員が（住所）の（住所）を訪問。Aさんと初めて話せた（要配慮）\n"
        "［本人の発言］Aさん本人「初回相談から1か月後に外出したい」\n"
        "［家族の発言］母より、近所の〇〇さんが心配していると"
    )
    assert course[1].text == ("初回相談から2か月後、母から電話（（電話番号））。医療機関受診を相談")
    assert lines["summary"].text.startswith("Aさん（40代）。初回相談の約10年前ごろから")
    assert lines["points"].text == ""
    intake = [(line.heading, line.text) for line in _section(draft, "intake").lines]
    assert intake == [
        ("外出状況", "自室からは出るが家からは出ない"),
        ("ひきこもりの期間", "10〜20年"),
        ("きっかけ", "退職・失業"),  # その他 says nothing
        ("受診状況", "過去に受診"),
        ("障害者手帳・サービス", "精神障害者保健福祉手帳"),
        ("就労経験", "正社員"),
    ]  # 最終学歴 holds a code the default list does not have: left out


def test_the_draft_costs_a_fixed_number_of_queries(study):
    supervisor = study.world.user(Role.SUPERVISOR)
    build_draft(supervisor, study.case, today=TODAY)  # the user's memberships are cached
    with CaptureQueriesContext(connection) as few:
        build_draft(supervisor, study.case, today=TODAY)
    for _ in range(8):
        make_contact(
            study.case, staff=[study.world.user(Role.RECEPTION)], notes=[("staff", "所見")]
        )
    with CaptureQueriesContext(connection) as many:
        draft = build_draft(supervisor, study.case, today=TODAY)
    assert len(_section(draft, "course").lines) == 10
    assert len(many) == len(few)


def test_a_long_case_keeps_its_latest_contacts(study, monkeypatch):
    monkeypatch.setattr("tsunagu.casestudies.draft.MAX_CONTACTS", 1)
    draft = build_draft(study.world.user(Role.SUPERVISOR), study.case, today=TODAY)
    course = _section(draft, "course").lines
    assert [line.heading for line in course] == ["初回相談から2か月後　電話（家族）"]
    assert draft.omitted_contacts == 1


# --- review ---------------------------------------------------------------------------------


def test_an_untouched_draft_passes_review(draft):
    reviewed = apply_review(draft, {})
    assert reviewed.is_valid
    assert reviewed.line_count == sum(1 for _ in draft.lines()) - 1  # the empty 検討したい点


def test_a_name_typed_back_in_is_replaced_and_reported(draft):
    reviewed = apply_review(
        draft,
        {
            "text-summary": "山田太郎さんは、たろうくんと呼ばれている",
            "text-points": "ﾔﾏﾀﾞさんの母（幸子さん）への支援。2026年5月1日の会議で検討。",
        },
    )
    assert not reviewed.is_valid
    assert reviewed.errors == {"summary": IDENTIFYING_MESSAGE, "points": IDENTIFYING_MESSAGE}
    assert reviewed.texts["summary"] == "Aさんは、Aさんと呼ばれている"
    assert reviewed.texts["points"] == "Aさんの母（母）への支援。初回相談から1か月後の会議で検討。"
    # the texts shown again pass the next review unchanged
    again = apply_review(draft, {f"text-{k}": v for k, v in reviewed.texts.items()})
    assert again.is_valid


def test_lines_can_be_omitted_and_edited(draft):
    reviewed = apply_review(
        draft,
        {
            "omit-summary": "1",
            "omit-residence": "on",
            "text-person": "Aさん（40代）",
            "text-points": "家族への支援のあり方",
            "text-no-such-line": "山田太郎",  # not a line of the draft: ignored
            "omit-no-such-line": "1",
        },
    )
    assert reviewed.is_valid
    lines = {line.key: line.text for s in reviewed.sections for line in s.lines}
    assert "summary" not in lines and "residence" not in lines
    assert lines["person"] == "Aさん（40代）"
    assert lines["points"] == "家族への支援のあり方"
    assert "no-such-line" not in lines


def test_an_emptied_contact_keeps_its_heading_and_an_emptied_text_line_goes(draft):
    contact_key = next(line.key for _, line in draft.lines() if line.key.startswith("contact-"))
    reviewed = apply_review(draft, {f"text-{contact_key}": "", "text-summary": "  "})
    lines = {line.key: line for s in reviewed.sections for line in s.lines}
    assert lines[contact_key].text == ""
    assert "summary" not in lines


@pytest.mark.parametrize(
    ("value", "message"),
    [("a\x00b", "使用できない文字"), ("x" * 4001, "4000文字以内"), ("\ud800", "使用できない文字")],
)
def test_hostile_text_is_refused_per_line(draft, value, message):
    reviewed = apply_review(draft, {"text-summary": value})
    assert message in reviewed.errors["summary"]
    assert "\x00" not in reviewed.texts["summary"]


def test_categories_follow_the_lines_kept(draft):
    assert categories_of(apply_review(draft, {}).sections) == {
        "basic",
        "intake",
        "contacts",
        "sensitive",
    }
    only_basic = {
        f"omit-{line.key}": "1" for section, line in draft.lines() if section.key not in ("basic",)
    }
    assert categories_of(apply_review(draft, only_basic).sections) == {"basic"}
