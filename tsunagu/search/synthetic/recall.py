"""Recall evaluation of search and duplicate candidates over name variants (issue 7, item 11).

Pure and deterministic: from synthetic persons, :func:`make_cases` builds what staff actually
type for a person already registered — a reading with the long-vowel mark, a family name one
kanji off, kanji and kana mixed, half-width kana, variant kanji, stray spaces, a year-only
和暦 birth date — each as a search box query (``GET /api/v1/persons?q=``) or as the fields of
the duplicate check (``POST /api/v1/persons/match``). :func:`score` runs them through any
caller (the test client, or HTTP in ``bench/recall_bench.py``) and reports recall@10 per
category, with the mean number of other persons returned (so a flood of candidates shows).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from tsunagu.jp.wareki import to_wareki

from .people import SynthPerson

KINDS = (
    "long_vowel", "kanji_one_char", "mixed_script", "width", "variant_kanji", "spaces",
    "wareki_year",
)  # fmt: skip
TOP = 10

_ROWS = {
    "a": "アカサタナハマヤラワガザダバパァャヮ",
    "i": "イキシチニヒミリギジヂビピィヰ",
    "u": "ウクスツヌフムユルグズヅブプゥュヴッ",
    "e": "エケセテネヘメレゲゼデベペェヱ",
    "o": "オコソトノホモヨロヲゴゾドボポォョ",
}
_VOWEL_OF = {kana: vowel for vowel, row in _ROWS.items() for kana in row}
# The spelled-out long vowels a reading may contain: (vowel of the preceding kana, letter).
_LONG = {("o", "ウ"), ("o", "オ"), ("e", "イ"), ("e", "エ"), ("u", "ウ"), ("i", "イ"), ("a", "ア")}
# Kanji confused for one another when a caller spells a name on the phone.
_CONFUSED = {
    "太": "大", "大": "太", "地": "池", "池": "地", "辺": "部", "部": "辺", "伊": "井",
    "井": "伊", "島": "嶌", "藤": "東", "野": "埜", "谷": "屋", "沢": "澤", "崎": "咲",
    "田": "多", "本": "元", "村": "邑", "川": "河", "木": "城", "山": "三", "原": "腹",
}  # fmt: skip
_COMMON = "田野川山本木村井藤原沢谷中小大"
_WIDE_TO_HALF = str.maketrans(
    dict(zip(
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
        "ァィゥェォャュョッー　",
        "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ ",
        strict=True,
    ))
)  # fmt: skip
_VOICED = {chr(c): chr(c - 1) + "ﾞ" for c in range(0x30AC, 0x30C3, 2)}
_VOICED |= {"ヅ": "ﾂﾞ", "デ": "ﾃﾞ", "ド": "ﾄﾞ", "ヴ": "ｳﾞ"}
_VOICED |= {k: chr(ord(k) - 1) + "ﾞ" for k in "バビブベボ"} | {
    k: chr(ord(k) - 2) + "ﾟ" for k in "パピプペポ"
}
_ITAIJI = {
    "高": "髙", "髙": "高", "斎": "齋", "齋": "斉", "斉": "齊", "齊": "斎", "崎": "﨑", "﨑": "崎",
    "辺": "邊", "邊": "邉", "邉": "辺", "沢": "澤", "澤": "沢", "島": "嶋", "嶋": "島", "浜": "濱",
    "濱": "浜", "吉": "𠮷", "𠮷": "吉", "広": "廣", "桜": "櫻", "富": "冨", "黒": "黑", "恵": "惠",
    "真": "眞", "寿": "壽",
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    kind: str
    endpoint: str  # "search" or "match"
    target: int  # index of the synthetic person to be found
    query: str = ""  # search box text
    fields: dict[str, str] = field(default_factory=dict)  # duplicate-check fields


def lengthen(reading: str) -> str | None:
    """The reading with one spelled-out long vowel written as ー (ヨウコ → ヨーコ), or None."""
    for i in range(1, len(reading)):
        if (_VOWEL_OF.get(reading[i - 1]), reading[i]) in _LONG:
            return reading[:i] + "ー" + reading[i + 1 :]
    return None


def half_width(katakana: str) -> str:
    return "".join(_VOICED.get(c, c) for c in katakana).translate(_WIDE_TO_HALF)


def hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


def _one_kanji_off(rng: random.Random, family: str) -> str | None:
    if len(family) < 2:
        return None
    at = rng.randrange(len(family))
    char = family[at]
    other = _CONFUSED.get(char) or rng.choice([c for c in _COMMON if c != char])
    return family[:at] + other + family[at + 1 :]


def _itaiji(name: str) -> str | None:
    swapped = "".join(_ITAIJI.get(c, c) for c in name)
    return swapped if swapped != name else None


def _wareki_year(person: SynthPerson, short: bool) -> str:
    era, year = to_wareki(person.birth_date)
    if short:
        return f"{era.letter}{year}"
    return f"{era.name}{year}年"


def _other_field(rng: random.Random, p: SynthPerson) -> dict[str, str]:
    choices = ["birth_date", "address", "address_hyphens", "birth_year"]
    which = rng.choice(choices + (["phone"] if p.phone else []))
    if which == "birth_year":
        return {"birth_date": _wareki_year(p, short=rng.random() < 0.5)}
    if which == "address_hyphens":  # 「3丁目24番1号」 typed 「3-24-1」
        return {"address": re.sub(r"(\d+)丁目(\d+)番(\d+)号", r"\1-\2-\3", p.address)}
    return {which: str(getattr(p, which))}


def _case(kind: str, rng: random.Random, p: SynthPerson, endpoint: str) -> Case | None:
    fam, giv, fk, gk = p.family_name, p.given_name, p.family_name_kana, p.given_name_kana
    born = {"birth_date": p.birth_date.isoformat()} if rng.random() < 0.5 else {}
    if kind == "long_vowel":
        long_family, long_given = lengthen(fk), lengthen(gk)
        if not (long_family or long_given):
            return None
        lf, lg = long_family or fk, long_given or gk
        if endpoint == "search":
            text = f"{lf} {lg}" if rng.random() < 0.5 else hiragana(lf + lg)
            return Case(kind, endpoint, p.index, query=text)
        return Case(kind, endpoint, p.index, fields={"family_name_kana": lf,
                                                     "given_name_kana": lg, **born})  # fmt: skip
    if kind == "kanji_one_char":
        off = _one_kanji_off(rng, fam)
        if off is None or endpoint == "search":
            return None
        fields = {"family_name": off, "given_name": giv, **_other_field(rng, p)}
        return Case(kind, endpoint, p.index, fields=fields)
    if kind == "mixed_script":
        if endpoint == "search":
            roll = rng.random()
            if roll < 0.4:
                text = f"{fam} {hiragana(gk)}"
            elif roll < 0.8:
                text = f"{fam}{hiragana(gk)}"
            else:
                text = f"{hiragana(fk)}{giv}"
            return Case(kind, endpoint, p.index, query=text)
        return Case(kind, endpoint, p.index, fields={"family_name": fam,
                                                     "given_name": hiragana(gk), **born})  # fmt: skip
    if kind == "width":
        if endpoint == "search":
            return Case(kind, endpoint, p.index, query=half_width(f"{fk}　{gk}"))
        return Case(kind, endpoint, p.index, fields={"family_name_kana": half_width(fk),
                                                     "given_name_kana": half_width(gk), **born})  # fmt: skip
    if kind == "variant_kanji":
        swapped = _itaiji(fam)
        if swapped is None:
            return None
        if endpoint == "search":
            return Case(kind, endpoint, p.index, query=f"{swapped}{giv}")
        return Case(kind, endpoint, p.index, fields={"family_name": swapped, "given_name": giv,
                                                     **born})  # fmt: skip
    if kind == "spaces":
        if endpoint == "search":
            text = rng.choice([f"{fam}　{giv}", f" {fam}  {giv} ", f"{fk} {gk}", f"{giv} {fam}"])
            return Case(kind, endpoint, p.index, query=text)
        return Case(kind, endpoint, p.index, fields={"family_name": f"{fam}　{giv}",
                                                     "family_name_kana": f"{fk} {gk}", **born})  # fmt: skip
    if kind == "wareki_year":
        year = _wareki_year(p, short=rng.random() < 0.5)
        if endpoint == "search":
            return Case(kind, endpoint, p.index, query=f"{rng.choice([fam, giv, fk])} {year}")
        return Case(kind, endpoint, p.index, fields={"family_name": fam, "given_name": giv,
                                                     "birth_date": year})  # fmt: skip
    raise ValueError(kind)


def _spelled_out(endpoint: str, p: SynthPerson) -> Case:
    """Stored with ー, typed spelled out (the reading as the generator made it)."""
    if endpoint == "search":
        return Case(
            "long_vowel", endpoint, p.index, query=f"{p.family_name_kana}{p.given_name_kana}"
        )
    return Case("long_vowel", endpoint, p.index, fields={
        "family_name_kana": p.family_name_kana, "given_name_kana": p.given_name_kana})  # fmt: skip


def restyle(rng: random.Random, person: SynthPerson) -> SynthPerson | None:
    """The person registered with a long-vowel reading (ユーキ rather than ユウキ), or None."""
    family, given = lengthen(person.family_name_kana), lengthen(person.given_name_kana)
    if not (family or given):
        return None
    return replace(person, family_name_kana=family or person.family_name_kana,
                   given_name_kana=given or person.given_name_kana)  # fmt: skip


def make_cases(
    seed: int, people: list[SynthPerson], per_kind: int
) -> tuple[list[Case], dict[int, SynthPerson]]:
    """``per_kind`` cases per category and endpoint, and the persons to register restyled.

    A tenth of the persons with a spelled-out long vowel are registered with ー instead (the
    other direction: stored ユーキ, typed ユウキ); their long-vowel cases type the spelled-out
    reading.
    """
    rng = random.Random(seed)  # noqa: S311 - deterministic evaluation data
    restyled: dict[int, SynthPerson] = {}
    for person in people:
        if rng.random() < 0.1 and (made := restyle(rng, person)) is not None:
            restyled[person.index] = made
    cases: list[Case] = []
    for kind in KINDS:
        for endpoint in ("search", "match"):
            pool = people[:]
            rng.shuffle(pool)
            made_here = 0
            for person in pool:
                if made_here == per_kind:
                    break
                if kind == "long_vowel" and person.index in restyled:
                    case = _spelled_out(endpoint, person)
                else:
                    case = _case(kind, rng, restyled.get(person.index, person), endpoint)
                if case is not None:
                    cases.append(case)
                    made_here += 1
    return cases, restyled


def related(a: SynthPerson, b: SynthPerson) -> bool:
    """Whether staff would want ``b`` shown when looking for ``a``: the same reading or name,
    the same family name with the same year of birth, the same given name with a family name
    one character off and the same year of birth or address, the same birth date or phone."""
    one_off = len(a.family_name) == len(b.family_name) and (
        sum(x != y for x, y in zip(a.family_name, b.family_name, strict=True)) == 1
    )
    return (
        (
            one_off
            and a.given_name == b.given_name
            and (a.birth_date.year == b.birth_date.year or a.address == b.address)
        )
        or (a.family_name_kana, a.given_name_kana) == (b.family_name_kana, b.given_name_kana)
        or (a.family_name, a.given_name) == (b.family_name, b.given_name)
        or (a.family_name_kana == b.family_name_kana and a.birth_date.year == b.birth_date.year)
        or a.birth_date == b.birth_date
        or bool(a.phone and a.phone == b.phone)
    )


@dataclass
class Tally:
    hits: int = 0
    total: int = 0
    others: int = 0  # persons returned that are not the one looked for (top 10)
    unrelated: int = 0  # … and that share nothing with it (see related)

    @property
    def recall(self) -> float:
        return self.hits / self.total if self.total else 0.0

    @property
    def noise(self) -> float:
        return self.others / self.total if self.total else 0.0

    @property
    def junk(self) -> float:
        return self.unrelated / self.total if self.total else 0.0


def score(
    cases: list[Case],
    people: list[SynthPerson],
    ids: dict[int, int],
    call: Callable[[Case], list[int]],
) -> dict[str, Any]:
    """Recall@10 per ``kind/endpoint`` and overall, with the mean number of other persons
    returned (noise) and of those sharing nothing with the person looked for (junk).

    ``people`` are the persons as registered; ``ids`` maps their index → database id.
    """
    index_of = {pk: index for index, pk in ids.items()}
    tallies: dict[str, Tally] = {}
    overall = Tally()
    for case in cases:
        found = call(case)[:TOP]
        hit = ids[case.target] in found
        target = people[case.target]
        unrelated = sum(
            1
            for pk in found
            if pk != ids[case.target]
            and (pk not in index_of or not related(target, people[index_of[pk]]))
        )
        for tally in (tallies.setdefault(f"{case.kind}/{case.endpoint}", Tally()), overall):
            tally.hits += hit
            tally.total += 1
            tally.others += len(found) - hit
            tally.unrelated += unrelated
    return {
        "overall": round(overall.recall, 3),
        "noise": round(overall.noise, 2),
        "junk": round(overall.junk, 2),
        "by_category": {
            name: {
                "recall": round(t.recall, 3),
                "hits": f"{t.hits}/{t.total}",
                "noise": round(t.noise, 2),
                "junk": round(t.junk, 2),
            }
            for name, t in sorted(tallies.items())
        },
    }
