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


@pytest.fixture
def ota(world):
    return Person.objects.create(
        municipality=world.home.municipality,
        family_name="太田",
        given_name="陽子",
        family_name_kana="オオタ",
        given_name_kana="ヨウコ",
        birth_date=D(1985, 6, 2),
        address="東京都八王子市子安町2丁目3番4号",
    )


@pytest.fixture
def ota_household(world, ota):
    # the mother at the same address, and another 陽子 born the same year elsewhere
    m = world.home.municipality
    Person.objects.create(
        municipality=m, family_name="太田", given_name="花子", family_name_kana="オオタ",
        given_name_kana="ハナコ", birth_date=D(1950, 1, 1), address=ota.address,
    )  # fmt: skip
    Person.objects.create(
        municipality=m, family_name="佐藤", given_name="陽子", family_name_kana="サトウ",
        given_name_kana="ヨウコ", birth_date=D(1985, 9, 9), address="東京都八王子市旭町1番",
    )  # fmt: skip


def test_long_vowel_reading_finds_the_spelled_out_one(world, sup, ota):
    result = top(world, sup, family_name_kana="オータ", given_name_kana="ヨーコ")
    assert [c.person for c in result] == [ota] and result[0].reasons == ["フリガナが一致"]


@pytest.mark.parametrize("other", [{"birth_date": "1985-06-02"}, {"birth_date": "昭和60年"},
                                   {"address": "東京都八王子市子安町2丁目3番4号"}])  # fmt: skip
def test_family_name_one_kanji_off_with_given_name_and_another_field(
    world, sup, ota, ota_household, other
):
    result = top(world, sup, family_name="大田", given_name="陽子", **other)
    assert result[0].person == ota
    assert "名が一致し、姓が1文字違い" in result[0].reasons
    assert [c.person.given_name for c in result] == ["陽子"]  # not the mother, not 佐藤 陽子


def test_family_name_one_kanji_off_alone_is_not_a_candidate(world, sup, ota, ota_household):
    assert top(world, sup, family_name="大田", given_name="陽子", birth_date="1990-01-01") == []


@pytest.mark.parametrize(
    "fields",
    [
        {"family_name": "太田", "given_name": "ようこ"},
        {"family_name": "おおた", "given_name": "陽子"},
        {"family_name": "太田　陽子"},  # the whole name in one field
        {"family_name_kana": "オオタ ヨウコ"},
    ],
)
def test_kanji_or_reading_per_name_part(world, sup, ota, ota_household, fields):
    result = top(world, sup, **fields)
    assert result[0].person == ota and result[0].score >= 90
