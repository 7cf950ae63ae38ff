"""Code lists of the default 相談受付票 (domain notes §1.2). Every list ends with 不明 (unknown).

Each list is "code:表示名" strings; `codes()` turns them into schema choices.
"""

from __future__ import annotations


def codes(*items: str) -> list[dict[str, str]]:
    out = []
    for item in items:
        code, label = item.split(":", 1)
        out.append({"code": code, "label": label})
    if not any(c["code"] == "unknown" for c in out):
        out.append({"code": "unknown", "label": "不明"})
    return out


CHANNEL = codes(
    "phone:電話",
    "in_person:来所",
    "email:メール",
    "online:オンライン（ビデオ）",
    "outreach:訪問",
    "line:LINE・SNS",
    "pop_up:出張・土曜相談会",
    "letter:文書",
    "other:その他",
)
ROUTE = codes(
    "city_web:市のホームページ",
    "koho:広報誌",
    "flyer:チラシ・ポスター",
    "sns:LINE・X",
    "commissioner:民生委員",
    "agency:関係機関の紹介",
    "family_association:家族会",
    "acquaintance:知人",
    "other:その他",
)
RELATION = codes(
    "self:本人",
    "mother:母",
    "father:父",
    "sibling:きょうだい",
    "spouse:配偶者",
    "child:子",
    "grandparent:祖父母",
    "relative:その他親族",
    "commissioner:民生委員・児童委員",
    "agency:関係機関職員",
    "neighbour:近隣・知人",
    "other:その他",
)
AGE_GROUP = codes(
    "under20:10代以下",
    "20s:20代",
    "30s:30代",
    "40s:40代",
    "50s:50代",
    "60s:60代",
    "70s:70代",
    "80s:80代以上",
)
CONTACT_CARE = codes(
    "time_limited:電話できる時間帯が限られる",
    "no_agency_name:機関名を名乗らないでほしい",
    "no_mail:郵送は不可",
    "family_unaware:家族に知られたくない",
    "none:特になし",
)
SEX = codes(
    "male:男性", "female:女性", "other:その他", "no_answer:回答しない", "unknown:不明・未把握"
)
CAN_MEET = codes("yes:会える", "via_family:家族経由のみ", "refuses:会うことを拒否")
OUTING = codes(
    "1:仕事や学校で平日は毎日外出",
    "2:仕事や学校で週に3〜4日外出",
    "3:遊び等で頻繁に外出",
    "4:人づきあいのためにときどき外出",
    "5:ふだんは家にいるが自分の趣味に関する用事のときだけ外出",
    "6:ふだんは家にいるが近所のコンビニなどには出かける",
    "7:自室からは出るが家からは出ない",
    "8:自室からほとんど出ない",
)
DURATION = codes(
    "lt6m:6か月未満",
    "6m_1y:6か月〜1年",
    "1_3y:1〜3年",
    "3_5y:3〜5年",
    "5_7y:5〜7年",
    "7_10y:7〜10年",
    "10_20y:10〜20年",
    "20y:20年以上",
)
TRIGGERS = codes(
    "school_refusal:不登校",
    "bullying:いじめ",
    "exams:受験・進学",
    "job_hunting:就職活動",
    "workplace:職場の人間関係",
    "job_loss:退職・失業",
    "illness:病気（身体・精神）",
    "family:家族の問題・介護",
    "covid:新型コロナ",
    "other:その他",
)
DAILY_LIFE = codes(
    "day_night:昼夜逆転",
    "meals:食事が不規則",
    "hygiene:入浴・清潔が保てない",
    "room:自室が散乱",
    "net_game:ネット・ゲーム中心",
    "money:金銭管理が難しい",
    "housework:家事をしない",
    "none:特に気になることはない",
)
FAMILY_TALK = codes("yes:ある", "limited:限られている", "none:ない")
MEDICAL = codes("current:通院中", "past:過去に受診", "never:未受診", "refuses:受診を拒否")
CERTIFICATES = codes(
    "physical:身体障害者手帳",
    "ryoiku:療育手帳",
    "mental:精神障害者保健福祉手帳",
    "jiritsu:自立支援医療",
    "welfare_service:障害福祉サービス利用",
    "none:なし",
)
EDUCATION = codes(
    "junior:中学",
    "high:高校",
    "high_dropout:高校中退",
    "vocational:専門学校",
    "junior_college:短大",
    "university:大学",
    "university_dropout:大学中退",
    "enrolled:在学中",
    "other:その他",
)
SCHOOL_REFUSAL = codes(
    "elementary:小学校", "junior:中学校", "high:高校", "university:大学", "none:なし"
)
WORK_HISTORY = codes(
    "none:なし",
    "part_time:アルバイト・パート",
    "dispatch:派遣",
    "regular:正社員",
    "self_employed:自営",
)
WISHES = codes(
    "work:働きたい", "study:学びたい", "place:居場所がほしい", "not_now:今は考えられない"
)
MEMBER_RELATION = codes(
    "father:父",
    "mother:母",
    "sibling:きょうだい",
    "spouse:配偶者",
    "child:子",
    "grandparent:祖父母",
    "relative:その他親族",
    "other:その他",
)
LIVING = codes("together:同居", "apart:別居")
HEALTH = codes("good:おおむね良好", "ill:病気・療養中", "hospital:入院中", "deceased:死亡")
CARE_LEVEL = codes(
    "none:なし",
    "support:要支援",
    "care1:要介護1",
    "care2:要介護2",
    "care3:要介護3",
    "care4:要介護4",
    "care5:要介護5",
    "applying:申請中",
)
HOUSEHOLD_TYPE = codes(
    "parents_siblings:両親と兄弟姉妹",
    "parents:両親",
    "single_parent:ひとり親",
    "parents_grandparents:親と祖父母",
    "spouse:配偶者・子",
    "alone:同居家族なし",
    "other:その他",
)
FAMILY_RELATIONS = codes(
    "tension:緊張・対立がある",
    "no_talk:会話がない",
    "exhausted:家族が疲れている",
    "good:おおむね良好",
)
HOUSEHOLD_WORK = codes(
    "regular:正社員・公務員",
    "part:臨時職員・パート・アルバイト・派遣社員",
    "self:自営業・家族従業者・内職",
    "pension:年金生活",
    "unemployed:失業・休職中",
    "other:その他",
)
HOUSING = codes(
    "owned:持家",
    "rented:借家",
    "public:公営住宅",
    "company:会社寮・借上げ住宅",
    "homeless:野宿",
    "other:その他",
)
INSURANCE = codes(
    "social:社会保険",
    "national:国民健康保険",
    "late_elderly:後期高齢者医療",
    "welfare:生活保護（医療扶助）",
    "none:無保険",
)
PENSION = codes("receiving:受給中", "enrolled:加入中", "not_enrolled:未加入")
INCOME = codes(
    "salary:給与",
    "pension:年金",
    "disability_pension:障害年金",
    "public_assistance:生活保護",
    "remittance:仕送り",
    "savings:貯蓄の取り崩し",
    "none:なし",
)
DEBTS = codes("rent:家賃", "loan:ローン", "tax:税・公共料金", "borrowing:借金", "none:なし")
VIOLENCE = codes(
    "person_to_family:本人から家族へ",
    "family_to_person:家族から本人へ",
    "property:器物損壊",
    "none:なし",
)
VIOLENCE_RISK = ["person_to_family", "family_to_person", "property"]
LIFE_CRISIS = codes(
    "no_food:食べるものがない",
    "lifeline:電気・ガス・水道が止まっている",
    "self_neglect:セルフネグレクト",
    "hoarding:ごみ屋敷",
    "parent_emergency:親の急病・死亡",
    "none:なし",
)
LIFE_CRISIS_RISK = ["no_food", "lifeline", "parent_emergency"]
URGENCY = codes("high:高（即日対応）", "medium:中", "low:低", "unknown:未判断")
URGENT_ACTIONS = codes(
    "supervisor:スーパーバイザーに報告",
    "health_center:保健所",
    "medical:医療機関",
    "police:警察",
    "ambulance:救急（119）",
    "houkatsu:地域包括支援センター",
    "none:なし",
)
AGENCY_TYPE = codes(
    "hospital:病院",
    "health_center:保健所・保健センター",
    "mental_health_center:精神保健福祉センター",
    "hikikomori_center:ひきこもり地域支援センター",
    "jiritsu:自立相談支援機関",
    "saposute:地域若者サポートステーション",
    "hello_work:ハローワーク",
    "school:学校・SSW",
    "npo:民間支援団体・NPO",
    "family_association:家族会",
    "commissioner:民生委員",
    "other:その他",
)
TOPICS = codes(
    "health:病気や健康、障害のこと",
    "housing:住まい",
    "income:収入・生活費",
    "rent_loan:家賃やローンの支払い",
    "tax:税金や公共料金等の支払い",
    "debt:債務",
    "job:仕事探し、就職",
    "work_trouble:仕事上の不安やトラブル",
    "community:地域との関係",
    "family:家族との関係",
    "childcare:子育て",
    "care:介護",
    "hikikomori:ひきこもり・不登校",
    "dv:DV・虐待",
    "no_food:食べるものがない",
    "other:その他",
)
EXPECTATIONS = codes(
    "listen:話を聞いてほしい",
    "info:情報がほしい",
    "visit:訪問してほしい",
    "place:居場所を知りたい",
    "work:就労の支援",
    "medical:医療につなぎたい",
)
CONSENT = codes("given:同意あり", "not_given:同意なし", "unknown:未確認")
CONSENT_BY = codes("person:本人", "guardian:法定代理人", "family:家族のみ")
CONSENT_FORM = codes("signature:署名", "verbal:口頭", "electronic:電子")
FIRST_RESPONSE = codes(
    "info_only:情報提供のみ",
    "continue:継続相談",
    "referral:他機関紹介（つなぎ）",
    "multi_agency:多機関協働事業へ",
    "emergency:緊急対応",
)
