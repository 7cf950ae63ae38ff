"""match_candidates: blocking and scoring of duplicate candidates, with reasons."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from tsunagu.accounts.roles import Role
from tsunagu.people.models import Person
from tsunagu.search.matching import birth_date_slips, match_candidates

D = datetime.date


@pytest.fixture
def sup(world):
    return world.user(Role.SUPERVISOR)


@pytest.fixture
def saito(world):
    return Person.objects.create(
        municipality=world.home.municipality,
        family_name="齋藤",
        given_name="学",
        family_name_kana="サイトウ",
        given_name_kana="マナブ",
        birth_date=D(1985, 4, 1),
        phone="+819012345678",
        address="東京都八王子市元本郷町三丁目24番1号",
    )


@pytest.fixture
def decoys(world):
    m = world.home.municipality
    for family, given, kana, born in [
        ("斉藤", "学人", ("サイトウ", "マナト"), D(1990, 1, 1)),
        ("佐藤", "学", ("サトウ", "マナブ"), D(1970, 2, 2)),
        ("齋藤", "花子", ("サイトウ", "ハナコ"), D(1960, 3, 3)),
    ]:
        Person.objects.create(
            municipality=m,
            family_name=family,
            given_name=given,
            family_name_kana=kana[0],
            given_name_kana=kana[1],
            birth_date=born,
        )


def top(world, user, **fields):
    return match_candidates(user, world.home.municipality, **fields)


def test_exact_person_first_with_reasons(world, sup, saito, decoys):
    result = top(
        world,
        sup,
        family_name="齋藤",
        given_name="学",
        family_name_kana="さいとう",
        given_name_kana="まなぶ",
        birth_date="1985-04-01",
        phone="090-1234-5678",
    )
    assert result[0].person == saito
    assert result[0].score == 100
    assert {"フリガナが一致", "氏名が一致", "生年月日が一致", "電話番号が一致"} <= set(
        result[0].reasons
    )
    assert [c.score for c in result] == sorted((c.score for c in result), reverse=True)


def test_variant_kanji_and_half_width_kana(world, sup, saito, decoys):
    result = top(
        world,
        sup,
        family_name="斎藤",
        given_name="学",
        family_name_kana="ｻｲﾄｳ",
        given_name_kana="ﾏﾅﾌﾞ",
    )
    assert result[0].person == saito
    assert "異体字を同一視して氏名が一致" in result[0].reasons
    assert "フリガナが一致" in result[0].reasons


def test_wareki_era_slip(world, sup):
    person = Person.objects.create(
        municipality=world.home.municipality,
        family_name="林",
        given_name="一郎",
        family_name_kana="ハヤシ",
        given_name_kana="イチロウ",
        birth_date=D(1993, 5, 6),
    )  # 平成5年5月6日, typed as 昭和5年 (1930-05-06)
    result = top(
        world, sup, family_name_kana="ハヤシ", given_name_kana="イチロー", birth_date="S5.5.6"
    )
    assert result[0].person == person
    assert "生年月日の和暦の打ち間違いの可能性（昭和↔平成）" in result[0].reasons


def test_birth_date_block_finds_misspelled_name(world, sup, saito, decoys):
    result = top(
        world, sup, family_name_kana="サイト", given_name_kana="マナブ", birth_date=D(1985, 4, 1)
    )
    assert result[0].person == saito
    assert "生年月日が一致" in result[0].reasons and "フリガナが類似" in result[0].reasons


def test_day_month_swap_and_missing_given_name(world, sup, saito, decoys):
    result = top(world, sup, family_name="齋藤", birth_date="1985-01-04")
    assert result[0].person == saito
    assert "姓が一致（名は未入力）" in result[0].reasons
    assert "生年月日の月と日の入れ違いの可能性" in result[0].reasons


def test_year_only_birth_date(world, sup, saito, decoys):
    result = top(world, sup, family_name_kana="サイトウ", birth_date="昭和60年")
    assert result[0].person == saito
    assert "生年が一致" in result[0].reasons


def test_phone_only_and_address(world, sup, saito, decoys):
    result = top(world, sup, phone="09012345678", address="東京都八王子市元本郷町3丁目24番1号")
    assert result[0].person == saito
    assert "電話番号が一致" in result[0].reasons and "住所が類似" in result[0].reasons


def test_nothing_given_or_nothing_found(world, sup, saito):
    assert top(world, sup) == []
    assert top(world, sup, family_name="無関係", given_name="太郎") == []


def test_other_municipality_and_scope(world, sup):
    away = world.away.person  # 漏洩検知 町田, same birth date and phone as the home persons
    fields = {
        "family_name": away.family_name,
        "given_name": away.given_name,
        "birth_date": away.birth_date,
    }
    assert all(
        c.person.municipality_id == world.home.municipality.pk for c in top(world, sup, **fields)
    )
    away_sup = world.away.users[Role.SUPERVISOR]
    assert match_candidates(away_sup, world.away.municipality, **fields)[0].person == away
    with pytest.raises(PermissionDenied):
        match_candidates(away_sup, world.home.municipality, **fields)
    counsellor = world.user(Role.COUNSELLOR)  # window scope: not on the 髙橋 case
    assert top(world, counsellor, family_name="高橋", given_name="花子") == []
    assert (
        top(world, sup, family_name="高橋", given_name="花子")[0].person == world.home.other_person
    )


def test_merged_person_is_not_a_candidate(world, sup, saito):
    if not any(f.name == "merged_into" for f in Person._meta.concrete_fields):
        pytest.skip("Person has no merged_into field yet")
    Person.objects.unscoped("test").filter(pk=saito.pk).update(merged_into=world.home.person)
    assert all(c.person != saito for c in top(world, sup, family_name="齋藤", given_name="学"))


def test_slips():
    assert birth_date_slips(D(1993, 5, 6)) == {
        D(1916, 5, 6): "生年月日の和暦の打ち間違いの可能性（平成↔大正）",
        D(1930, 5, 6): "生年月日の和暦の打ち間違いの可能性（平成↔昭和）",
        D(2023, 5, 6): "生年月日の和暦の打ち間違いの可能性（平成↔令和）",
        D(1993, 6, 5): "生年月日の月と日の入れ違いの可能性",
        D(1992, 5, 6): "生年月日の年の打ち間違いの可能性",
        D(1994, 5, 6): "生年月日の年の打ち間違いの可能性",
    }
    # 昭和60年 has no 平成60年 / 令和60年 (beyond those eras' ends or the future is fine)
    assert not any("平成" in r for r in birth_date_slips(D(1985, 4, 13)).values())


def test_query_count(world, sup, saito, decoys, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):  # memberships, block, page, audit (3)
        result = top(world, sup, family_name="齋藤", birth_date="1985-04-01")
        [c.person.municipality.name for c in result]
