"""The default 相談受付票 (domain notes §1.2, sections A–M), shipped as data.

Help texts are the questions to ask aloud on the phone. Sections A–F are here, G–M in
default_sheet_more.py. Installed as version 1 of a municipality's default form by
`tsunagu.intake.form_services.install_default_sheet`.
"""

from __future__ import annotations

from typing import Any

from . import default_codes as c
from .default_sheet_more import SECTIONS_G_TO_M
from .sheet_builder import f, many, one, section, ynu

NAME = "ひきこもり相談受付票"

SECTIONS_A_TO_F: list[dict[str, Any]] = [
    section(
        "reception",
        "A. 受付",
        one(
            "channel",
            "受付方法",
            c.CHANNEL,
            "（職員が記入）どの方法での相談か選びます。",
            "O",
            required=True,
            core="channel",
        ),
        many("route", "相談経路", c.ROUTE, "この窓口のことは、何でお知りになりましたか？", "O"),
        f(
            "referrer",
            "紹介元機関",
            "text",
            "どちらの機関からのご紹介ですか？",
            show_if={"field": "route", "values": ["agency"]},
        ),
    ),
    section(
        "consulter",
        "B. 相談者",
        f(
            "consulter_name",
            "相談者のお名前（匿名・ニックネーム可）",
            "text",
            "差し支えなければ、お名前を教えていただけますか？ 匿名でも大丈夫です。",
        ),
        one(
            "consulter_relation",
            "ご本人との関係",
            c.RELATION,
            "ご相談の方（ご本人）とは、どのようなご関係ですか？ ご本人からのご相談ですか？",
            required=True,
            core="consulter_relation",
        ),
        one("consulter_age", "相談者の年代", c.AGE_GROUP, "失礼ですが、おいくつくらいですか？"),
        f(
            "consulter_phone",
            "相談者の連絡先",
            "text",
            "折り返しのご連絡先を教えていただけますか？",
            max_length=40,
        ),
        many(
            "contact_care",
            "連絡上の配慮",
            c.CONTACT_CARE,
            "お電話しても大丈夫な時間帯や、名乗り方で気をつけることはありますか？",
        ),
        f(
            "consulter_situation",
            "相談者自身の状況",
            "long_text",
            "ご相談者ご自身のお体の具合や、お疲れ、介護の負担はいかがですか？",
            "S",
        ),
    ),
    section(
        "person",
        "C. ご本人",
        f(
            "person_family_name",
            "本人の姓",
            "text",
            "ご本人のお名前（姓）を教えていただけますか？",
            core="person_family_name",
            max_length=60,
        ),
        f(
            "person_given_name",
            "本人の名",
            "text",
            "お名前（名）は？",
            core="person_given_name",
            max_length=60,
        ),
        f(
            "person_family_name_kana",
            "本人の姓（フリガナ）",
            "text",
            "読み方を教えてください。",
            core="person_family_name_kana",
            max_length=120,
        ),
        f(
            "person_given_name_kana",
            "本人の名（フリガナ）",
            "text",
            core="person_given_name_kana",
            max_length=120,
        ),
        f(
            "person_nickname",
            "呼び名・通称",
            "text",
            "ご家族はご本人を何と呼んでいますか？",
            core="person_nickname",
            max_length=60,
        ),
        one(
            "person_sex",
            "本人の性別",
            c.SEX,
            "ご本人は、息子さんですか、娘さんですか？",
            core="person_sex",
        ),
        f(
            "person_birth_date",
            "本人の生年月日・年齢",
            "partial_date",
            "ご本人の生年月日はわかりますか？ 和暦でも構いません。わからなければ年齢や「40代」でも結構です。",
            core="person_birth_date",
        ),
        f(
            "person_address",
            "本人の住所",
            "text",
            "ご本人はどちらにお住まいですか？",
            core="person_address",
        ),
        f(
            "person_district",
            "居住地区",
            "text",
            "何町（何地区）にお住まいですか？",
            core="person_district",
            max_length=60,
        ),
        f("person_phone", "本人の電話番号", "text", core="person_phone", max_length=40),
        ynu(
            "person_knows",
            "本人は相談を知っているか・伝えてよいか",
            "今日ご相談されていることを、ご本人はご存じですか？ お伝えしてもよいですか？",
        ),
        one(
            "can_meet",
            "本人と会えるか",
            c.CAN_MEET,
            "ご本人と、私たちがお会いすることはできそうですか？",
            "O",
        ),
    ),
    section(
        "state",
        "D. ひきこもりの状態",
        one("outing", "外出状況", c.OUTING, "ご本人は、ふだんどのくらい外出されますか？"),
        f(
            "onset",
            "状態になった時期・年齢",
            "period",
            "今のような状態になったのは、いつ頃からですか？ 何歳頃からですか？",
        ),
        one("duration", "期間", c.DURATION, "その状態が続いているのは、どのくらいの期間ですか？"),
        many(
            "triggers",
            "きっかけ",
            c.TRIGGERS,
            "きっかけとして思い当たることはありますか？（いくつでも）",
            "S",
        ),
        ynu("earlier_episodes", "過去のひきこもり歴", "以前にも同じような時期がありましたか？"),
        many(
            "daily_life",
            "生活状況",
            c.DAILY_LIFE,
            "ふだんの生活の様子で気になることはありますか？ 食事、お風呂、昼夜のリズムなど。",
        ),
        one("family_talk", "家族との会話", c.FAMILY_TALK, "ご家族との会話はありますか？"),
        f(
            "outside_contact",
            "家族以外との交流",
            "text",
            "ご家族以外で、やりとりのある方はいますか？ オンラインだけの友人も含めて。",
        ),
    ),
    section(
        "health",
        "E. 心身の状態",
        one(
            "medical",
            "受診状況",
            c.MEDICAL,
            "病院にかかっていますか？ 以前かかったことはありますか？",
            "S",
        ),
        f(
            "medical_institution",
            "医療機関",
            "text",
            "どちらの病院ですか？",
            "S",
            show_if={"field": "medical", "values": ["current", "past"]},
        ),
        f(
            "diagnosis",
            "診断名（疑い含む）",
            "long_text",
            "診断を受けたことはありますか？",
            "S",
        ),
        f("medication", "服薬", "text", "飲んでいるお薬はありますか？", "S"),
        many(
            "certificates",
            "障害者手帳・サービス",
            c.CERTIFICATES,
            "障害者手帳や自立支援医療、福祉サービスを利用していますか？",
            "S",
        ),
        ynu(
            "developmental",
            "発達特性・知的の疑い",
            "小さい頃から、発達や学習のことで気になることはありましたか？",
            "S",
        ),
        f(
            "physical_health",
            "身体の健康",
            "long_text",
            "体の具合で心配なことはありますか？ やせてきた、治療していない病気など。",
            "S",
        ),
    ),
    section(
        "education",
        "F. 学歴・就労歴",
        one("education", "最終学歴", c.EDUCATION, "最後に通った学校はどちらですか？"),
        many(
            "school_refusal",
            "不登校経験",
            c.SCHOOL_REFUSAL,
            "学校に行けなかった時期はありますか？",
        ),
        one("work_history", "就労経験", c.WORK_HISTORY, "これまでに働いたことはありますか？"),
        f(
            "work_detail",
            "就労の期間・離職の時期と理由",
            "text",
            "どのくらいの期間、働いていましたか？ 辞めたのはいつ頃、どんな理由でしたか？",
            show_if={
                "field": "work_history",
                "values": ["part_time", "dispatch", "regular", "self_employed"],
            },
        ),
        many("wishes", "現在の意向", c.WISHES, "ご本人は、これからどうしたいと話していますか？"),
    ),
]

SCHEMA: dict[str, Any] = {"sections": [*SECTIONS_A_TO_F, *SECTIONS_G_TO_M]}
