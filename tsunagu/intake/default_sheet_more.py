"""The default 相談受付票, sections G–M (family, economy, risk, history, needs, consent, first
response). See default_sheet.py."""

from __future__ import annotations

from typing import Any

from . import default_codes as c
from .sheet_builder import f, many, one, section, ynu

HOUSEHOLD_MEMBERS = f(
    "household_members",
    "家族構成（世帯の方）",
    "group",
    "ご家族は、どなたがいらっしゃいますか？ 一緒に住んでいる方も、離れて住んでいる方も教えてください。",
    fields=[
        one("relation", "続柄", c.MEMBER_RELATION, required=True),
        f("age", "年齢", "number", min=0, max=120),
        one("living", "同居／別居", c.LIVING),
        one("health", "健康", c.HEALTH, s="S"),
        f("work", "就労", "text", max_length=60),
        one("care_level", "要介護度", c.CARE_LEVEL, s="S"),
    ],
    max_rows=20,
    core="household",
)
PREVIOUS_AGENCIES = f(
    "previous_agencies",
    "これまでの相談先・関わっている機関",
    "group",
    "これまでに、どこかに相談されたことはありますか？ 今も関わっている機関はありますか？",
    fields=[
        one("agency_type", "機関の種別", c.AGENCY_TYPE, required=True),
        f("period", "時期", "text", max_length=60),
        f("result", "結果", "text", max_length=200),
        ynu("current", "現在も関与"),
    ],
    max_rows=20,
)

SECTIONS_G_TO_M: list[dict[str, Any]] = [
    section(
        "family",
        "G. 家族・世帯",
        HOUSEHOLD_MEMBERS,
        one(
            "household_type",
            "同居家族",
            c.HOUSEHOLD_TYPE,
            "ご本人は、どなたと暮らしていますか？",
        ),
        many(
            "family_relations",
            "家族関係",
            c.FAMILY_RELATIONS,
            "ご家族の間で、言い争いや会話のないことはありますか？ ご家族はお疲れではありませんか？",
        ),
        f(
            "family_consultations",
            "家族の相談歴・家族会",
            "long_text",
            "ご家族として、これまでに相談されたことや、家族会に参加されたことはありますか？",
        ),
    ),
    section(
        "economy",
        "H. 経済・住まい",
        one(
            "household_work",
            "世帯の主な仕事",
            c.HOUSEHOLD_WORK,
            "世帯の主な収入を得ている方のお仕事は？",
        ),
        one("housing", "住居", c.HOUSING, "お住まいは持ち家ですか、借家ですか？"),
        one("insurance", "健康保険", c.INSURANCE, "ご本人の健康保険は何ですか？"),
        one("pension", "年金", c.PENSION, "ご本人は年金に加入していますか？"),
        many("income", "世帯の収入源", c.INCOME, "世帯の収入は主に何ですか？", "S"),
        many("debts", "債務・滞納", c.DEBTS, "家賃や公共料金の滞納、借金はありますか？"),
        f(
            "after_parents",
            "親亡き後の見通し",
            "long_text",
            "ご両親が高齢になったり亡くなったりした後のことで、心配なことはありますか？",
        ),
    ),
    section(
        "risk",
        "I. リスク・緊急度",
        many(
            "violence",
            "家庭内暴力",
            c.VIOLENCE,
            "ご家庭の中で、暴力や物を壊すことはありますか？",
            "S",
            risk_values=c.VIOLENCE_RISK,
        ),
        ynu(
            "suicidal",
            "自傷・自殺念慮・企図",
            "ご本人が「死にたい」と話したり、自分を傷つけたりしたことはありますか？",
            "S",
            risk_values=["yes"],
        ),
        ynu(
            "harm_to_others",
            "他害のおそれ",
            "ほかの人を傷つけてしまいそうな様子はありますか？",
            "S",
            risk_values=["yes"],
        ),
        ynu(
            "acute_psychiatric",
            "精神症状の急性化（幻覚・妄想など）",
            "最近、聞こえないはずの声が聞こえる、誰かに狙われていると話すなどの様子はありますか？",
            "S",
            risk_values=["yes"],
        ),
        many(
            "life_crisis",
            "生命・生活の危機",
            c.LIFE_CRISIS,
            "食べるものに困っていたり、電気・ガス・水道が止まったりしていませんか？",
            "S",
            risk_values=c.LIFE_CRISIS_RISK,
        ),
        ynu(
            "abuse",
            "虐待・DV",
            "ご家庭で虐待やDVにあたることはありますか？",
            "S",
            risk_values=["yes"],
        ),
        one(
            "urgency",
            "緊急度",
            c.URGENCY,
            "（職員が判断）リスク項目に該当がある場合は必ず判断してください。",
            "O",
            core="urgency",
        ),
        f("urgency_reason", "緊急度の判断理由", "long_text", s="O"),
        many("urgent_actions", "緊急の対応", c.URGENT_ACTIONS, s="O"),
    ),
    section("history", "J. 相談歴・関係機関", PREVIOUS_AGENCIES),
    section(
        "needs",
        "K. 主訴・ニーズ",
        many(
            "topics",
            "相談したいこと",
            c.TOPICS,
            "今日はどのようなことでお困りですか？（いくつでも）",
            core="topics",
        ),
        one(
            "main_topic",
            "いちばん困っていること",
            c.TOPICS,
            "その中で、いちばん困っていることは？",
        ),
        f(
            "summary",
            "主訴（相談の概要）",
            "long_text",
            "ご相談の内容を、相談者の言葉でまとめます。",
            "S",
            required=True,
            core="summary",
        ),
        f(
            "person_wish",
            "本人の希望",
            "long_text",
            "ご本人は、どうしたいと話していますか？",
            "S",
        ),
        f(
            "family_wish",
            "家族の希望",
            "long_text",
            "ご家族としては、どうなってほしいですか？",
            "S",
        ),
        many(
            "expectations",
            "支援への期待",
            c.EXPECTATIONS,
            "私たちに、どんなことを期待されますか？",
        ),
    ),
    section(
        "consent",
        "L. 同意",
        ynu(
            "privacy_explained",
            "個人情報の取扱いの説明",
            "（説明したか）相談内容の記録と、個人情報の取扱いについてご説明しました。",
            "O",
        ),
        one(
            "consent",
            "関係機関との情報共有への同意",
            c.CONSENT,
            "必要に応じて関係機関と情報を共有することに、同意していただけますか？",
            "O",
            core="consent",
        ),
        one(
            "consent_by",
            "同意した人",
            c.CONSENT_BY,
            s="O",
            show_if={"field": "consent", "values": ["given"]},
        ),
        one(
            "consent_form",
            "同意の方法",
            c.CONSENT_FORM,
            s="O",
            show_if={"field": "consent", "values": ["given"]},
        ),
        f(
            "consent_scope",
            "同意の範囲（機関・情報）",
            "long_text",
            s="O",
            show_if={"field": "consent", "values": ["given"]},
        ),
    ),
    section(
        "first_response",
        "M. 初回対応",
        one("first_response", "初回対応", c.FIRST_RESPONSE, s="O"),
        f("next_step", "次回の予定", "text", "次はいつ、どのようにご連絡しましょうか？", "O"),
        f("next_date", "次回の日付", "date", s="O"),
    ),
]
