"""Demo programmes (issue 9): the seed's groups, associations, 居場所, seminars and forums with
realistic schedules, materialised from 8 weeks before the load day to HORIZON_DAYS after it.

- 町田市保健所: 当事者グループワーク「マンボウ」(毎週水曜) and 家族向けグループワーク (毎月第3木曜);
- 国立市: 家族会「ここから」の定例会 (第2土曜) and 家族の居場所 (第4水曜), run by the association;
  当事者会「からふらっと」: 陶芸 (第1・第3火曜), ゲーム部 (毎週金曜), 地域のごみ拾い (第2・第4土曜),
  農園 (毎週木曜, also on holidays: the vegetables do not wait);
- 日野市: ひきこもり家族会 (第3日曜, run by the association: the demo-publicity account),
  居場所 (第1・第3金曜) and ひきこもりセミナー (one-off sessions, 市と家族会の共催);
- 八王子市: 地域共生社会 市民フォーラム (年2回, one-off) and ひきこもり支援部会 (3か月ごと, unpublished);
- 大島町: 若者自立サポートステーション「ロケット」(毎週水曜, おおむね18〜49歳).

Natural keys: (municipality, slug) for programmes, (programme, label) for schedules,
(programme, starts_at) for one-off sessions, (schedule, occurrence_date) for sessions. A second
load on the same day creates nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tsunagu.programmes.models import (
    Audience,
    Frequency,
    Kind,
    Programme,
    Schedule,
    ScheduleException,
    Session,
)
from tsunagu.programmes.schedules import HORIZON_DAYS, local_datetime, materialise
from tsunagu.tenancy.models import Municipality, Organization, Window

from .data import HACHIOJI, HINO, KUNITACHI, MACHIDA, OSHIMA

if TYPE_CHECKING:
    from .loader import LoadReport

PAST_DAYS = 56  # sessions already held, so attendance and statistics have something to show
T = datetime.time


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
class ProgrammeSpec:
    municipality: str
    slug: str
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
    contact: str = ""
    skip_holidays: bool = True
    is_published: bool = True
    rules: tuple[RuleSpec, ...] = ()
    extras: tuple[ExtraSpec, ...] = field(default_factory=tuple)


W, M, MD = Frequency.WEEKLY, Frequency.MONTHLY_NTH, Frequency.MONTHLY_DAY
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
SAMPLE_PLACE = "（会場はデモ用の架空の名称です）"
STEP_FREE = "会場はエレベーターがあり、車いすで入れます。多目的トイレがあります。"

PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    # 町田市 -----------------------------------------------------------------------------------
    ProgrammeSpec(
        MACHIDA,
        "manbo",
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
        contact="町田市保健所 保健予防課",
        rules=(RuleSpec("毎週水曜", W, (WED,), T(13, 30), T(15, 30)),),
    ),
    ProgrammeSpec(
        MACHIDA,
        "family-group",
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
        contact="町田市保健所 保健予防課",
        rules=(RuleSpec("毎月第3木曜", M, (THU,), T(14, 0), T(16, 0), week_numbers=(3,)),),
    ),
    # 国立市 -----------------------------------------------------------------------------------
    ProgrammeSpec(
        KUNITACHI,
        "kokokara-teireikai",
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
        contact="国立市社会福祉協議会",
        rules=(RuleSpec("毎月第2土曜", M, (SAT,), T(14, 0), T(16, 30), week_numbers=(2,)),),
    ),
    ProgrammeSpec(
        KUNITACHI,
        "kokokara-ibasho",
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
        contact="国立市社会福祉協議会",
        rules=(RuleSpec("毎月第4水曜", M, (WED,), T(13, 30), T(15, 30), week_numbers=(4,)),),
    ),
    ProgrammeSpec(
        KUNITACHI,
        "karafurat-pottery",
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
        contact="国立市社会福祉協議会",
        rules=(RuleSpec("毎月第1・第3火曜", M, (TUE,), T(13, 0), T(16, 0), week_numbers=(1, 3)),),
    ),
    ProgrammeSpec(
        KUNITACHI,
        "karafurat-game",
        "からふらっと ゲーム部",
        Kind.PEER_ASSOCIATION,
        Audience.PERSON,
        organization="karafurat",
        description="ボードゲームやテレビゲームで一緒に遊びます。",
        easy_summary="いっしょに ゲームを して あそびます。",
        activities=("ボードゲーム", "テレビゲーム"),
        requires_enrolment=False,
        place="国立市福祉会館 " + SAMPLE_PLACE,
        accessibility=STEP_FREE,
        how_to_join="申し込みはいりません。途中からの参加・退出も自由です。",
        visit_info="見ているだけの参加もできます。",
        contact="国立市社会福祉協議会",
        rules=(RuleSpec("毎週金曜", W, (FRI,), T(14, 0), T(17, 0)),),
    ),
    ProgrammeSpec(
        KUNITACHI,
        "karafurat-gomihiroi",
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
        contact="国立市社会福祉協議会",
        rules=(RuleSpec("毎月第2・第4土曜", M, (SAT,), T(10, 0), T(11, 30), week_numbers=(2, 4)),),
    ),
    ProgrammeSpec(
        KUNITACHI,
        "karafurat-farm",
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
        contact="国立市社会福祉協議会",
        skip_holidays=False,
        rules=(RuleSpec("毎週木曜", W, (THU,), T(9, 30), T(12, 0)),),
    ),
    # 日野市 -----------------------------------------------------------------------------------
    ProgrammeSpec(
        HINO,
        "kazokukai",
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
        contact="日野市ひきこもり家族会",
        rules=(RuleSpec("毎月第3日曜", M, (SUN,), T(13, 30), T(16, 0), week_numbers=(3,)),),
    ),
    ProgrammeSpec(
        HINO,
        "ibasho",
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
        contact="日野市セーフティネットコールセンター",
        rules=(RuleSpec("毎月第1・第3金曜", M, (FRI,), T(13, 0), T(16, 0), week_numbers=(1, 3)),),
    ),
    ProgrammeSpec(
        HINO,
        "seminar",
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
        contact="日野市セーフティネットコールセンター",
        extras=(
            ExtraSpec(-21, T(14, 0), T(16, 0), "ひきこもりの理解と家族の関わり方"),
            ExtraSpec(24, T(14, 0), T(16, 0), "当事者の経験談を聴く"),
            ExtraSpec(80, T(14, 0), T(16, 0), "8050問題と親亡き後の備え"),
        ),
    ),
    # 八王子市 ---------------------------------------------------------------------------------
    ProgrammeSpec(
        HACHIOJI,
        "forum",
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
        contact="八王子市 福祉政策課",
        extras=(
            ExtraSpec(45, T(13, 30), T(16, 0), "第1回 ひきこもりと地域"),
            ExtraSpec(150, T(13, 30), T(16, 0), "第2回 8050問題を考える"),
        ),
    ),
    ProgrammeSpec(
        HACHIOJI,
        "bukai",
        "ひきこもり支援部会",
        Kind.COUNCIL,
        Audience.ANYONE,
        organization="hikikomori-bukai",
        description="家族会、支援機関、庁内部署が一堂に会して相互連携を深め、市のひきこもり"
        "支援の在り方について検討します（構成員のみ）。",
        requires_enrolment=False,
        place="八王子市役所 会議室",
        is_published=False,
        rules=(RuleSpec("3か月ごと第2火曜", M, (TUE,), T(10, 0), T(12, 0), (2,), interval=3),),
    ),
    # 大島町 -----------------------------------------------------------------------------------
    ProgrammeSpec(
        OSHIMA,
        "rocket",
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
        contact="若者自立サポートステーション「ロケット」",
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


def _sync(report: LoadReport, model: Any, obj: Any, values: dict[str, Any]) -> Any:
    from .loader import CREATED, UNCHANGED, UPDATED

    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        report.add(model, CREATED)
        return obj
    changed = [n for n, v in values.items() if getattr(obj, n) != v]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    report.add(model, UPDATED if changed else UNCHANGED)
    return obj


def _programme(report: LoadReport, m: Municipality, spec: ProgrammeSpec) -> Programme:
    window = Window.objects.get(municipality=m, slug=spec.window) if spec.window else None
    org = (
        Organization.objects.get(municipality=m, slug=spec.organization)
        if spec.organization
        else None
    )
    programme = Programme.objects.filter(municipality=m, slug=spec.slug).first()
    programme = programme or Programme(municipality=m, slug=spec.slug)
    values = {
        name: getattr(spec, name)
        for name in (
            "name kind audience description easy_summary age_min age_max residents_only "
            "requires_enrolment capacity place accessibility how_to_join visit_info contact "
            "skip_holidays is_published"
        ).split()
    }
    values.update(window=window, organization=org, activities=list(spec.activities))
    return _sync(report, Programme, programme, values)


def _first_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _schedules(report: LoadReport, programme: Programme, spec: ProgrammeSpec, today) -> None:
    starts_on = today - datetime.timedelta(days=PAST_DAYS + 31 * 3)
    for rule in spec.rules:
        schedule = programme.schedules.filter(label=rule.label).first()
        schedule = schedule or Schedule(programme=programme, label=rule.label)
        values = {
            "frequency": rule.frequency,
            "interval": rule.interval,
            "weekdays": list(rule.weekdays),
            "week_numbers": list(rule.week_numbers),
            "start_time": rule.start,
            "end_time": rule.end,
            "place": rule.place,
        }
        if schedule.pk is None:
            values["starts_on"] = starts_on.replace(day=1)
        _sync(report, Schedule, schedule, values)


def _exceptions(report: LoadReport, municipalities: dict[str, Municipality], today) -> None:
    for code, slug, label, weeks, reason in EXCEPTIONS:
        schedule = Schedule.objects.select_related("programme").get(
            programme__municipality=municipalities[code], programme__slug=slug, label=label
        )
        weekday = schedule.weekdays[0]
        day = _first_on_or_after(today + datetime.timedelta(weeks=weeks), weekday)
        row = ScheduleException.objects.filter(schedule=schedule, date=day).first()
        _sync(
            report,
            ScheduleException,
            row or ScheduleException(schedule=schedule, date=day),
            {"reason": reason},
        )


def _extra_day(today: datetime.date, days_ahead: int) -> datetime.date:
    """The first Saturday from today + days_ahead that is no holiday and not 年末年始."""
    from tsunagu.jp.calendar import is_public_holiday, is_year_end_closure

    day = _first_on_or_after(today + datetime.timedelta(days=days_ahead), SAT)
    while is_public_holiday(day) or is_year_end_closure(day):
        day += datetime.timedelta(weeks=1)
    return day


def _extras(report: LoadReport, programme: Programme, spec: ProgrammeSpec, today) -> None:
    for extra in spec.extras:
        day = _extra_day(today, extra.days_ahead)
        starts = local_datetime(day, extra.start)
        session = Session.objects.filter(programme=programme, starts_at=starts).first()
        session = session or Session(
            programme=programme, municipality_id=programme.municipality_id, starts_at=starts
        )
        values = {
            "occurrence_date": day,
            "ends_at": local_datetime(day, extra.end),
            "is_extra": True,
            "title": extra.title,
            "place": extra.place or programme.place,
        }
        _sync(report, Session, session, values)


def _materialise(report: LoadReport, programme: Programme, today: datetime.date) -> None:
    from .loader import CREATED

    start = today - datetime.timedelta(days=PAST_DAYS)
    end = today + datetime.timedelta(days=HORIZON_DAYS)
    for schedule in programme.schedules.select_related("programme").prefetch_related("exceptions"):
        # "now" is the start of the load day, so the day's own sessions count as upcoming
        now = local_datetime(today, datetime.time.min)
        result = materialise(schedule, start, end, now=now)
        for _session in result.created:
            report.add(Session, CREATED)


def _cancellations(municipalities: dict[str, Municipality], today: datetime.date) -> None:
    from tsunagu.programmes.schedules import cancel

    for code, slug, reason in CANCELLED:
        upcoming = Session.objects.filter(
            programme__municipality=municipalities[code],
            programme__slug=slug,
            occurrence_date__gt=today,
        ).order_by("starts_at")
        first = upcoming.first()
        if first is not None and not first.is_cancelled:
            cancel(first, reason)


def load_programmes(
    report: LoadReport, municipalities: dict[str, Municipality], today: datetime.date
) -> dict[tuple[str, str], Programme]:
    """Create or update the demo programmes, their rules and their sessions."""
    programmes = {}
    for spec in PROGRAMMES:
        m = municipalities[spec.municipality]
        programme = _programme(report, m, spec)
        _schedules(report, programme, spec, today)
        _extras(report, programme, spec, today)
        programmes[(spec.municipality, spec.slug)] = programme
    _exceptions(report, municipalities, today)
    for programme in programmes.values():
        _materialise(report, programme, today)
    _cancellations(municipalities, today)
    return programmes
