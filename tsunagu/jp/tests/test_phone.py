"""Phone numbers: every input form we expect, display formats by area-code length, errors."""

import phonenumbers
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tsunagu.jp.phone import format_phone_jp, normalize_phone


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("042-123-4567", "+81421234567"),
        ("0421234567", "+81421234567"),
        ("０４２－１２３－４５６７", "+81421234567"),
        ("042ー123ー4567", "+81421234567"),  # IME long-vowel mark as hyphen
        ("042‐123‐4567", "+81421234567"),
        ("042−123−4567", "+81421234567"),
        ("(042)123-4567", "+81421234567"),
        ("（０４２）１２３－４５６７", "+81421234567"),
        ("042 123 4567", "+81421234567"),
        ("042.123.4567", "+81421234567"),
        ("+81-42-123-4567", "+81421234567"),
        ("+81 (0)42-123-4567", "+81421234567"),
        ("+81421234567", "+81421234567"),
        ("090-1234-5678", "+819012345678"),
        ("080 1234 5678", "+818012345678"),
        ("070-1234-5678", "+817012345678"),
        ("03-1234-5678", "+81312345678"),
        ("04992-2-1234", "+81499221234"),  # 伊豆大島: 5-digit area code
        ("0120-123-456", "+81120123456"),
        ("0570-123-456", "+81570123456"),
        ("050-1234-5678", "+815012345678"),
        ("0800-123-4567", "+818001234567"),
    ],
)
def test_normalize_phone(typed: str, e164: str) -> None:
    assert normalize_phone(typed) == e164


@pytest.mark.parametrize(
    ("e164", "national"),
    [
        ("+81421234567", "042-123-4567"),
        ("+819012345678", "090-1234-5678"),
        ("+81312345678", "03-1234-5678"),
        ("+81499221234", "04992-2-1234"),
        ("+81120123456", "0120-123-456"),
        ("+81570123456", "0570-123-456"),
        ("+815012345678", "050-1234-5678"),
        ("+818001234567", "0800-123-4567"),
    ],
)
def test_format_phone_jp(e164: str, national: str) -> None:
    assert format_phone_jp(e164) == national


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "電話番号が入力されていません"),
        (" - ", "電話番号が入力されていません"),
        ("042-123-4567 内線12", "数字とハイフンで入力してください"),
        ("TEL 042-123-4567", "数字とハイフンで入力してください"),
        ("090-1234-567", "電話番号として正しくありません"),
        ("12345", "電話番号として正しくありません"),
        ("000-0000-0000", "電話番号として正しくありません"),
        ("+1 415-555-2671", "日本国内の電話番号を入力してください"),
    ],
)
def test_normalize_phone_rejects(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalize_phone(typed)


def test_foreign_numbers_on_request() -> None:
    e164 = normalize_phone("+1 415-555-2671", allow_foreign=True)
    assert e164 == "+14155552671"
    assert format_phone_jp(e164) == "+1 415-555-2671"


def test_format_phone_jp_rejects_invalid_input() -> None:
    with pytest.raises(ValueError, match="電話番号として正しくありません"):
        format_phone_jp("+8112")


# Japanese numbers in their domestic form: fixed lines (10 digits) and 050/070/080/090 (11).
domestic_numbers = st.one_of(
    st.from_regex(r"\A0[1-9][0-9]{8}\Z"),
    st.from_regex(r"\A0[5789]0[0-9]{8}\Z"),
)


def _valid(text: str) -> bool:
    # 010… is Japan's international prefix: libphonenumber reads it as a foreign number and
    # refuses to parse what follows, which makes the generated number simply not valid here.
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, "JP"))
    except phonenumbers.NumberParseException:
        return False


@given(domestic_numbers)
def test_normalize_phone_is_idempotent(digits: str) -> None:
    assume(_valid(digits))
    e164 = normalize_phone(digits)
    assert normalize_phone(e164) == e164


@given(domestic_numbers, st.sampled_from(["", "ー", "-", "－", " "]))
def test_format_then_normalize_round_trips(digits: str, hyphen: str) -> None:
    assume(_valid(digits))
    e164 = normalize_phone(digits)
    national = format_phone_jp(e164)
    assert national.replace("-", "") == digits
    assert normalize_phone(national) == e164
    assert normalize_phone(national.replace("-", hyphen)) == e164
