"""Topic codes a routing rule may name: the 主訴 list of the intake sheet (domain notes §1 K,
the 自立相談支援 A票 list). The same codes as `tsunagu.intake.default_codes.TOPICS`, so a rule
and an intake meet on the code, not on the wording (a test checks they agree)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TOPICS: tuple[tuple[str, str], ...] = (
    ("health", _("病気や健康、障害のこと")),
    ("housing", _("住まい")),
    ("income", _("収入・生活費")),
    ("rent_loan", _("家賃やローンの支払い")),
    ("tax", _("税金や公共料金等の支払い")),
    ("debt", _("債務")),
    ("job", _("仕事探し、就職")),
    ("work_trouble", _("仕事上の不安やトラブル")),
    ("community", _("地域との関係")),
    ("family", _("家族との関係")),
    ("childcare", _("子育て")),
    ("care", _("介護")),
    ("hikikomori", _("ひきこもり・不登校")),
    ("dv", _("DV・虐待")),
    ("no_food", _("食べるものがない")),
    ("other", _("その他")),
)

TOPIC_LABELS: dict[str, str] = dict(TOPICS)


def topic_label(code: str) -> str:
    return str(TOPIC_LABELS.get(code, code))
