"""Search keys for Japanese personal names, and フリガナ validation.

Stored names are never rewritten: a person's registered characters (髙, 﨑, 𠮷, an IVS glyph)
are what letters and official documents must print. Matching happens on separate *keys*
computed here, so that staff find 髙橋 by typing たかはし, タカハシ, ﾀｶﾊｼ or 高橋.

Key pipeline (:func:`kana_key`, then :func:`search_key` adds the kanji fold):

1. drop ideographic variation selectors (U+FE00–FE0F, U+E0100–E01EF), which only pick a
   glyph;
2. NFKC: half-width kana become full-width (ｶﾞ → ガ), full-width latin/digits become ASCII,
   and CJK compatibility ideographs with a decomposition fold to the unified form
   (神 U+FA19 → 神 U+795E). NFKC is fine for a key and wrong for a stored name;
3. remove separators: all whitespace (half- and full-width), invisible format characters,
   middle dots (・ ･ · ‧ ∙ ⋅ •), the double hyphen of foreign names (= ゠) and hyphen/dash
   characters (- ‐ ‑ ‒ – — ― − ﹣ －);
4. lowercase latin;
5. katakana → hiragana, then small kana → normal kana (ぁ→あ, っ→つ, ゃ→や, ゎ→わ, ヵ→か,
   ヶ→け, ㇰ→く …), because 拗音/促音 are often typed or transcribed as full-size kana;
6. NFC, so that a voiced mark split off by step 3 (「か゛」 NFKC → か + space + U+3099)
   recombines and the key is idempotent;

7. long vowels (:func:`fold_long_vowels`): ー becomes the vowel of the kana before it, and
   the two spellings of a long o and a long e agree: お段 + お/う → お段 + う (オオタ, オータ →
   おうた; コージ → こうじ), え段 + え/い → え段 + い (ケータ → けいた);
8. (:func:`search_key` only) fold variant kanji with :mod:`tsunagu.jp.itaiji`.

長音 decision: readings are written both ways (ヨーコ / ヨウコ, ユーキ / ユウキ, オータ / オオタ),
so the key spells the long vowel out; it is a key, never shown. A foreign name keeps its
shape (ジョーンズ → じようんず stays apart from ジョンズ). ー after anything but kana (a kanji,
a letter, the start) is kept. Hyphen-like characters are removed everywhere, including after
kana: an imported 「ヤマダ-タロウ」 uses the hyphen as a separator. The fold looks only at the
previous character and never produces a character it would fold again, so the key stays
idempotent.
"""

import re
import unicodedata

from tsunagu.jp.itaiji import fold_itaiji

_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")

_MIDDLE_DOTS = "\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65"
_NAME_JOINERS = "=\u30a0"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_SEPARATOR_CHARS = frozenset(_MIDDLE_DOTS + _NAME_JOINERS + _HYPHENS)

# Katakana → hiragana: the blocks are parallel (offset 0x60) for ァ..ヶ; ヽヾ map to ゝゞ.
# ヷヸヹヺ have no precomposed hiragana, so they become base + combining voiced mark.
_KATA_TO_HIRA: dict[int, str] = {cp: chr(cp - 0x60) for cp in range(0x30A1, 0x30F7)}
_KATA_TO_HIRA |= {
    0x30FD: "\u309d",
    0x30FE: "\u309e",
    0x30F7: "\u308f\u3099",
    0x30F8: "\u3090\u3099",
    0x30F9: "\u3091\u3099",
    0x30FA: "\u3092\u3099",
}

_SMALL_TO_NORMAL: dict[int, str] = {
    ord(small): normal
    for small, normal in zip(
        "ぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ",
        "あいうえおつやゆよわかけくしすとぬはひふへほむらりるれろ",
        strict=True,
    )
}
# Small kana from the Kana Extended / Small Kana Extension blocks (rare, but cheap to fold).
_SMALL_TO_NORMAL |= {
    0x1B132: "こ",
    0x1B150: "ゐ",
    0x1B151: "ゑ",
    0x1B152: "を",
    0x1B155: "こ",
    0x1B164: "ゐ",
    0x1B165: "ゑ",
    0x1B166: "を",
    0x1B167: "ん",
}

_VOWEL_ROWS = {  # small kana too, for callers that have not folded them (kana_key has)
    "あ": "あかさたなはまやらわがざだばぱぁゃゎゕ",
    "い": "いきしちにひみりぎじぢびぴゐぃ",
    "う": "うくすつぬふむゆるぐずづぶぷゔぅゅっ",
    "え": "えけせてねへめれげぜでべぺゑぇゖ",
    "お": "おこそとのほもよろをごぞどぼぽぉょ",
}
_VOWEL = {kana: vowel for vowel, row in _VOWEL_ROWS.items() for kana in row}
# After お段 a long o is spelled う, after え段 a long e is spelled い (the usual reading forms).
_LONG_SPELLING = {("お", "お"): "う", ("お", "う"): "う", ("え", "え"): "い", ("え", "い"): "い"}

_KANA_TRANSLATION = str.maketrans(_KATA_TO_HIRA)
_SMALL_TRANSLATION = str.maketrans(_SMALL_TO_NORMAL)


def _is_separator(char: str) -> bool:
    if char in _SEPARATOR_CHARS or char.isspace():
        return True
    # Cc (controls) and Cf (zero-width space, BOM, soft hyphen …) never carry meaning in a name.
    return unicodedata.category(char) in ("Cc", "Cf")


def kana_key(text: str) -> str:
    """Return the width-, script- and spacing-insensitive key of a reading (or any text).

    Used for the reading column (フリガナ) and as the first stage of :func:`search_key`; it
    does not fold variant kanji, so it is also safe for non-name text such as a nickname.
    """
    text = _VARIATION_SELECTORS.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if not _is_separator(char))
    text = text.lower()
    text = text.translate(_KANA_TRANSLATION).translate(_SMALL_TRANSLATION)
    return fold_long_vowels(unicodedata.normalize("NFC", text))


def fold_long_vowels(text: str) -> str:
    """Spell long vowels out in hiragana text: ようこ, よおこ, よーこ → ようこ; けいた, けーた → けいた.

    ー after a kana becomes that kana's vowel; then お/う after お段 become う and え/い after
    え段 become い. Part of :func:`kana_key`, so the index and the query agree.
    """
    if not text:
        return text
    out: list[str] = []
    previous = ""
    for char in text:
        vowel = _VOWEL.get(previous)
        if vowel is not None:
            if char == "ー":
                char = vowel
            char = _LONG_SPELLING.get((vowel, char), char)
        out.append(char)
        previous = char
    return "".join(out)


def search_key(text: str) -> str:
    """Return the matching key of a name: :func:`kana_key` plus the variant-kanji fold.

    Two spellings that staff would consider "the same name" (髙橋/高橋, 渡邊/渡辺, タカハシ/
    たかはし/ﾀｶﾊｼ, with or without spaces) get the same key. Idempotent:
    ``search_key(search_key(x)) == search_key(x)``.
    """
    return fold_itaiji(kana_key(text))


def full_name_key(family: str, given: str = "") -> str:
    """Return the search key of 氏 + 名 joined without a separator.

    The parts are joined *before* keying, so a name split differently on two records
    (「山田 太郎」 as one field vs 氏「山田」名「太郎」) still produces one key. ``given`` may be
    empty for foreign names kept unsplit or a nickname-only record.
    """
    return search_key(family + given)


def bigrams(text: str) -> list[str]:
    """Return the distinct character bigrams of ``search_key(text)``, in order of appearance.

    A key of one character yields ``[that character]``; an empty key yields ``[]``. Used on the
    *query* side of index-backed substring search (PostgreSQL ``text[]`` GIN ``@>``, SQLite
    FTS5 over tokens), which needs 1–2 character queries (高橋, 辺) that pg_trgm cannot index.
    The stored side uses :func:`index_grams`, which also contains the single characters so that
    a 1-character query can match.
    """
    key = search_key(text)
    if len(key) <= 1:
        return [key] if key else []
    return list(dict.fromkeys(key[i : i + 2] for i in range(len(key) - 1)))


def index_grams(text: str) -> list[str]:
    """Return the distinct single characters and bigrams of ``search_key(text)``.

    Store this next to the record: any query's :func:`bigrams` is then a subset of it when the
    query key is a substring of the record key (recheck with ``LIKE`` on the key to drop the
    false positives from bigrams that are present but not adjacent).
    """
    key = search_key(text)
    grams = list(key)
    grams += [key[i : i + 2] for i in range(len(key) - 1)]
    return list(dict.fromkeys(grams))


_FURIGANA_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")


def _is_furigana_char(char: str) -> bool:
    # ァ..ヺ (incl. ヴヵヶ and ヷ..ヺ), ・, ー, ヽ, ヾ and the full-width space between words.
    return "\u30a1" <= char <= "\u30fa" or char in "\u30fb\u30fc\u30fd\u30fe\u3000"


def validate_furigana(text: str) -> str:
    """Return a フリガナ in the conventional stored form: full-width katakana.

    Staff type readings in whatever their IME gives them (ひらがな, カタカナ, half-width ｶﾀｶﾅ
    from old systems); storing one form keeps lists and letters consistent. Dash-like
    characters become ー (on a keyboard the long-vowel mark is the minus key), runs of
    whitespace become one full-width space, and surrounding whitespace is removed. An empty
    string stays empty (the reading may be unknown); requiring it is the form's job.

    Raises ``ValueError`` with a Japanese message naming the characters that are not kana.
    """
    text = unicodedata.normalize("NFKC", _VARIATION_SELECTORS.sub("", text)).strip()
    text = re.sub(r"\s+", "\u3000", text)
    text = "".join("ー" if char in _FURIGANA_DASHES else char for char in text)
    # ぁ..ゖ → ァ..ヶ; ゝゞ → ヽヾ (hiragana iteration marks)
    text = "".join(
        chr(ord(char) + 0x60) if "\u3041" <= char <= "\u3096" or char in "\u309d\u309e" else char
        for char in text
    )
    text = unicodedata.normalize("NFC", text)
    bad = list(dict.fromkeys(char for char in text if not _is_furigana_char(char)))
    if bad:
        shown = "、".join(f"「{char}」" for char in bad)
        raise ValueError(
            f"フリガナはカタカナまたはひらがなで入力してください（使えない文字: {shown}）"
        )
    return text
