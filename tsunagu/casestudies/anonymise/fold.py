"""Find names in free text the way staff write them, and map the match back to the original.

A name is stored once (「髙橋 花子」, フリガナ 「タカハシ ハナコ」) but written in a contact note as
「高橋さん」, 「髙橋花子」, 「たかはし」, 「ﾀｶﾊｼ」 or 「高橋　花子」. Each character of the text is folded
with the project's own name keys (:func:`tsunagu.jp.names.kana_key`: width, kana script, small
kana, separators; :func:`tsunagu.jp.itaiji.fold_itaiji`: 髙→高, 﨑→崎 …; long vowels), and every
folded character remembers the span of the original text it came from, so a match in the folded
text replaces exactly the original characters (spaces between the parts of a name included).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tsunagu.jp.itaiji import fold_itaiji
from tsunagu.jp.names import fold_long_vowels, kana_key

_VOICED_MARKS = "\u3099\u309a"


@dataclass(frozen=True)
class Folded:
    """The folded text; ``spans[i]`` is the (start, end) of the original that gave ``text[i]``."""

    text: str
    spans: tuple[tuple[int, int], ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) covered by folded characters ``start`` to ``end - 1``."""
        return self.spans[start][0], self.spans[end - 1][1]


def fold(original: str) -> Folded:
    """Fold ``original`` character by character (see the module docstring).

    Separators (spaces, middle dots, hyphens, invisible characters) vanish, so 「山田 太郎」 and
    「山田太郎」 fold alike; a half-width voiced mark (ｶﾞ) joins the kana before it; a variation
    selector joins the ideograph it modifies.
    """
    chars: list[str] = []
    spans: list[list[int]] = []
    for index, char in enumerate(original):
        piece = fold_itaiji(kana_key(char))
        if not piece:
            if chars and unicodedata.category(char) == "Mn":  # a variation selector
                spans[-1][1] = index + 1
            continue
        for folded in piece:
            if folded in _VOICED_MARKS and chars:
                combined = unicodedata.normalize("NFC", chars[-1] + folded)
                if len(combined) == 1:
                    chars[-1] = combined
                spans[-1][1] = index + 1
                continue
            chars.append(folded)
            spans.append([index, index + 1])
    # Long vowels are folded on the whole text (ー takes the vowel of the kana before it);
    # the fold maps one character to one, so the spans stay aligned.
    text = fold_long_vowels("".join(chars))
    return Folded(text, tuple((s, e) for s, e in spans))


def fold_key(text: str) -> str:
    """The folded form of a name or needle (what :func:`fold` makes of it)."""
    return fold(text).text
