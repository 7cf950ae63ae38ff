"""Demo routing rules (振り分けルール) of the five municipalities, from the seed document:

- 八王子市: under 18 → 子ども家庭支援センター; every age → はちまるサポート. はちまるサポート has
  11 sites: one rule per site matches the site's district (地区名 and the 町名 of its address);
  when the district is unknown or matches no site, one rule suggests the 元八王子 site as the
  representative, with a note to guide the caller to the nearest site.
- 国立市: under 18 → くにサポ; 18 and over → ふくふく窓口.
- 大島町: 18–49 → 若者自立サポートステーション「ロケット」; other ages → 福祉けんこう課 (the town's
  window).
- 日野市: every consultation starts at the セーフティネットコールセンター (then handoff);
  町田市: 保健所.

`load_routing_rules` is idempotent: rules are looked up by (municipality, window, age bounds,
districts, other_districts) and only saved when something differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .data import HACHIMARU_SITES, HACHIOJI, HINO, KUNITACHI, MACHIDA, OSHIMA

if TYPE_CHECKING:
    from tsunagu.tenancy.models import Municipality

    from .loader import LoadReport


@dataclass(frozen=True)
class RuleSpec:
    municipality: str  # municipality code
    window: str  # window slug
    priority: int
    age_min: int | None = None
    age_max: int | None = None
    districts: str = ""
    other_districts: bool = False
    note: str = ""


def _town(address: str) -> str:
    """「東京都八王子市下恩方町0-0-5」 → 「下恩方町」."""
    match = re.search(r"八王子市(.+?)[0-9０-９]", address)
    return match.group(1) if match else ""


HACHIMARU_NOTE = "地域の身近な相談窓口（全年齢）。訪問支援（アウトリーチ）もできます。"

RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        HACHIOJI, "kodomo-katei", 10, age_max=17, note="18歳未満の方のひきこもりの相談窓口です。"
    ),
    *(
        RuleSpec(
            HACHIOJI,
            f"hachimaru-{suffix}",
            20,
            districts=f"{district} {_town(address)}".strip(),
            note=HACHIMARU_NOTE,
        )
        for suffix, district, address in HACHIMARU_SITES
    ),
    RuleSpec(
        HACHIOJI,
        "hachimaru-motohachioji",
        30,
        other_districts=True,
        note="地区が分からないときは代表の拠点を示しています。お住まいに最も近い"
        "はちまるサポートをご案内ください。",
    ),
    RuleSpec(KUNITACHI, "kunisapo", 10, age_max=17, note="18歳未満の方の相談を受け付けます。"),
    RuleSpec(KUNITACHI, "fukufuku", 20, age_min=18, note="18歳以上の方の相談を受け付けます。"),
    RuleSpec(
        OSHIMA, "rocket", 10, age_min=18, age_max=49, note="おおむね18歳から49歳までの居場所です。"
    ),
    RuleSpec(OSHIMA, "fukushi-kenko", 20, age_max=17),
    RuleSpec(OSHIMA, "fukushi-kenko", 30, age_min=50),
    RuleSpec(
        HINO,
        "safety-net",
        10,
        note="初回の受付はセーフティネットコールセンターで行い、委託先の専門相談員に引き継ぎます。",
    ),
    RuleSpec(MACHIDA, "hokenjo", 10),
)


def load_routing_rules(report: LoadReport, municipalities: dict[str, Municipality]) -> None:
    from tsunagu.routing.models import RoutingRule
    from tsunagu.tenancy.models import Window

    from .loader import _upsert

    for r in RULES:
        municipality = municipalities[r.municipality]
        window = Window.objects.get(municipality=municipality, slug=r.window)
        _upsert(
            report,
            RoutingRule.objects.all(),
            {
                "municipality": municipality,
                "window": window,
                "age_min": r.age_min,
                "age_max": r.age_max,
                "districts": r.districts,
                "other_districts": r.other_districts,
            },
            {"priority": r.priority, "note": r.note, "topics": [], "is_active": True},
        )
