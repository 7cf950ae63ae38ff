"""What the system knows that identifies a case: names, address parts and phone numbers,
turned into *needles* (folded search strings, see fold.py) with the words that replace them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from tsunagu.jp.phone import format_phone_jp

from .fold import fold_key

PERSON_LABEL = "Aさん"
ADDRESS_LABEL = "（住所）"
PHONE_LABEL = "（電話番号）"
STAFF_LABEL = "職員"
ORGANIZATION_LABEL = "関係機関"
UNKNOWN_PERSON_LABEL = "〇〇"


@dataclass(frozen=True)
class Needle:
    """One thing to find (``key``: folded) and what replaces it (``label``). A short key (one
    character, or two kana) is replaced only before an honorific (「森さん」), because alone it is
    an ordinary word (森, あい)."""

    key: str
    label: str
    needs_honorific: bool


def _is_kana(text: str) -> bool:
    return all("\u3041" <= char <= "\u309f" or char == "ー" for char in text)


def needle(text: str, label: str) -> Needle | None:
    key = fold_key(text)
    if not key:
        return None
    if key.isdigit() and len(key) < 3:  # a lone 番地 number: too common to look for
        return None
    short = len(key) == 1 or (len(key) == 2 and _is_kana(key))
    return Needle(key, label, short)


@dataclass
class KnownIdentifiers:
    """The needles of one case (build with the ``add_*`` methods, then :meth:`freeze`)."""

    needles: dict[str, Needle] = field(default_factory=dict)

    def _add(self, text: str, label: str) -> None:
        found = needle(text, label)
        # The first label given to a key wins: the person is added first, so a household member
        # who shares the family name does not turn 「山田」 into 「母」.
        if found is not None and found.key not in self.needles:
            self.needles[found.key] = found

    def add_name(self, label: str, *parts: str, reading: Iterable[str] = ()) -> None:
        """A person's name: the parts (姓, 名 or one whole name, split at spaces), the whole
        name, and the reading's parts and whole (「ヤマダ タロウ」)."""
        for group in (parts, tuple(reading)):
            pieces = [p for part in group for p in _name_pieces(part)]
            for piece in pieces:
                self._add(piece, label)
            if len(pieces) > 1:
                self._add("".join(pieces), label)

    def add_organization(
        self, name: str, label: str = ORGANIZATION_LABEL, municipality_name: str = ""
    ) -> None:
        """An organization, also by its everyday short names: without the legal form
        (社会福祉法人創隣会 → 創隣会) and without the municipality (八王子こころのクリニック →
        こころのクリニック)."""
        for variant in organization_names(name, municipality_name):
            self._add(variant, label)

    def add_phone(self, e164: str) -> None:
        if not e164:
            return
        try:
            national = format_phone_jp(e164)
        except ValueError:
            national = e164
        self._add(national, PHONE_LABEL)  # folded without hyphens: 04261234567
        if e164.startswith("+"):
            self._add(e164, PHONE_LABEL)

    def add_address(self, address: str, municipality_name: str) -> None:
        """The parts of an address below the municipality (町名, 番地, 建物名); the prefecture and
        the municipality stay, since the case study says where, to that level."""
        for part in address_parts(address, municipality_name):
            self._add(part, ADDRESS_LABEL)

    def add_place(self, text: str) -> None:
        """A place name below the municipality (居住地区)."""
        self._add(text, ADDRESS_LABEL)

    def freeze(self) -> tuple[Needle, ...]:
        return tuple(sorted(self.needles.values(), key=lambda n: (-len(n.key), n.key)))


_BRACKETED = re.compile(r"[（(【\[].*?[）)】\]]")
_NAME_SPLIT = re.compile(r"[\s\u3000・･]+")


def _name_pieces(text: str) -> list[str]:
    """The parts of a stored name: 「山田 太郎（非常勤）」 → 山田, 太郎 (a bracketed note is not
    a name)."""
    text = _BRACKETED.sub(" ", text or "")
    return [piece for piece in _NAME_SPLIT.split(text.strip()) if piece]


_LEGAL_FORMS = re.compile(
    r"^(?:社会福祉法人|医療法人(?:社団|財団)?|特定非営利活動法人|NPO法人|ＮＰＯ法人|"
    r"一般社団法人|一般財団法人|公益社団法人|公益財団法人|株式会社|有限会社|合同会社|"
    r"社会医療法人|学校法人|宗教法人|生活協同組合)\s*"
)


def organization_names(name: str, municipality_name: str = "") -> list[str]:
    """The names an organization is written by (see KnownIdentifiers.add_organization)."""
    name = (name or "").strip()
    if not name:
        return []
    names = [name]
    short = _LEGAL_FORMS.sub("", name)
    stems = [municipality_name, municipality_name[:-1]] if len(municipality_name) > 2 else []
    for stem in filter(None, stems):
        if short.startswith(stem) and len(short) - len(stem) >= 3:
            short = short[len(stem) :]
            break
    if short != name and len(short) >= 3:
        names.append(short)
    return names


_PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|[^\s\d]{2,3}県)")
_COUNTY_TOWN = re.compile(r"^[^\s\d]{1,5}郡[^\s\d]{1,5}?[町村]")
_CITY = re.compile(r"^[^\s\d]{1,6}?市(?:[^\s\d]{1,4}?区)?|^[^\s\d]{1,4}?区")
_ADDRESS_TOKENS = re.compile(r"\d+(?:[-の]\d+)*|[^\W\d_]+")
_ADDRESS_WORDS = frozenset({"丁目", "番地", "番", "号", "号室", "階", "の", "大字", "字"})
_DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)[‐‑‒–—―−－ー](?=\d)")


def address_parts(address: str, municipality_name: str = "") -> list[str]:
    """What of an address identifies a household: everything after the prefecture and the
    municipality, whole and in parts (「東京都町田市森野2丁目2-22 グリーンハイツ101」 → the whole
    rest, 森野, 2, 2-22, グリーンハイツ, 101).

    The municipality is cut off by its known name when the address starts with it, otherwise by
    the usual endings (市 and an optional 区, 郡…町/村, 区)."""
    text = unicodedata.normalize("NFKC", address or "").strip()
    text = _PREFECTURE.sub("", text).strip()
    name = unicodedata.normalize("NFKC", municipality_name or "")
    if name and text.startswith(name):
        text = text[len(name) :]
    elif match := _COUNTY_TOWN.match(text) or _CITY.match(text):
        text = text[match.end() :]
    text = text.strip()
    if not text:
        return []
    parts = [text]
    for token in _ADDRESS_TOKENS.findall(_DASH_BETWEEN_DIGITS.sub("-", text)):
        for word in sorted(_ADDRESS_WORDS, key=len, reverse=True):
            token = token.removesuffix(word)
        if token and token not in _ADDRESS_WORDS:
            parts.append(token)
    return parts
