"""The demo programmes as data (issue 9), loaded by `tsunagu.demo.data_programmes`: rules
(`RuleSpec`) or one-off sessions (`ExtraSpec`), and what the open-data 「イベント一覧」 asks for:
カナ/English names, the fee, a contact with the demo phone data.py or data_resources.py already
gives, parking, and `location`, the directory's place of that name (a hidden 居場所: area only).
No `url` (the CSV's URL is each session's page here; the seed names no programme's own page) and
no `apply_until` (no demo session takes applications by a deadline).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from tsunagu.programmes.models import Audience, Fee, Frequency, Kind

from .data import HACHIOJI, HINO, KUNITACHI, MACHIDA, OSHIMA

PAST_DAYS = 56  # sessions already held, so attendance and statistics have something to show
T = datetime.time
NO_PARKING = "駐車場はありません。公共交通機関でお越しください。"
PARKING_FEW = "駐車場は台数に限りがあります。なるべく公共交通機関でお越しください。"


@dataclass(frozen=True)
class RuleSpec:
    label: str
    frequency: str
    weekdays: tuple[int, ...]
    start: datetime.time
    end: datetime.time
    week_numbers: tuple[int, ...] = ()
    interval: int = 1
    place: str = ""


@dataclass(frozen=True)
class ExtraSpec:
    days_ahead: int  # from the load day
    start: datetime.time
    end: datetime.time
    title: str
    place: str = ""


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str  # national format (042-100-0201); stored as E.164


@dataclass(frozen=True)
class ProgrammeSpec:
    key: tuple[str, str]  # (municipality code, slug)
    name: str
    kind: str
    audience: str
    window: str | None = None
    organization: str | None = None
    description: str = ""
    easy_summary: str = ""
    activities: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    residents_only: bool = False
    requires_enrolment: bool = True
    capacity: int | None = None
    place: str = ""
    accessibility: str = ""
    how_to_join: str = ""
    visit_info: str = ""
    contact: Contact | None = None
    names: tuple[str, str] = ("", "")  # (カナ, English) for the open data
    fee: tuple[str, str] = (Fee.FREE, "")  # (料金(基本), 料金(詳細))
    parking: str = NO_PARKING
    location: str = ""  # a directory place in the municipality: its service's or its own name
    skip_holidays: bool = True
    is_published: bool = True
    rules: tuple[RuleSpec, ...] = ()
    extras: tuple[ExtraSpec, ...] = field(default_factory=tuple)


# The windows' and organisations' demo phones of data.py and data_resources.py (fictional).
HOKENJO = Contact("町田市保健所 保健予防課", "042-100-0201")  # window hokenjo
SWC_KUNITACHI = Contact("国立市社会福祉協議会", "042-100-0513")  # directory: 社会福祉協議会
HINO_FAMILY = Contact("日野市ひきこもり家族会", "042-100-0311")  # directory: 家族会
SAFETY_NET = Contact("日野市セーフティネットコールセンター", "042-100-0301")  # window
HACHIMARU = Contact("はちまるサポート元八王子", "042-100-0101")  # window hachimaru-motohachioji
ROCKET = Contact("若者自立サポートステーション「ロケット」", "04992-1-0101")  # window rocket

# Windows held at by programmes: the directory keeps a window's address on the window, so its
# place is added, named as the window: (municipality, window slug, latitude, longitude).
WINDOW_PLACES: tuple[tuple[str, str, str, str], ...] = ((OSHIMA, "rocket", "34.7510", "139.3565"),)

W, M = Frequency.WEEKLY, Frequency.MONTHLY_NTH
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
SAMPLE_PLACE = "（会場はデモ用の架空の名称です）"
STEP_FREE = "会場はエレベーターがあり、車いすで入れます。多目的トイレがあります。"

PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    # 町田市 -----------------------------------------------------------------------------------
    ProgrammeSpec(
        (MACHIDA, "manbo"),
        "当事者グループワーク「マンボウ」",
        Kind.PERSONS_GROUP,
        Audience.PERSON,
        window="hokenjo",
        description="回復途上にあるひきこもりの状態にある方が、安全な環境で他の参加者と交流や"
        "活動を重ね、社会参加の足がかりとしての活動を毎週行っています。",
        easy_summary="まいしゅう すいようびに あつまります。はなしを したり、"
        "いっしょに かつどうを したりします。はなさなくても だいじょうぶです。",
        activities=("フリートーク", "軽い運動", "調理実習", "外出プログラム", "季節の行事"),
        age_min=18,
        capacity=12,
        place="町田市保健所 会議室",
        accessibility=STEP_FREE + "途中の休憩・退出は自由です。",
        how_to_join="町田市保健所の相談員との面談のあとに参加できます。まずはお電話ください。",
        visit_info="初めての方は見学ができます（1回・予約制）。見学だけで帰っても大丈夫です。",
        names=("トウジシャグループワーク マンボウ", "Manbo peer group"),
        contact=HOKENJO,
        parking=PARKING_FEW,
        location="当事者グループワーク「マンボウ」",
        rules=(RuleSpec("毎週水曜", W, (WED,), T(13, 30), T(15, 30)),),
    ),
    ProgrammeSpec(
        (MACHIDA, "family-group"),
        "家族向けグループワーク",
        Kind.FAMILY_GROUP,
        Audience.FAMILY,
        window="hokenjo",
        description="親自身が、当事者とのコミュニケーションや対応方法を振り返り、親子関係や"
        "夫婦関係の課題について考え、当事者の回復に向けての気付きを得る場です。",
        easy_summary="かぞくの かたの あつまりです。こまっている ことを はなしあいます。",
        activities=("振り返りと分かち合い", "コミュニケーションの練習", "講話"),
        capacity=15,
        place="町田市保健所 会議室",
        accessibility=STEP_FREE,
        how_to_join="町田市保健所へお電話で申し込んでください。",
        visit_info="見学も受け付けています。",
        names=("カゾクムケグループワーク", "Family group"),
        contact=HOKENJO,
        parking=PARKING_FEW,
        location="家族向けグループワーク",
        rules=(RuleSpec("毎月第3木曜", M, (THU,), T(14, 0), T(16, 0), week_numbers=(3,)),),
    ),
    # 国立市 -----------------------------------------------------------------------------------
    ProgrammeSpec(
        (KUNITACHI, "kokokara-teireikai"),
        "家族会「ここから」定例会",
        Kind.FAMILY_ASSOCIATION,
        Audience.FAMILY,
        organization="kokokara",
        description="当事者や専門家をお招きする勉強会と、勉強会の感想や日常の思いを分かち合う"
        "定例会です。参加者は市内在住者に限りません。",
        easy_summary="かぞくの かいです。べんきょうかいの あとに、おもいを はなしあいます。"
        "こくりつしに すんでいなくても さんかできます。",
        activities=("勉強会", "分かち合い"),
        requires_enrolment=False,
        place="国立市福祉会館 " + SAMPLE_PLACE,
        accessibility=STEP_FREE,
        how_to_join="申し込みはいりません。直接会場へお越しください。",
        visit_info="初めての方も、お話を聞くだけの参加ができます。",
        names=("カゾクカイ ココカラ テイレイカイ", "Kokokara family meeting"),
        contact=SWC_KUNITACHI,
        location="国立市ひきこもり家族会「ここから」",
        rules=(RuleSpec("毎月第2土曜", M, (SAT,), T(14, 0), T(16, 30), week_numbers=(2,)),),
    ),
    ProgrammeSpec(
        (KUNITACHI, "kokokara-ibasho"),
        "家族の居場所",
        Kind.IBASHO,
        Audience.FAMILY,
        organization="kokokara",
        description="少人数でのんびりお話をする癒しの場です。",
        easy_summary="すくない にんずうで、ゆっくり おはなしを する ばしょです。",
        activities=("お茶を飲みながらのおしゃべり",),
        capacity=8,
        place="国立市福祉会館 和室 " + SAMPLE_PLACE,
        accessibility="和室（座椅子あり）です。椅子席を用意できます。",
        how_to_join="国立市社会福祉協議会へお電話で申し込んでください（定員8人）。",
        visit_info="初めての方は、はじめに世話人が少しお話を伺います。",
        names=("カゾクノイバショ", "Family drop-in"),
        contact=SWC_KUNITACHI,
        location="国立市ひきこもり家族会「ここから」",
        rules=(RuleSpec("毎月第4水曜", M, (WED,), T(13, 30), T(15, 30), week_numbers=(4,)),),
    ),
    ProgrammeSpec(
        (KUNITACHI, "karafurat-pottery"),
        "からふらっと 陶芸",
        Kind.PEER_ASSOCIATION,
        Audience.PERSON,
        organization="karafurat",
        description="生きづらさを抱えた方の日中の居場所「からふらっと」の陶芸の日です。",
        easy_summary="ねんどで うつわを つくります。みているだけでも だいじょうぶです。",
        activities=("陶芸",),
        capacity=8,
        place="国立市内の陶芸工房 " + SAMPLE_PLACE,
        how_to_join="はじめての方は国立市社会福祉協議会へご連絡ください。",
        visit_info="見学・体験ができます。汚れてもよい服でお越しください。",
        names=("カラフラット トウゲイ", "Karafurat pottery"),
        contact=SWC_KUNITACHI,
        fee=(Fee.PAID, "材料費 500円（参加費は無料）"),
        rules=(RuleSpec("毎月第1・第3火曜", M, (TUE,), T(13, 0), T(16, 0), week_numbers=(1, 3)),),
    ),
    ProgrammeSpec(
        (KUNITACHI, "karafurat-game"),
        "からふらっと ゲーム部",
        Kind.PEER_ASSOCIATION,
        Audience.PERSON,
        organization="karafurat",
        description="ボードゲームやテレビゲームで一緒に遊びます。",
        easy_summary="いっしょに ゲームを して あそびます。",
        activities=("ボードゲーム", "テレビゲーム"),
        requires_enrolment=False,
        place="居場所「からふらっと」",
        accessibility="1階の部屋です。段差はありません。",
        how_to_join="申し込みはいりません。途中からの参加・退出も自由です。",
        visit_info="見ているだけの参加もできます。",
        names=("カラフラット ゲームブ", "Karafurat game club"),
        contact=SWC_KUNITACHI,
        location="生きづらさを抱えた方の居場所「からふらっと」",
        rules=(RuleSpec("毎週金曜", W, (FRI,), T(14, 0), T(17, 0)),),
    ),
    ProgrammeSpec(
        (KUNITACHI, "karafurat-gomihiroi"),
        "からふらっと 地域のごみ拾い",
        Kind.PEER_ASSOCIATION,
        Audience.ANYONE,
        organization="karafurat",
        description="地域を歩いてごみ拾いをします。雨天は中止です。",
        easy_summary="まちを あるいて ごみを ひろいます。あめの ひは やすみです。",
        activities=("ごみ拾い", "散歩"),
        requires_enrolment=False,
        place="国立駅南口集合 " + SAMPLE_PLACE,
        accessibility="屋外を1時間ほど歩きます。途中で休めます。",
        how_to_join="申し込みはいりません。軍手とごみ袋は用意します。",
        visit_info="どなたでも参加できます。",
        names=("カラフラット チイキノゴミヒロイ", "Karafurat litter picking"),
        contact=SWC_KUNITACHI,
        rules=(RuleSpec("毎月第2・第4土曜", M, (SAT,), T(10, 0), T(11, 30), week_numbers=(2, 4)),),
    ),
    ProgrammeSpec(
        (KUNITACHI, "karafurat-farm"),
        "からふらっと 農園",
        Kind.PEER_ASSOCIATION,
        Audience.PERSON,
        organization="karafurat",
        description="農園を借りて、野菜を育てるところから販売まで関わります。",
        easy_summary="はたけで やさいを そだてて、うります。",
        activities=("種まき・植え付け", "水やり・草取り", "収穫", "販売"),
        capacity=10,
        place="国立市内の貸し農園 " + SAMPLE_PLACE,
        accessibility="屋外の畑です。雨天時は屋内で作業します。",
        how_to_join="国立市社会福祉協議会へご連絡ください。",
        visit_info="見学・体験ができます。",
        names=("カラフラット ノウエン", "Karafurat farm"),
        contact=SWC_KUNITACHI,
        parking="農園の駐車スペースは作業用です。自転車か徒歩でお越しください。",
        skip_holidays=False,
        rules=(RuleSpec("毎週木曜", W, (THU,), T(9, 30), T(12, 0)),),
    ),
    # 日野市 -----------------------------------------------------------------------------------
    ProgrammeSpec(
        (HINO, "kazokukai"),
        "日野市ひきこもり家族会",
        Kind.FAMILY_ASSOCIATION,
        Audience.ANYONE,
        organization="family-association",
        description="ひきこもり当事者及びその家族や支援者が懇談会形式で自由に想いを語り合い、"
        "交流する居場所です。居住地を問わず参加できます。",
        easy_summary="ほんにん・かぞく・しえんしゃが あつまって はなしあいます。"
        "どこに すんでいても さんかできます。",
        activities=("懇談会", "情報交換"),
        requires_enrolment=False,
        place="日野市生活・保健センター " + SAMPLE_PLACE,
        accessibility=STEP_FREE,
        how_to_join="申し込みはいりません。直接会場へお越しください。",
        visit_info="初めての方は受付で「初めてです」とお伝えください。",
        names=("ヒノシ ヒキコモリカゾクカイ", "Hino family association"),
        contact=HINO_FAMILY,
        parking=PARKING_FEW,
        location="日野市ひきこもり家族会",
        rules=(RuleSpec("毎月第3日曜", M, (SUN,), T(13, 30), T(16, 0), week_numbers=(3,)),),
    ),
    ProgrammeSpec(
        (HINO, "ibasho"),
        "日野市ひきこもりの居場所",
        Kind.IBASHO,
        Audience.PERSON,
        window="safety-net",
        description="安心・安全な場所で自由に過ごし、人や社会と交流することができる居場所です。",
        easy_summary="すきな ように すごせる ばしょです。はなさなくても だいじょうぶです。",
        activities=("自由に過ごす", "お茶会", "手芸", "ボードゲーム"),
        capacity=6,
        place="日野市内の会議室 " + SAMPLE_PLACE,
        accessibility=STEP_FREE,
        how_to_join="セーフティネットコールセンターへご相談ください。",
        visit_info="見学ができます。",
        names=("ヒノシ ヒキコモリノイバショ", "Hino drop-in space"),
        contact=SAFETY_NET,
        location="日野市ひきこもりの居場所",
        rules=(RuleSpec("毎月第1・第3金曜", M, (FRI,), T(13, 0), T(16, 0), week_numbers=(1, 3)),),
    ),
    ProgrammeSpec(
        (HINO, "seminar"),
        "ひきこもりセミナー（市・家族会共催）",
        Kind.SEMINAR,
        Audience.ANYONE,
        window="safety-net",
        description="ひきこもりについての理解を深めるための情報や、当事者の経験談など、"
        "役に立つ情報をお届けするセミナーです。",
        easy_summary="ひきこもりに ついて まなぶ かいです。だれでも きけます。",
        activities=("講演", "当事者の経験談", "質疑応答"),
        requires_enrolment=False,
        capacity=80,
        place="日野市役所 大会議室 " + SAMPLE_PLACE,
        accessibility=STEP_FREE + "手話通訳・要約筆記は申込時にご相談ください。",
        how_to_join="申し込みはいりません（先着80人）。オンライン配信はありません。",
        names=("ヒキコモリセミナー", "Hikikomori seminar"),
        contact=SAFETY_NET,
        parking=PARKING_FEW,
        extras=(
            ExtraSpec(-21, T(14, 0), T(16, 0), "ひきこもりの理解と家族の関わり方"),
            ExtraSpec(24, T(14, 0), T(16, 0), "当事者の経験談を聴く"),
            ExtraSpec(80, T(14, 0), T(16, 0), "8050問題と親亡き後の備え"),
        ),
    ),
    # 八王子市 ---------------------------------------------------------------------------------
    ProgrammeSpec(
        (HACHIOJI, "forum"),
        "地域共生社会 市民フォーラム",
        Kind.FORUM,
        Audience.ANYONE,
        window="hachimaru-motohachioji",
        description="学識経験者による講演や、地域団体・はちまるサポートのコミュニティソーシャル"
        "ワーカーの支援活動報告を通して、ひきこもりや8050問題について理解を深めます。",
        easy_summary="ひきこもりや 8050もんだいに ついて まなぶ かいです。",
        activities=("講演", "支援活動報告"),
        requires_enrolment=False,
        capacity=200,
        place="八王子市内のホール " + SAMPLE_PLACE,
        accessibility=STEP_FREE + "手話通訳があります。",
        how_to_join="申し込みはいりません（先着200人）。",
        names=("チイキキョウセイシャカイ シミンフォーラム", "Community forum"),
        contact=HACHIMARU,
        parking=PARKING_FEW,
        extras=(
            ExtraSpec(45, T(13, 30), T(16, 0), "第1回 ひきこもりと地域"),
            ExtraSpec(150, T(13, 30), T(16, 0), "第2回 8050問題を考える"),
        ),
    ),
    ProgrammeSpec(
        (HACHIOJI, "bukai"),
        "ひきこもり支援部会",
        Kind.COUNCIL,
        Audience.ANYONE,
        organization="hikikomori-bukai",
        description="家族会、支援機関、庁内部署が一堂に会して相互連携を深め、市のひきこもり"
        "支援の在り方について検討します（構成員のみ）。",
        requires_enrolment=False,
        place="八王子市役所 会議室",
        names=("ヒキコモリシエンブカイ", "Hikikomori support committee"),
        is_published=False,
        rules=(RuleSpec("3か月ごと第2火曜", M, (TUE,), T(10, 0), T(12, 0), (2,), interval=3),),
    ),
    # 大島町 -----------------------------------------------------------------------------------
    ProgrammeSpec(
        (OSHIMA, "rocket"),
        "若者自立サポートステーション「ロケット」",
        Kind.YOUTH_STATION,
        Audience.PERSON,
        window="rocket",
        description="当事者の居場所として毎週活動しています。屋内作業（看板製作、ミシン作業等）や"
        "屋外作業（個人農園での農業体験）など、対象者に合った支援方法を提供します。",
        easy_summary="まいしゅう すいようびに あいています。かんばんを つくったり、"
        "ミシンを つかったり、はたけで さぎょうを したりします。",
        activities=("看板製作", "置物制作", "ミシン作業", "個人農園での農業体験"),
        age_min=18,
        age_max=49,
        residents_only=True,
        capacity=10,
        place="若者自立サポートステーション「ロケット」",
        accessibility="1階の作業場です。段差はありません。",
        how_to_join="大島町福祉けんこう課または「ロケット」へご相談ください。",
        visit_info="見学・体験ができます。作業を見ているだけでも大丈夫です。",
        names=("ワカモノジリツサポートステーション ロケット", "Youth support station Rocket"),
        contact=ROCKET,
        parking="敷地内に駐車できます（3台）。",
        location="若者自立サポートステーション「ロケット」",
        rules=(RuleSpec("毎週水曜", W, (WED,), T(10, 0), T(15, 0)),),
    ),
)

# (municipality, programme slug, schedule label, weeks ahead of the load day, reason)
EXCEPTIONS = (
    (OSHIMA, "rocket", "毎週水曜", 2, "島内行事のため休み"),
    (MACHIDA, "manbo", "毎週水曜", 5, "会場点検のため休み"),
)
# The next litter picking is called off (a cancelled session stays in the calendar feeds).
CANCELLED = ((KUNITACHI, "karafurat-gomihiroi", "荒天の予報のため中止"),)
