"""The standard annual report (年度報告): every table of domain notes §2.3 as data."""

from __future__ import annotations

from tsunagu.contacts.models import Channel, Reached
from tsunagu.intake import default_codes
from tsunagu.meetings.models import MeetingKind
from tsunagu.people.models import ClosureReason
from tsunagu.programmes.models import Kind as ProgrammeKind
from tsunagu.referrals.models import Status as ReferralStatus

from .categories import HAKUSHO_DESTINATIONS
from .definitions import Category, Dimension, Measure, ReportDefinition, Table, register

UNKNOWN = Category("unknown", "不明", rest=True)


def from_codes(codes: list[dict[str, str]]) -> tuple[Category, ...]:
    """Categories from an intake code list; its 不明 takes everything unmatched."""
    out = [Category(c["code"], c["label"]) for c in codes if c["code"] != "unknown"]
    return (*out, UNKNOWN)


DIMENSIONS = {
    d.key: d
    for d in (
        Dimension(
            "newness",
            "新規・継続",
            "is_new",
            (Category("new", "新規", values=(1,)), Category("continuing", "継続", rest=True)),
        ),
        Dimension(
            "sex",
            "性別",
            "sex",
            (
                Category("male", "男"),
                Category("female", "女"),
                Category("other", "その他"),
                UNKNOWN,
            ),
        ),
        Dimension(
            "age",
            "年齢（期間内の最初の支援記録の時点）",
            "age_band",
            (
                Category("u19", "〜19歳"),
                Category("20s", "20〜29歳"),
                Category("30s", "30〜39歳"),
                Category("40s", "40〜49歳"),
                Category("50s", "50〜59歳"),
                Category("60_64", "60〜64歳"),
                Category("65p", "65歳〜"),
                UNKNOWN,
            ),
        ),
        Dimension(
            "consulter",
            "相談者（本人との関係）",
            "intake:consulter_relation",
            (
                Category("self", "本人"),
                Category("mother", "母"),
                Category("father", "父"),
                Category("sibling", "きょうだい"),
                Category("spouse", "配偶者"),
                Category("relative", "その他親族", values=("child", "grandparent", "relative")),
                Category("agency", "関係機関"),
                Category("commissioner", "民生委員"),
                Category("other", "その他", values=("neighbour", "other")),
                UNKNOWN,
            ),
        ),
        Dimension(
            "duration", "ひきこもりの期間", "answer:duration", from_codes(default_codes.DURATION)
        ),
        Dimension("outing", "外出状況", "answer:outing", from_codes(default_codes.OUTING)),
        Dimension(
            "triggers",
            "きっかけ（複数回答）",
            "answer:triggers",
            from_codes(default_codes.TRIGGERS),
            multi=True,
        ),
        Dimension(
            "route",
            "相談経路（複数回答）",
            "answer:route",
            from_codes(default_codes.ROUTE),
            multi=True,
        ),
        Dimension(
            "channel",
            "相談方法",
            "channel",
            tuple(Category(value, str(label)) for value, label in Channel.choices),
        ),
        Dimension(
            "outreach",
            "訪問（アウトリーチ）の結果",
            "reached",
            (
                Category("met", "本人に会えた", values=(Reached.PERSON, Reached.PERSON_AND_FAMILY)),
                Category("family", "家族のみ", values=(Reached.FAMILY,)),
                Category("absent", "不在・応答なし", values=(Reached.ABSENT, Reached.NO_ANSWER)),
                Category("letter", "手紙・メモを置いた", values=(Reached.LETTER_LEFT,)),
                Category("other", "その他", rest=True),
            ),
            only=(("channel", (Channel.VISIT,)),),
        ),
        Dimension(
            "destination",
            "おつなぎ先（厚生労働白書の区分）",
            "category",
            (
                *(Category(code, label) for code, label in HAKUSHO_DESTINATIONS[:-1]),
                Category("other", "その他", rest=True),
            ),
        ),
        Dimension(
            "closure",
            "終結理由",
            "closure_reason",
            (
                *(
                    Category(value, str(label))
                    for value, label in ClosureReason.choices
                    if value != ClosureReason.UNKNOWN
                ),
                UNKNOWN,
            ),
        ),
        Dimension(
            "programme_kind",
            "プログラムの種類",
            "kind",
            tuple(Category(value, str(label)) for value, label in ProgrammeKind.choices),
        ),
        Dimension(
            "meeting_kind",
            "会議の種類",
            "kind",
            tuple(Category(value, str(label)) for value, label in MeetingKind.choices),
        ),
    )
}

ANSWERED = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED)

MEASURES = {
    m.key: m
    for m in (
        Measure("persons", "実人数", "persons"),
        Measure("new", "新規", "persons", where=(("is_new", (1,)),)),
        Measure("continuing", "継続", "persons", minus=("persons", "new")),
        Measure(
            "family_only",
            "うち本人と会えていない（家族等のみ）",
            "persons",
            where=(("reached_person", (0,)),),
            note="期間内の支援記録の相手がすべて本人以外（家族・関係機関など）の人数",
        ),
        Measure("contacts", "延べ件数", "contacts"),
        Measure("referrals", "おつなぎ件数", "referrals"),
        Measure("ref_accepted", "受理", "referrals", where=(("status", ANSWERED),)),
        Measure(
            "ref_refused", "不受理", "referrals", where=(("status", (ReferralStatus.REFUSED,)),)
        ),
        Measure(
            "ref_waiting", "回答待ち", "referrals", where=(("status", (ReferralStatus.SENT,)),)
        ),
        Measure(
            "ref_cancelled", "取消", "referrals", where=(("status", (ReferralStatus.CANCELLED,)),)
        ),
        Measure("closed_cases", "終結したケース", "closures"),
        Measure("meetings_held", "開催回数", "meetings"),
        Measure("meeting_cases", "検討したケース（延べ）", "meeting_items"),
        Measure("sessions_held", "開催回数", "sessions"),
        Measure("participants", "実参加者数", "participants"),
        Measure(
            "member_attendances", "出席（登録者）", "attendances", where=(("a_kind", ("member",)),)
        ),
        Measure(
            "unnamed_attendances", "参加者数（名前なし）", "sessions", sum_column="anonymous_count"
        ),
        Measure(
            "attendances",
            "延べ参加者数",
            "attendances",
            plus=("member_attendances", "unnamed_attendances"),
        ),
        Measure(
            "visitor_rows", "見学・体験（記録）", "attendances", where=(("a_kind", ("visitor",)),)
        ),
        Measure("visitor_heads", "見学・体験（人数）", "sessions", sum_column="visitor_count"),
        Measure(
            "visitors",
            "見学・体験（参加者に数えない）",
            "attendances",
            plus=("visitor_rows", "visitor_heads"),
        ),
    )
}

PERSON_MEASURES = ("persons", "new", "continuing")

TABLES: tuple[Table, ...] = (
    Table(
        "summary",
        "相談実人数・延べ件数",
        ("persons", "new", "continuing", "family_only", "contacts"),
        chart="",
        note="実人数は期間内に1件以上の支援記録がある本人の数。新規は期間内に受付（ケースの受付日）があった人。",
        prefecture_measure="persons",
        prefecture_dimension="newness",
    ),
    Table(
        "monthly",
        "月別の実人数・延べ件数",
        ("persons", "new", "continuing", "contacts"),
        monthly=True,
        chart="line",
        note="月の実人数はその月に支援記録がある人。合計欄の実人数は期間全体の実人数（月の和ではありません）。",
        prefecture_measure="contacts",
    ),
    Table(
        "channel_monthly",
        "相談方法別の延べ件数（月別）",
        ("contacts",),
        dimension="channel",
        monthly=True,
        chart="",
    ),
    Table(
        "channel",
        "相談方法別の実人数・延べ件数",
        ("contacts", "persons"),
        dimension="channel",
        note="実人数はその方法の支援記録がある人の数（一人が複数の方法に数えられます）。",
    ),
    Table(
        "consulter",
        "相談者（本人との関係）",
        PERSON_MEASURES,
        dimension="consulter",
        note="本人の最新の相談受付票による。",
    ),
    Table(
        "age",
        "本人の年齢",
        PERSON_MEASURES,
        dimension="age",
        note="期間内の最初の支援記録の時点の年齢。",
    ),
    Table("sex", "本人の性別", PERSON_MEASURES, dimension="sex"),
    Table(
        "duration",
        "ひきこもりの期間",
        PERSON_MEASURES,
        dimension="duration",
        note="本人の最新の相談受付票による。",
    ),
    Table("outing", "外出状況", PERSON_MEASURES, dimension="outing"),
    Table("triggers", "きっかけ（複数回答）", ("persons",), dimension="triggers"),
    Table("route", "相談経路（複数回答）", ("persons",), dimension="route"),
    Table(
        "referrals",
        "おつなぎ先（厚生労働白書 図表2-2-3の区分）",
        ("referrals", "ref_accepted", "ref_refused", "ref_waiting", "ref_cancelled"),
        dimension="destination",
        note="期間内に送付したおつなぎ。状態は集計した時点のもの。",
    ),
    Table(
        "closures",
        "終結理由",
        ("closed_cases",),
        dimension="closure",
        note="期間内に終結したケース。",
    ),
    Table("outreach", "訪問（アウトリーチ）の結果", ("contacts", "persons"), dimension="outreach"),
    Table(
        "programmes",
        "プログラム（居場所・グループ等）の開催",
        ("sessions_held", "participants", "attendances", "visitors"),
        dimension="programme_kind",
        note="開催回数は中止を除き、期間内にすでに始まった回。延べ参加者数は出席した登録者と"
        "名前なしの参加者数の合計。見学・体験は参加者に数えません。",
    ),
    Table("meetings", "会議の開催", ("meetings_held", "meeting_cases"), dimension="meeting_kind"),
)

STANDARD = register(
    ReportDefinition(
        key="annual",
        title="ひきこもり支援 年度報告",
        description="相談の実人数（新規・継続）と延べ件数、方法・相談者・年齢・性別・期間・相談経路、"
        "おつなぎ先、終結理由、訪問の結果、会議の開催。",
        tables=TABLES,
        dimensions=DIMENSIONS,
        measures=MEASURES,
    )
)
