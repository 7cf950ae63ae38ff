"""Category lists the standard report counts by (domain notes §2.3).

Each list is [(code, label)]; the report definitions map stored codes onto them.
"""

from __future__ import annotations

from tsunagu.tenancy.models import Organization

# 令和5年版厚生労働白書 図表2-2-3: ひきこもり地域支援センターの関係機関へのつなぎ先.
HAKUSHO_DESTINATIONS: list[tuple[str, str]] = [
    ("other_center", "他のひきこもり地域支援センター"),
    ("disability_employment", "障害者雇用促進関連施設"),
    ("swc", "社会福祉協議会"),
    ("welfare_office", "福祉事務所"),
    ("municipal_window", "福祉事務所以外の市区町村窓口"),
    ("self_reliance", "自立相談支援事業実施機関"),
    ("disability_support", "障害者総合支援関連施設"),
    ("community_care", "地域包括支援センター"),
    ("private_group", "民間支援団体（当事者団体・NPO法人等）"),
    ("child_guidance", "児童相談所"),
    ("health_center", "保健所・保健センター"),
    ("school", "学校・教育委員会等"),
    ("company", "企業"),
    ("mental_health_center", "精神保健福祉センター"),
    ("hello_work", "ハローワーク"),
    ("developmental", "発達障害者支援センター"),
    ("medical", "医療機関"),
    ("youth_center", "子ども・若者総合相談センター"),
    ("saposute", "地域若者サポートステーション"),
    ("child_family_center", "児童家庭支援センター"),
    ("other", "その他"),
]
HAKUSHO_CODES = [code for code, _label in HAKUSHO_DESTINATIONS]

# Until a municipality files an organisation under a 白書 category (ReferralCategory), its type
# decides; types with no clear counterpart count as その他.
DEFAULT_BY_ORG_TYPE: dict[str, str] = {
    Organization.Type.SOCIAL_WELFARE_COUNCIL: "swc",
    Organization.Type.NPO: "private_group",
    Organization.Type.FAMILY_ASSOCIATION: "private_group",
    Organization.Type.PEER_ASSOCIATION: "private_group",
    Organization.Type.MEDICAL: "medical",
    Organization.Type.MUNICIPAL_DEPARTMENT: "municipal_window",
    Organization.Type.YOUTH_STATION: "saposute",
}
