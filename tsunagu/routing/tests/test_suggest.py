"""suggest_windows with the demo's rules (the seed's routing), and record_routing_decision."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.demo.data import HACHIOJI, HINO, KUNITACHI, MACHIDA, OSHIMA
from tsunagu.demo.loader import load_demo
from tsunagu.routing.models import RoutingDecision, RoutingRule
from tsunagu.routing.services import record_routing_decision, suggest_windows
from tsunagu.tenancy.models import Municipality

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def demo(db):
    return load_demo(today=TODAY)


def slugs(code: str, **kwargs) -> list[str]:
    municipality = Municipality.objects.get(code=code)
    return [s.window.slug for s in suggest_windows(municipality, **kwargs)]


def test_hachioji_under_18_gets_both_windows(demo):
    assert slugs(HACHIOJI, age=15) == ["kodomo-katei", "hachimaru-motohachioji"]
    first = suggest_windows(Municipality.objects.get(code=HACHIOJI), age=15)[0]
    assert first.reason == "18歳未満のため 八王子市子ども家庭支援センター"
    assert first.note


def test_hachioji_adult_gets_the_hachimaru_site_of_the_district(demo):
    assert slugs(HACHIOJI, age=40, district="由木") == ["hachimaru-yugi"]
    assert slugs(HACHIOJI, age=40, district="下柚木2丁目") == ["hachimaru-yugi"]
    assert slugs(HACHIOJI, age=17, district="東京都八王子市長房町") == [
        "kodomo-katei",
        "hachimaru-nagabusa",
    ]
    # full-width / unknown district → the representative site, with a note to find the nearest
    assert slugs(HACHIOJI, age=40, district="どこか") == ["hachimaru-motohachioji"]
    assert slugs(HACHIOJI, age=40) == ["hachimaru-motohachioji"]
    reason = suggest_windows(Municipality.objects.get(code=HACHIOJI), age=40, district="由木")
    assert reason[0].reason == "地区「由木・下柚木」のため はちまるサポート由木"


def test_hachioji_unknown_age(demo):
    result = suggest_windows(Municipality.objects.get(code=HACHIOJI), age=None)
    assert [s.window.slug for s in result] == ["hachimaru-motohachioji"]
    assert "八王子市子ども家庭支援センター（18歳未満）" in result.notes[0]
    assert "年齢を確認してください" in result.notes[0]


@pytest.mark.parametrize(
    ("age", "expected"),
    [(0, ["kunisapo"]), (17, ["kunisapo"]), (18, ["fukufuku"]), (80, ["fukufuku"]), (None, [])],
)
def test_kunitachi(demo, age, expected):
    assert slugs(KUNITACHI, age=age) == expected


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (17, ["fukushi-kenko"]),
        (18, ["rocket"]),
        (35, ["rocket"]),
        (49, ["rocket"]),
        (50, ["fukushi-kenko"]),
    ],
)
def test_oshima(demo, age, expected):
    assert slugs(OSHIMA, age=age) == expected


def test_oshima_unknown_age_has_no_suggestion_but_notes(demo):
    result = suggest_windows(Municipality.objects.get(code=OSHIMA), age=None)
    assert list(result) == []
    assert any("ロケット" in n for n in result.notes)
    assert any("該当する振り分けルールがありません" in n for n in result.notes)


def test_hino_and_machida(demo):
    assert slugs(HINO, age=30) == ["safety-net"]
    assert slugs(MACHIDA, age=None) == ["hokenjo"]


def test_second_load_creates_no_rule(demo):
    count = RoutingRule.objects.count()
    assert count == 1 + 11 + 1 + 2 + 3 + 1 + 1
    report = load_demo(today=TODAY)
    assert report.created == 0 and report.updated == 0
    assert RoutingRule.objects.count() == count


def test_topics_and_inactive_rules(world):
    home = world.home
    RoutingRule.objects.create(
        municipality=home.municipality,
        window=home.other_window,
        priority=5,
        topics=["hikikomori"],
        note="ひきこもり専門",
    )
    RoutingRule.objects.create(
        municipality=home.municipality, window=home.window, priority=1, is_active=False
    )
    ids = [s.window.pk for s in suggest_windows(home.municipality, age=30)]
    assert ids == [home.window.pk]
    result = suggest_windows(home.municipality, age=30, topics=["hikikomori"])
    assert [s.window.pk for s in result] == [home.other_window.pk, home.window.pk]
    assert "主訴「ひきこもり・不登校」" in result[0].reason
    # a window is suggested once, for its best rule
    result = suggest_windows(home.municipality, age=10, topics=["hikikomori"])
    assert [s.window.pk for s in result] == [home.other_window.pk, home.window.pk]


def test_record_routing_decision(world):
    home = world.home
    reception = world.user(Role.RECEPTION)
    same = record_routing_decision(
        reception,
        municipality=home.municipality,
        suggested_window=home.window,
        chosen_window=home.window,
        reason="",
        intake_id=7,
    )
    assert not same.is_override and same.intake_id == 7
    with pytest.raises(ValidationError) as error:
        record_routing_decision(
            reception,
            municipality=home.municipality,
            suggested_window=home.window,
            chosen_window=home.other_window,
            reason="  ",
        )
    assert "理由を入力してください" in error.value.message_dict["reason"][0]
    override = record_routing_decision(
        reception,
        municipality=home.municipality,
        suggested_window=home.window,
        chosen_window=home.other_window,
        reason="本人が16歳と判明したため",
    )
    assert override.is_override
    with pytest.raises(ValidationError):
        record_routing_decision(
            reception,
            municipality=home.municipality,
            suggested_window=None,
            chosen_window=world.away.window,
            reason="x",
        )
    with pytest.raises(PermissionDenied):
        record_routing_decision(
            world.user(Role.WELFARE_COMMISSIONER),
            municipality=home.municipality,
            suggested_window=home.window,
            chosen_window=home.window,
        )
    visible = set(
        RoutingDecision.objects.visible_to(world.user(Role.COUNSELLOR), Action.CREATE_INTAKE)
    )
    assert {same, override} <= visible
    assert not RoutingDecision.objects.visible_to(
        world.away.users[Role.SUPERVISOR], Action.CREATE_INTAKE
    ).filter(pk__in=[same.pk, override.pk])


def test_topic_codes_agree_with_the_intake_sheet():
    default_codes = pytest.importorskip("tsunagu.intake.default_codes")
    from tsunagu.routing.topics import TOPICS

    intake_codes = {c["code"] for c in default_codes.TOPICS} - {"unknown"}
    assert {code for code, _label in TOPICS} == intake_codes
