"""Pure, deterministic generation of synthetic persons and planted duplicate variants.

Same seed → same sequence of records (``random.Random(seed)``; no clock, no hash ordering).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

from tsunagu.jp.wareki import ERAS, to_wareki, wareki_to_date

from .data import FEMALE, GENERIC_TOWNS, MALE, SURNAMES, TOWNS, VARIANTS

FIRST_BIRTH = datetime.date(1955, 1, 1).toordinal()
LAST_BIRTH = datetime.date(2008, 12, 31).toordinal()
PLANT_KINDS = ("kana", "itaiji", "wareki", "no_given")


@dataclass(frozen=True)
class SynthPerson:
    index: int  # position in the generated sequence (0-based); ids are assigned by the writer
    municipality: str  # 地方公共団体コード
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    sex: str
    birth_date: datetime.date
    phone: str  # E.164 or ""
    address: str


@dataclass(frozen=True)
class Planted:
    original: int  # index of the original person
    variant: SynthPerson
    kind: str


def _surname_weights() -> list[float]:
    return [1.0 / (rank + 8) for rank in range(len(SURNAMES))]


def _phone(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return ""
    if roll < 0.8:
        return f"+81{rng.choice('987')}0{rng.randrange(10_000_000, 100_000_000)}"
    return f"+8142{rng.randrange(1_000_000, 10_000_000)}"


def persons(seed: int, count: int, municipalities: list[tuple[str, str]]) -> Iterator[SynthPerson]:
    """``count`` persons spread over ``municipalities`` ([(code, name)]), in a fixed order."""
    rng = random.Random(seed)  # noqa: S311 - deterministic synthetic data
    weights = _surname_weights()
    surnames = rng.choices(SURNAMES, weights=weights, k=count)
    for index in range(count):
        code, name = municipalities[index % len(municipalities)]
        family, family_kana = surnames[index]
        if family in VARIANTS and rng.random() < 0.15:
            family = rng.choice(VARIANTS[family])
        sex = "male" if rng.random() < 0.6 else "female"  # hikikomori support: more men
        given, given_kana = rng.choice(MALE if sex == "male" else FEMALE)
        towns = TOWNS.get(code, GENERIC_TOWNS)
        address = (
            f"東京都{name}{rng.choice(towns)}{rng.randrange(1, 6)}丁目"
            f"{rng.randrange(1, 30)}番{rng.randrange(1, 20)}号"
        )
        yield SynthPerson(
            index=index, municipality=code, family_name=family, given_name=given,
            family_name_kana=family_kana, given_name_kana=given_kana, sex=sex,
            birth_date=datetime.date.fromordinal(rng.randrange(FIRST_BIRTH, LAST_BIRTH)),
            phone=_phone(rng), address=address,
        )  # fmt: skip


def _to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _era_slip(value: datetime.date) -> datetime.date | None:
    era, year = to_wareki(value)
    for other in ERAS:
        if other is era:
            continue
        try:
            return wareki_to_date(other, year, value.month, value.day)
        except ValueError:
            continue
    return None


def variant(rng: random.Random, person: SynthPerson, kind: str) -> SynthPerson | None:
    """The same person registered again with a typical difference (None if not applicable)."""
    if kind == "kana":
        if rng.random() < 0.5:
            return replace(person, family_name_kana=_to_hiragana(person.family_name_kana),
                           given_name_kana=_to_hiragana(person.given_name_kana))  # fmt: skip
        return replace(person, family_name_kana=person.family_name_kana + " ",
                       given_name_kana=" " + person.given_name_kana, phone="")  # fmt: skip
    if kind == "itaiji":
        for base, spellings in VARIANTS.items():
            if person.family_name == base:
                return replace(person, family_name=rng.choice(spellings))
            if person.family_name in spellings:
                return replace(person, family_name=base)
        return None
    if kind == "wareki":
        slipped = _era_slip(person.birth_date)
        if slipped is None and person.birth_date.day <= 12:
            slipped = person.birth_date.replace(month=person.birth_date.day,
                                                day=person.birth_date.month)  # fmt: skip
        return replace(person, birth_date=slipped) if slipped else None
    if kind == "no_given":
        return replace(person, given_name="", given_name_kana="", phone="")
    raise ValueError(kind)


def plant(seed: int, originals: list[SynthPerson], rate: float) -> list[Planted]:
    """Planted duplicates of a ``rate`` share of ``originals``, kinds in rotation."""
    rng = random.Random(seed * 7919 + 1)  # noqa: S311
    planted: list[Planted] = []
    for person in originals:
        if rng.random() >= rate:
            continue
        kind = PLANT_KINDS[len(planted) % len(PLANT_KINDS)]
        made = variant(rng, person, kind)
        if made is None:
            kind, made = "kana", variant(rng, person, "kana")
        assert made is not None
        planted.append(Planted(person.index, made, kind))
    return planted
