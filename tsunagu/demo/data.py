"""Demo data: where and how five Tokyo municipalities run hikikomori support.

Source: the seed document describing how 八王子市, 町田市, 日野市, 国立市 and 大島町 run
hikikomori support. What the seed says is kept as it says it; everything else
(branch names, addresses, phone numbers, opening hours, some organisation names) is invented and
marked so: every window carries ``contact_is_sample=True`` and invented names say so in their
description.

Fictional phone numbers: a Japanese 市内局番 never starts with 1 (1xx are service numbers), so
042-100-xxxx and 04992-1-xxxx reach nobody, yet ``phonenumbers`` accepts and formats them
(042-100-0101, 04992-1-0101). Postal codes are each municipality's generic code
(「以下に掲載がない場合」), block numbers are 0-0-n.

Staff accounts live in `tsunagu.demo.data_staff`, persons and cases in
`tsunagu.demo.data_casework`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tsunagu.tenancy.models import Channel, Organization, Window

INVENTED = "※名称・所在地・電話番号はデモ用の架空のものです。"
SAMPLE_CONTACT = "※所在地・電話番号はデモ用の架空のものです。"
INVENTED_ORG = "※デモ用の架空の団体です。"


def e164(national: str) -> str:
    """「042-100-0101」 → 「+81421000101」 (domestic trunk 0 dropped, country code 81)."""
    digits = national.replace("-", "")
    assert digits.startswith("0") and digits.isdigit(), national
    return "+81" + digits[1:]


@dataclass(frozen=True)
class PrefectureSpec:
    code: str
    name: str


@dataclass(frozen=True)
class MunicipalitySpec:
    code: str
    name: str
    name_kana: str
    website: str


@dataclass(frozen=True)
class OrganizationSpec:
    municipality: str  # municipality code
    slug: str
    name: str
    org_type: str
    description: str
    website: str = ""


@dataclass(frozen=True)
class WindowSpec:
    municipality: str  # municipality code
    slug: str
    name: str
    kind: str
    description: str
    operator: str | None = None  # organization slug in the same municipality
    postal_code: str = ""
    address: str = ""
    phone: str = ""  # E.164
    channels: tuple[str, ...] = (Channel.VISIT_IN, Channel.PHONE)
    age_min: int | None = None
    age_max: int | None = None
    does_outreach: bool = False
    # (weekday 0=月 … 6=日, opens, closes)
    hours: tuple[tuple[int, datetime.time, datetime.time], ...] = ()
    saturday_sessions: bool = False  # 土曜出張個別相談会 as dated extra openings
    contact_is_sample: bool = True
    summary_easy: str = ""  # やさしい日本語


def weekdays(opens: str, closes: str, days: tuple[int, ...] = (0, 1, 2, 3, 4)):
    o, c = datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes)
    return tuple((d, o, c) for d in days)


OFFICE_HOURS = weekdays("08:30", "17:15")  # 月〜金 8:30〜17:15 (municipal office hours)

PREFECTURE = PrefectureSpec(code="13", name="東京都")

HACHIOJI, MACHIDA, HINO, KUNITACHI, OSHIMA = "132012", "132098", "132128", "132152", "133612"

MUNICIPALITIES: tuple[MunicipalitySpec, ...] = (
    MunicipalitySpec(HACHIOJI, "八王子市", "はちおうじし", "https://www.city.hachioji.tokyo.jp/"),
    MunicipalitySpec(MACHIDA, "町田市", "まちだし", "https://www.city.machida.tokyo.jp/"),
    MunicipalitySpec(HINO, "日野市", "ひのし", "https://www.city.hino.lg.jp/"),
    MunicipalitySpec(KUNITACHI, "国立市", "くにたちし", "https://www.city.kunitachi.tokyo.jp/"),
    MunicipalitySpec(OSHIMA, "大島町", "おおしままち", "https://www.town.oshima.tokyo.jp/"),
)

T = Organization.Type

ORGANIZATIONS: tuple[OrganizationSpec, ...] = (
    # 八王子市 -------------------------------------------------------------------------------
    OrganizationSpec(
        HACHIOJI,
        "swc",
        "八王子市社会福祉協議会",
        T.SOCIAL_WELFARE_COUNCIL,
        "地域の身近な相談窓口「はちまるサポート」でコミュニティソーシャルワーカーが"
        "対面・電話の相談と訪問支援（アウトリーチ）を行っています。",
    ),
    OrganizationSpec(
        HACHIOJI,
        "hikikomori-bukai",
        "八王子市ひきこもり支援部会",
        T.OTHER,
        "令和3年4月に立ち上げた部会です。家族会、支援機関、庁内部署が一堂に会して"
        "相互連携を深め、ひきこもりの状態にある方の社会的自立を推進するための、"
        "市のひきこもり支援の在り方について検討しています。",
    ),
    OrganizationSpec(
        HACHIOJI,
        "agency",
        "八王子こころの健康相談室",
        T.AGENCY,
        "精神保健福祉の専門相談を行う関係機関です。" + INVENTED_ORG,
    ),
    # 町田市 ---------------------------------------------------------------------------------
    OrganizationSpec(
        MACHIDA,
        "network",
        "町田市ひきこもりネットワーク会議",
        T.OTHER,
        "平成26年度から、保健医療、福祉・居場所、就労、教育の各分野の関係機関が参加して"
        "開催しています。事例検討やグループワークを行い、関係機関の相互理解や連携を"
        "深めています。平成28年度には関係機関と共に「町田市ひきこもり者支援イメージ図」を"
        "作成しました。",
    ),
    OrganizationSpec(
        MACHIDA,
        "agency",
        "町田地域若者就労支援センター",
        T.AGENCY,
        "就労分野の関係機関です。ひきこもりネットワーク会議に参加しています。" + INVENTED_ORG,
    ),
    # 日野市 ---------------------------------------------------------------------------------
    OrganizationSpec(
        HINO,
        "contractor",
        "一般社団法人ひのみらい相談支援室",
        T.CONTRACTOR,
        "日野市から委託を受け、ひきこもりに関する具体的な相談支援を専門の相談員"
        "（社会福祉士）が行います。「ひきこもり相談受付票」の改訂にも協力しています。"
        + INVENTED_ORG,
    ),
    OrganizationSpec(
        HINO,
        "family-association",
        "日野市ひきこもり家族会",
        T.FAMILY_ASSOCIATION,
        "特定非営利活動法人KHJ全国ひきこもり家族会連合会の協力の下で立ち上げた家族会です。"
        "ひきこもり当事者及びその家族や支援者が懇談会形式で自由に想いを語り合い、"
        "交流する居場所になっています。居住地を問わず参加できます。"
        "ひきこもりセミナーを市と共催しています。",
    ),
    OrganizationSpec(
        HINO,
        "khj",
        "特定非営利活動法人KHJ全国ひきこもり家族会連合会",
        T.NPO,
        "全国のひきこもり家族会の連合会です。日野市ひきこもり家族会の立ち上げに協力しました。",
        "https://www.khj-h.com/",
    ),
    OrganizationSpec(
        HINO,
        "agency",
        "日野こころと暮らしの相談センター",
        T.AGENCY,
        "精神保健福祉センターのような専門相談を行う関係機関です。"
        "セーフティネットコールセンターからのおつなぎを受けます。" + INVENTED_ORG,
    ),
    # 国立市 ---------------------------------------------------------------------------------
    OrganizationSpec(
        KUNITACHI,
        "swc",
        "国立市社会福祉協議会",
        T.SOCIAL_WELFARE_COUNCIL,
        "平成30年4月に家族会「ここから」を立ち上げました。当事者会「からふらっと」の"
        "開催にも協力しています。",
    ),
    OrganizationSpec(
        KUNITACHI,
        "kokokara",
        "国立市ひきこもり家族会「ここから」",
        T.FAMILY_ASSOCIATION,
        "平成30年4月に国立市社会福祉協議会が立ち上げ、ご家族と地域の支援者による"
        "世話人会が自主運営しています。勉強会の感想や日常の思いを分かち合う「定例会」と、"
        "少人数でのんびりお話をする癒しの場「家族の居場所」を開催しています。"
        "参加者は市内在住者に限りません。",
    ),
    OrganizationSpec(
        KUNITACHI,
        "karafurat",
        "生きづらさを抱えた方の居場所「からふらっと」",
        T.PEER_ASSOCIATION,
        "令和2年8月、「ひきこもりなど生きづらさを抱えた方たちの日中の居場所を作りたい」"
        "という提案をきっかけに作られた当事者会です。陶芸・ゲーム部・地域のごみ拾い活動の"
        "ほか、農園を借りて生産から販売まで関わっています。家族会と共同主催で講演会も"
        "実施しています。",
    ),
    OrganizationSpec(
        KUNITACHI,
        "agency",
        "くにたち心の相談支援センター",
        T.AGENCY,
        "くにサポ・ふくふく窓口からのおつなぎを受ける専門機関です。" + INVENTED_ORG,
    ),
    # 大島町 ---------------------------------------------------------------------------------
    OrganizationSpec(
        OSHIMA,
        "rocket",
        "若者自立サポートステーション「ロケット」",
        T.YOUTH_STATION,
        "当事者の居場所として設置され、毎週活動しています。屋内作業（看板製作、ミシン作業等）"
        "や屋外作業（個人農園での農業体験）など、対象者に合った支援方法を提供しています。",
    ),
    OrganizationSpec(
        OSHIMA,
        "agency",
        "島しょこころの相談室",
        T.AGENCY,
        "島しょ地域の精神保健福祉の相談を行う関係機関です。" + INVENTED_ORG,
    ),
)

# はちまるサポート: 11 sites (令和5年1月時点). The district names are typical of 八王子市; the
# real sites' names and places differ.
HACHIMARU_SITES: tuple[tuple[str, str, str], ...] = (
    # (slug suffix, district, address)
    ("motohachioji", "元八王子", "東京都八王子市元八王子町0-0-1"),
    ("yugi", "由木", "東京都八王子市下柚木0-0-2"),
    ("ishikawa", "石川", "東京都八王子市石川町0-0-3"),
    ("asakawa", "浅川", "東京都八王子市高尾町0-0-4"),
    ("ongata", "恩方", "東京都八王子市下恩方町0-0-5"),
    ("kawaguchi", "川口", "東京都八王子市川口町0-0-6"),
    ("kasumi", "加住", "東京都八王子市加住町0-0-7"),
    ("yui", "由井", "東京都八王子市片倉町0-0-8"),
    ("kitano", "北野", "東京都八王子市北野町0-0-9"),
    ("nagabusa", "長房", "東京都八王子市長房町0-0-10"),
    ("tate", "館", "東京都八王子市館町0-0-11"),
)

HACHIMARU_DESCRIPTION = (
    "地域住民の身近な相談窓口です。属性や世代、相談内容に関わらず包括的に相談を受け止め"
    "（全年齢を対象）、関係する支援機関と連携して支援します。コミュニティソーシャルワーカーが"
    "対面や電話で相談に対応するほか、相談窓口に出向くことが難しい場合は訪問支援"
    "（アウトリーチ）を通して、当事者や家族と信頼関係を築きながら継続的に支援します。"
)


def _hachimaru_windows() -> tuple[WindowSpec, ...]:
    return tuple(
        WindowSpec(
            HACHIOJI,
            f"hachimaru-{suffix}",
            f"はちまるサポート{district}",
            Window.Kind.GENERAL,
            HACHIMARU_DESCRIPTION + "\n※拠点名・所在地・電話番号はデモ用の架空のものです。",
            operator="swc",
            postal_code="1920000",
            address=address,
            phone=e164(f"042-100-{101 + i:04d}"),
            channels=(Channel.VISIT_IN, Channel.PHONE, Channel.OUTREACH),
            does_outreach=True,
            hours=OFFICE_HOURS,
        )
        for i, (suffix, district, address) in enumerate(HACHIMARU_SITES)
    )


WINDOWS: tuple[WindowSpec, ...] = (
    *_hachimaru_windows(),
    WindowSpec(
        HACHIOJI,
        "kodomo-katei",
        "八王子市子ども家庭支援センター",
        Window.Kind.CHILDREN,
        "18歳未満の方のひきこもりに関する相談窓口です。18歳以上の方は"
        "「はちまるサポート」へご相談ください。\n" + SAMPLE_CONTACT,
        postal_code="1920000",
        address="東京都八王子市元本郷町0-0-20",
        phone=e164("042-100-0120"),
        age_max=17,
        hours=OFFICE_HOURS,
    ),
    WindowSpec(
        MACHIDA,
        "hokenjo",
        "町田市保健所",
        Window.Kind.HEALTH,
        "ひきこもりの状態にある当事者や家族の相談・支援を行っています。"
        "当事者向けのグループワーク（マンボウ）を毎週、家族向けのグループワークを"
        "定期的に開催しています。関係機関の「ひきこもりネットワーク会議」の事務局です。\n"
        + SAMPLE_CONTACT,
        postal_code="1940000",
        address="東京都町田市旭町0-0-1",
        phone=e164("042-100-0201"),
        hours=OFFICE_HOURS,
    ),
    WindowSpec(
        HINO,
        "safety-net",
        "日野市セーフティネットコールセンター",
        Window.Kind.WELFARE,
        "ひきこもりに関する市の窓口で、「福祉の初期総合相談窓口」です。"
        "ご本人やご家族が複合化した課題を抱えている場合も、関係部署や関係機関と"
        "スムーズに連携できます。初回の受付は「ひきこもり相談受付票」を用いて当センターの"
        "職員が行い、具体的な相談支援は委託先の専門の相談員が担当します。"
        "対面のほか、オンラインによる個別相談会や、土曜日の出張個別相談会も開催しています。\n"
        + SAMPLE_CONTACT,
        postal_code="1910000",
        address="東京都日野市神明0-0-1",
        phone=e164("042-100-0301"),
        channels=(Channel.VISIT_IN, Channel.PHONE, Channel.ONLINE),
        hours=OFFICE_HOURS,
        saturday_sessions=True,
    ),
    WindowSpec(
        HINO,
        "hikikomori-senmon",
        "日野市ひきこもり専門相談（委託）",
        Window.Kind.CONTRACTED,
        "セーフティネットコールセンターで受け付けた相談について、委託先の専門の相談員"
        "（社会福祉士）が継続して相談支援を行います。\n" + INVENTED,
        operator="contractor",
        postal_code="1910000",
        address="東京都日野市多摩平0-0-2",
        phone=e164("042-100-0302"),
        channels=(Channel.VISIT_IN, Channel.PHONE, Channel.ONLINE),
        hours=OFFICE_HOURS,
    ),
    WindowSpec(
        KUNITACHI,
        "kunisapo",
        "くにサポ（子ども家庭部）",
        Window.Kind.CHILDREN,
        "18歳未満の方のひきこもりに関する相談を受け付けます。個別対応のほか、"
        "各専門機関・専門窓口へおつなぎします。\n" + SAMPLE_CONTACT,
        postal_code="1860000",
        address="東京都国立市富士見台0-0-1",
        phone=e164("042-100-0501"),
        age_max=17,
        summary_easy="18さいより 下の 子どもの そうだんを ききます。家族だけでも そうだん できます。",
        hours=OFFICE_HOURS,
    ),
    WindowSpec(
        KUNITACHI,
        "fukufuku",
        "ふくふく窓口（健康福祉部・生活困窮者自立相談支援機関）",
        Window.Kind.LIVELIHOOD,
        "18歳以上の方のひきこもりに関する相談を受け付けます。個別対応のほか、"
        "各専門機関・専門窓口へおつなぎします。\n" + SAMPLE_CONTACT,
        postal_code="1860000",
        address="東京都国立市富士見台0-0-2",
        phone=e164("042-100-0502"),
        age_min=18,
        summary_easy="18さい以上の 人の そうだんを ききます。家族だけでも そうだん できます。",
        hours=OFFICE_HOURS,
    ),
    WindowSpec(
        OSHIMA,
        "rocket",
        "若者自立サポートステーション「ロケット」",
        Window.Kind.YOUTH,
        "おおむね18歳から49歳までの当事者の居場所です（民生委員からの情報をもとに"
        "支援の対象者を拡大しています）。毎週の活動日に、屋内作業（看板製作、ミシン作業等）"
        "や屋外作業（個人農園での農業体験）など、対象者に合った支援方法を提供しています。\n"
        "※活動日・時間、所在地、電話番号はデモ用の架空のものです。",
        operator="rocket",
        postal_code="1000100",
        address="東京都大島町元町0-0-2",
        phone=e164("04992-1-0101"),
        channels=(Channel.VISIT_IN, Channel.PHONE),
        age_min=18,
        age_max=49,
        hours=weekdays("10:00", "15:00", days=(2,)),  # 毎週水曜
    ),
    WindowSpec(
        OSHIMA,
        "fukushi-kenko",
        "大島町福祉けんこう課 相談窓口",
        Window.Kind.WELFARE,
        "ひきこもりを含む福祉・健康の相談を受け付け、若者自立サポートステーション"
        "「ロケット」などへおつなぎします。\n" + INVENTED,
        postal_code="1000100",
        address="東京都大島町元町0-0-1",
        phone=e164("04992-1-0102"),
        hours=OFFICE_HOURS,
    ),
)
