"""Name keys: examples for each folding rule, properties for the invariants search relies on."""

import itertools
import unicodedata

import jaconv
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tsunagu.jp.itaiji import ITAIJI_PAIRS, VARIANT_TO_BASE, fold_itaiji
from tsunagu.jp.names import (
    bigrams,
    fold_long_vowels,
    full_name_key,
    index_grams,
    kana_key,
    search_key,
    validate_furigana,
)

HIRAGANA = [chr(cp) for cp in range(0x3041, 0x3094)] + ["ー"]
KANJI = sorted({base for _, base, _ in ITAIJI_PAIRS} | set("山田太郎花子佐藤鈴木高橋渡辺伊藤"))
SEPARATORS = [" ", "\u3000", "・", "･", "·", "\t"]

hiragana_text = st.text(alphabet=st.sampled_from(HIRAGANA), min_size=1, max_size=12)
name_text = st.text(alphabet=st.sampled_from(HIRAGANA + KANJI + list("abcXYZ")), max_size=12)


# --- examples ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("たかはし", "たかはし"),
        ("タカハシ", "たかはし"),
        ("ﾀｶﾊｼ", "たかはし"),
        ("ﾀﾞｲｽｹ", "だいすけ"),  # half-width voiced mark composes via NFKC
        ("か゛", "が"),  # stand-alone voiced mark (NFKC splits it off with a space)
        ("ヴァイオリン", "ゔあいおりん"),
        ("きょうこ", "きようこ"),  # small kana folded
        ("キョウコ", "きようこ"),
        ("まっちゃ", "まつちや"),
        ("クヮ", "くわ"),
        ("ヵヶ", "かけ"),
        ("ㇰ", "く"),
        ("ジョーンズ", "じようんず"),  # 長音 spelled out (still apart from ジョンズ)
        ("ｼﾞｮｰﾝｽﾞ", "じようんず"),  # half-width ｰ becomes ー, then the vowel
        ("ヨーコ", "ようこ"),
        ("ヨウコ", "ようこ"),
        ("オータ", "おうた"),
        ("オオタ", "おうた"),
        ("コージ", "こうじ"),
        ("ユーキ", "ゆうき"),
        ("ケータ", "けいた"),
        ("ケイタ", "けいた"),
        ("ネエ", "ねい"),
        ("マーヤ", "まあや"),
        ("山ー", "山ー"),  # ー after a kanji is kept
        ("ヤマダ-タロウ", "やまだたろう"),  # hyphens are separators, even after kana
        ("ジャン＝ポール", "じやんぽうる"),
        ("山田　太郎", "山田太郎"),
        ("山田 太郎", "山田太郎"),
        ("山田・太郎", "山田太郎"),
        ("Ｓｍｉｔｈ　ＪＯＨＮ", "smithjohn"),
        ("O'Brien", "o'brien"),
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("渡邊", "渡辺"),
        ("渡邉", "渡辺"),
        ("𠮷田", "吉田"),
        ("齋藤", "斉藤"),
        ("斎藤", "斉藤"),
        ("齊藤", "斉藤"),
        ("\ufa19", "\u795e"),  # 神: compatibility ideograph folded by NFKC
        ("\u8fbb\U000e0100", "\u8fbb"),  # 辻 + IVS: the selector only picks a glyph
        ("\u845b\ufe00", "\u845b"),  # 葛 + standardised variation selector
        ("山田\u200b太郎", "山田太郎"),  # zero-width space
        ("", ""),
    ],
)
def test_search_key_examples(spelling: str, key: str) -> None:
    assert search_key(spelling) == key


def test_saito_variants_keep_their_families() -> None:
    # 斎 and 斉 are different families, but names confuse them: all four fold together.
    assert search_key("齋藤") == search_key("斎藤") == search_key("斉藤") == search_key("齊藤")


def test_kana_key_does_not_fold_kanji() -> None:
    assert kana_key("髙橋　タカハシ") == "髙橋たかはし"
    assert kana_key("ｷｮｳｺ") == "きようこ"


def test_full_name_key_joins_before_keying() -> None:
    assert full_name_key("髙橋", "翔") == search_key("高橋 翔") == "高橋翔"
    assert full_name_key("John Smith") == "johnsmith"
    assert full_name_key("タカハシ", "ショウ") == search_key("たかはし　しょう")


def test_bigrams_examples() -> None:
    assert bigrams("高橋") == ["高橋"]
    assert bigrams("辺") == ["辺"]
    assert bigrams("") == []
    assert bigrams(" ・ ") == []
    assert bigrams("髙橋翔") == ["高橋", "橋翔"]
    assert bigrams("ささき") == ["ささ", "さき"]
    assert bigrams("たたたた") == ["たた"]  # distinct


def test_index_grams_examples() -> None:
    assert index_grams("髙橋翔") == ["高", "橋", "翔", "高橋", "橋翔"]
    assert index_grams("") == []


# --- properties ----------------------------------------------------------------------------


@given(st.text())
def test_search_key_is_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key
    assert kana_key(kana_key(text)) == kana_key(text)


@given(st.text())
def test_search_key_is_nfkc_stable(text: str) -> None:
    key = search_key(text)
    assert unicodedata.normalize("NFKC", key) == key


@given(hiragana_text)
def test_hiragana_katakana_and_half_width_spellings_match(hiragana: str) -> None:
    katakana = jaconv.hira2kata(hiragana)
    half_width = jaconv.z2h(katakana, kana=True, ascii=False, digit=False)
    assert search_key(hiragana) == search_key(katakana) == search_key(half_width)
    assert kana_key(hiragana) == kana_key(katakana) == kana_key(half_width)


@given(name_text, st.lists(st.tuples(st.integers(0, 20), st.sampled_from(SEPARATORS))))
def test_spaces_and_middle_dots_do_not_change_the_key(
    text: str, insertions: list[tuple[int, str]]
) -> None:
    spaced = text
    for position, separator in insertions:
        position = min(position, len(spaced))
        spaced = spaced[:position] + separator + spaced[position:]
    assert search_key(spaced) == search_key(text)


@pytest.mark.parametrize(
    ("long", "spelled"),
    [("ヨーコ", "ヨウコ"), ("オータ", "オオタ"), ("コージ", "コウジ"), ("ユーキ", "ユウキ"),
     ("ケータ", "ケイタ"), ("サトー", "サトオ"), ("イチロー", "イチロウ"), ("キョーコ", "きょうこ")],
)  # fmt: skip
def test_long_vowel_readings_match_their_spelled_out_form(long: str, spelled: str) -> None:
    assert search_key(long) == search_key(spelled) == kana_key(spelled)


@given(st.text(alphabet=st.sampled_from(HIRAGANA), max_size=12))
def test_long_vowel_fold_is_idempotent_and_leaves_no_mark_after_kana(text: str) -> None:
    folded = fold_long_vowels(text)
    assert fold_long_vowels(folded) == folded
    # ー stays only where no vowel precedes it: at the start, after ん or after another ー
    assert all(b != "ー" or a in "んー" for a, b in itertools.pairwise(folded))


@given(name_text, name_text)
def test_bigrams_of_a_substring_are_in_the_index_grams(prefix: str, text: str) -> None:
    # The long-vowel fold looks at the character before: a text starting with a long vowel
    # (お, う, え, い, ー) may key differently after a prefix. The index keeps such a given
    # name as its own part (tsunagu.search.keys.entry_keys).
    assume(search_key(text)[:1] not in ("お", "う", "え", "い", "ー"))
    record = prefix + text
    query_key = search_key(text)
    assert search_key(record).endswith(query_key)
    assert set(bigrams(text)) <= set(index_grams(record))


# --- the variant table ---------------------------------------------------------------------


@pytest.mark.parametrize(("variant", "base", "example"), ITAIJI_PAIRS)
def test_every_variant_folds_to_its_base(variant: str, base: str, example: str) -> None:
    assert search_key(variant) == search_key(base) == base
    assert variant in example
    assert search_key(example) == search_key(example.replace(variant, base))


def test_itaiji_table_is_well_formed() -> None:
    variants = [variant for variant, _, _ in ITAIJI_PAIRS]
    assert len(variants) == len(set(variants)), "a variant is listed twice"
    assert not set(VARIANT_TO_BASE) & set(VARIANT_TO_BASE.values()), "chained mapping"
    for variant, base, _ in ITAIJI_PAIRS:
        assert len(variant) == len(base) == 1
        assert variant != base
        # A key that NFKC changes could never be reached by search_key.
        assert unicodedata.normalize("NFKC", variant) == variant
        assert unicodedata.normalize("NFKC", base) == base
    assert 40 <= len(ITAIJI_PAIRS) <= 100


def test_fold_itaiji_leaves_other_text_alone() -> None:
    assert fold_itaiji("髙橋さん abc 123") == "高橋さん abc 123"


# --- フリガナ --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("やまだ", "ヤマダ"),
        ("ヤマダ", "ヤマダ"),
        ("ﾔﾏﾀﾞ", "ヤマダ"),
        ("ｷｮｳｺ", "キョウコ"),  # small kana are kept in the stored form
        ("  さとう  ", "サトウ"),
        ("じょん すみす", "ジョン\u3000スミス"),
        ("ジョン・スミス", "ジョン・スミス"),
        ("ﾘｰ", "リー"),
        ("りー", "リー"),
        ("り-", "リー"),  # a keyboard minus typed for 長音
        ("ゔぃ", "ヴィ"),
        ("ゎゕゖ", "ヮヵヶ"),
        ("いすゞ", "イスヾ"),
        ("", ""),
    ],
)
def test_validate_furigana_returns_full_width_katakana(typed: str, stored: str) -> None:
    assert validate_furigana(typed) == stored


@pytest.mark.parametrize("typed", ["山田", "yamada", "ヤマダ1", "やまだ！", "㈱"])
def test_validate_furigana_rejects_non_kana(typed: str) -> None:
    with pytest.raises(ValueError, match="フリガナはカタカナまたはひらがなで入力してください"):
        validate_furigana(typed)


def test_validate_furigana_message_names_the_bad_characters() -> None:
    with pytest.raises(ValueError, match="「山」、「a」"):
        validate_furigana("やま山aa")


@given(hiragana_text)
def test_validate_furigana_is_idempotent_and_width_insensitive(hiragana: str) -> None:
    stored = validate_furigana(hiragana)
    assert validate_furigana(stored) == stored
    assert validate_furigana(jaconv.z2h(stored, kana=True, ascii=False, digit=False)) == stored
    assert search_key(stored) == search_key(hiragana)
