"""Pure functions: the keys stored in the search index, and the reading of a search query.

Everything here is plain Python (no database), so forms, the index, the duplicate check and the
synthetic generator compute exactly the same keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.utils import timezone

from tsunagu.jp.names import index_grams as _index_grams
from tsunagu.jp.names import search_key as _search_key
from tsunagu.jp.partial_dates import parse_partial
from tsunagu.jp.phone import normalize_phone
from tsunagu.jp.wareki import parse_date

# Parts of the search text are joined by a space: query keys never contain one, so a
# substring match (LIKE) can never span two parts.
PART_SEPARATOR = " "
# Names repeat a lot (a few thousand surnames and given names cover most people): memoise the
# pure key functions, which matters when millions of rows are indexed.
search_key = lru_cache(maxsize=65536)(_search_key)


@lru_cache(maxsize=65536)
def index_grams(text: str) -> tuple[str, ...]:
    return tuple(_index_grams(text))


_E164_JP = re.compile(r"^\+81[1-9][0-9]{8,9}$")
_PHONE_CHARS = re.compile(r"^[0-9+()\-\s\u2010-\u2015\u2212\u30fc\uff70]+$")


def phone_digits(text: str) -> str:
    """National digits of a phone number (「+81426000000」, 「042-600-0000」 → 「0426000000」).

    Invalid numbers keep their digits as typed, so an odd legacy value is still findable.
    """
    if not text:
        return ""
    if _E164_JP.match(text):  # the stored form: no need to parse again
        return "0" + text[3:]
    try:
        e164 = normalize_phone(text, allow_foreign=True)
    except ValueError:
        return re.sub(r"\D", "", unicodedata.normalize("NFKC", text))
    if e164.startswith("+81"):
        return "0" + e164[3:]
    return e164.lstrip("+")


def address_key(text: str) -> str:
    """Width-, spacing- and variant-insensitive key of an address (for similarity only)."""
    return _search_key(text or "")  # not memoised: addresses rarely repeat


@dataclass(frozen=True)
class EntryKeys:
    """The derived values of one person's search entry."""

    name_key: str
    kana_key: str
    family_key: str
    family_kana: str
    text: str
    birth_date: date | None
    phone_digits: str
    address_key: str
    grams: tuple[str, ...]


def entry_keys(
    *,
    family_name: str = "",
    given_name: str = "",
    family_name_kana: str = "",
    given_name_kana: str = "",
    nickname: str = "",
    birth_date: date | None = None,
    phone: str = "",
    address: str = "",
) -> EntryKeys:
    name = search_key(family_name + given_name)
    kana = search_key(family_name_kana + given_name_kana)
    nick = search_key(nickname)
    parts = [p for p in dict.fromkeys((name, kana, nick)) if p]
    # The long-vowel fold looks at the character before: 小野 + おさむ gives おのうさむ, where
    # the given name alone (おさむ) is no longer a substring. Such a given name is its own part.
    for whole, given in ((name, given_name), (kana, given_name_kana)):
        if (alone := search_key(given)) and alone not in whole:
            parts.append(alone)
    grams: dict[str, None] = {}
    for part in parts:
        grams.update(dict.fromkeys(index_grams(part)))
    return EntryKeys(
        name_key=name,
        kana_key=kana,
        family_key=search_key(family_name),
        family_kana=search_key(family_name_kana),
        text=PART_SEPARATOR.join(parts),
        birth_date=birth_date,
        phone_digits=phone_digits(phone),
        address_key=address_key(address),
        grams=tuple(grams),
    )


def person_keys(person: Any) -> EntryKeys:
    return entry_keys(
        family_name=person.family_name,
        given_name=person.given_name,
        family_name_kana=person.family_name_kana,
        given_name_kana=person.given_name_kana,
        nickname=getattr(person, "nickname", "") or "",
        birth_date=person.birth_date,
        phone=person.phone,
        address=person.address,
    )


@lru_cache(maxsize=262144)
def gram_token(municipality_id: int, gram: str) -> str:
    """One index token: the municipality first, then the gram (hex: safe for any tokenizer)."""
    return f"m{municipality_id}x{gram.encode().hex()}"


def gram_tokens(municipality_id: int, grams: tuple[str, ...] | list[str]) -> list[str]:
    return [gram_token(municipality_id, g) for g in grams]


def query_grams(term_key: str) -> list[str]:
    """The grams a record must contain for ``term_key`` to be a substring of its text."""
    if len(term_key) <= 2:
        return [term_key] if term_key else []
    return list(dict.fromkeys(term_key[i : i + 2] for i in range(len(term_key) - 1)))


@dataclass
class Query:
    """A search box query read into its parts (all of them must match)."""

    names: list[str] = field(default_factory=list)  # search keys of name terms
    birth_dates: list[date] = field(default_factory=list)
    birth_ranges: list[tuple[date, date]] = field(default_factory=list)  # 「昭和60年」, 「S60.4」
    phones: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.names or self.birth_dates or self.birth_ranges or self.phones)


def _as_date(text: str) -> date | None:
    if not re.search(r"\d", text):
        return None
    try:
        return parse_date(text)
    except ValueError:
        return None


def _as_birth_range(text: str) -> tuple[date, date] | None:
    """A year or a month of birth (「昭和60年」, 「S60」, 「1985年」, 「S60.4」) as a date range."""
    if not re.search(r"\d|元", text):
        return None
    today = timezone.localdate()
    try:
        partial = parse_partial(text, today)
    except ValueError:
        return None
    if partial.year is None or partial.day is not None:
        return None
    first, last = partial.earliest(), partial.latest()
    if first is None or last is None or not 1900 <= partial.year <= today.year:
        return None
    return first, last


_KANA = re.compile("[\u3041-\u309f\u30fc]+|[^\u3041-\u309f\u30fc]+")


def name_terms(key: str) -> list[str]:
    """A name key cut where kana meets kanji: 「斉藤みさき」 → 斉藤, みさき.

    Each piece then matches on its own, the kanji in the registered name and the kana in the
    reading (斉藤 美咲, サイトウ ミサキ), as when the two are typed with a space between.
    """
    return _KANA.findall(key)


def _as_phone(text: str) -> str | None:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not _PHONE_CHARS.match(cleaned):
        return None
    digits = phone_digits(cleaned)
    return digits if len(digits) >= 10 else None


def _classify(term: str, query: Query) -> None:
    if (found := _as_date(term)) is not None:
        query.birth_dates.append(found)
    elif (span := _as_birth_range(term)) is not None:
        query.birth_ranges.append(span)
    elif (digits := _as_phone(term)) is not None:
        query.phones.append(digits)
    elif key := search_key(term):
        query.names.extend(name_terms(key))


def parse_query(text: str) -> Query:
    """Read one search box: a birth date (ISO or 和暦), a birth year or month (「昭和60年」,
    「S60」), a phone number, or name parts.

    The whole text is tried as a date and as a phone first (「昭和60年 4月 1日」, 「042 600 0000」
    contain spaces); otherwise each whitespace-separated term is classified on its own, so
    「山田 S60.4.1」 means name 山田 and that birth date, 「山田 昭和60年」 name 山田 born in 1985.
    A name term mixing kanji and kana is matched piece by piece (:func:`name_terms`).
    """
    query = Query()
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return query
    if (found := _as_date(text)) is not None:
        query.birth_dates.append(found)
        return query
    if (digits := _as_phone(text)) is not None:
        query.phones.append(digits)
        return query
    for term in text.split():
        _classify(term, query)
    return query
