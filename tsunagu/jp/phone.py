"""Japanese phone numbers: normalise to E.164 for storage, format nationally for display.

Numbers arrive as 「０４２－１２３－４５６７」, 「(042)123-4567」, 「090 1234 5678」 or with a
long-vowel mark typed as the hyphen (「042ー123ー4567」, common with a Japanese IME). We keep
one canonical form (E.164, ``+81421234567``) so duplicate checks can block on it, and let
``phonenumbers`` (libphonenumber's JP metadata) decide validity and where the hyphens go,
because hyphen placement depends on the area-code length (03-1234-5678, 042-123-4567,
04992-2-1234). Extensions (内線) and remarks belong in the free-text 連絡上の注意 field.
"""

import re
import unicodedata

import phonenumbers

_STRIP = re.compile(
    r"[\s\-\u2010-\u2015\u2212\u30fc\uff70\ufe63\uff0d.()\[\]{}<>"
    r"\u3008-\u3011\u3014-\u301b\uff08\uff09]"
)
_DIGITS = re.compile(r"\+?[0-9]+")


def _parse(text: str, *, allow_foreign: bool) -> phonenumbers.PhoneNumber:
    cleaned = _STRIP.sub("", unicodedata.normalize("NFKC", text))
    if not cleaned:
        raise ValueError("電話番号が入力されていません")
    if not _DIGITS.fullmatch(cleaned):
        raise ValueError(
            f"電話番号は数字とハイフンで入力してください（内線などは備考欄へ）: 「{text.strip()}」"
        )
    try:
        number = phonenumbers.parse(cleaned, "JP")
    except phonenumbers.NumberParseException:
        raise ValueError(f"電話番号として読み取れません: 「{text.strip()}」") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(
            f"電話番号として正しくありません（桁数・市外局番を確認してください）: 「{text.strip()}」"
        )
    if not allow_foreign and phonenumbers.region_code_for_number(number) != "JP":
        raise ValueError(f"日本国内の電話番号を入力してください: 「{text.strip()}」")
    return number


def normalize_phone(text: str, *, allow_foreign: bool = False) -> str:
    """Return the E.164 form (``+81…``) of a phone number typed in any common Japanese way.

    Full-width digits, spaces, hyphens, dashes, ー and brackets are ignored; a leading 0 is the
    domestic trunk prefix. Numbers outside Japan are refused unless ``allow_foreign`` (they are
    rare for residents and more often a typo). Idempotent: an E.164 input comes back unchanged.

    Raises ``ValueError`` with a Japanese message for text that is not a valid number.
    """
    number = _parse(text, allow_foreign=allow_foreign)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone_jp(e164: str) -> str:
    """Return the national display form with hyphens: 042-123-4567, 090-1234-5678,
    04992-2-1234, 0120-123-456.

    Accepts anything :func:`normalize_phone` accepts. A foreign number (stored with
    ``allow_foreign``) is shown in international format, since a leading 0 would be wrong.
    """
    number = _parse(e164, allow_foreign=True)
    if phonenumbers.region_code_for_number(number) == "JP":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
