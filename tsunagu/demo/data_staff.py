"""Demo staff accounts: one per role, mostly in 日野市 so its handoff model shows.

日野市 takes every first consultation at the セーフティネットコールセンター (受付担当・相談員) and
hands the casework to counsellors of a contracted organisation (委託相談員), who see only the
cases handed to them. Every account is `is_demo=True`, shares DEMO_PASSWORD and has an
obviously fictional name.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsunagu.accounts.roles import Role

from .data import HACHIOJI, HINO, KUNITACHI, MACHIDA, MUNICIPALITIES, OSHIMA

DEMO_PASSWORD = "tsunagu-demo-2026"  # noqa: S105 (printed on the console on purpose)


@dataclass(frozen=True)
class MembershipSpec:
    role: str
    municipality: str  # municipality code
    window: str | None = None  # window slug in that municipality
    organization: str | None = None  # organization slug in that municipality


@dataclass(frozen=True)
class StaffSpec:
    username: str
    display_name: str
    display_name_kana: str
    memberships: tuple[MembershipSpec, ...]


def _one(role: str, code: str = HINO, window: str | None = None, org: str | None = None):
    return (MembershipSpec(role, code, window, org),)


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec(
        "demo-reception",
        "デモ 受付 花子",
        "デモ ウケツケ ハナコ",
        _one(Role.RECEPTION, window="safety-net"),
    ),
    StaffSpec(
        "demo-counsellor",
        "デモ 相談 太郎",
        "デモ ソウダン タロウ",
        _one(Role.COUNSELLOR, window="safety-net"),
    ),
    StaffSpec(
        "demo-contracted",
        "デモ 委託 さくら",
        "デモ イタク サクラ",
        _one(Role.CONTRACTED_COUNSELLOR, org="contractor"),
    ),
    StaffSpec("demo-supervisor", "デモ 統括 健一", "デモ トウカツ ケンイチ", _one(Role.SUPERVISOR)),
    StaffSpec(
        "demo-agency", "デモ 連携 由美", "デモ レンケイ ユミ", _one(Role.AGENCY_STAFF, org="agency")
    ),
    StaffSpec(
        "demo-commissioner",
        "デモ 民生 和夫",
        "デモ ミンセイ カズオ",
        _one(Role.WELFARE_COMMISSIONER),
    ),
    StaffSpec(
        "demo-publicity",
        "デモ 広報 あおい",
        "デモ コウホウ アオイ",
        _one(Role.PUBLICITY, org="family-association"),
    ),
    # The prefecture's analyst sees the aggregates of every demo municipality.
    StaffSpec(
        "demo-analyst",
        "デモ 分析 誠",
        "デモ ブンセキ マコト",
        tuple(MembershipSpec(Role.PREFECTURE_ANALYST, m.code) for m in MUNICIPALITIES),
    ),
    StaffSpec(
        "demo-muni-admin", "デモ 管理 京子", "デモ カンリ キョウコ", _one(Role.MUNICIPALITY_ADMIN)
    ),
    StaffSpec("demo-sysadmin", "デモ システム 翔", "デモ システム ショウ", _one(Role.SYSTEM_ADMIN)),
    # A few staff elsewhere, so the municipality wall shows.
    StaffSpec(
        "demo-hachioji-counsellor",
        "デモ 八王子 大輔",
        "デモ ハチオウジ ダイスケ",
        _one(Role.COUNSELLOR, HACHIOJI, window="hachimaru-motohachioji"),
    ),
    StaffSpec(
        "demo-machida-counsellor",
        "デモ 町田 優子",
        "デモ マチダ ユウコ",
        _one(Role.COUNSELLOR, MACHIDA, window="hokenjo"),
    ),
    StaffSpec(
        "demo-kunitachi-reception",
        "デモ 国立 直樹",
        "デモ クニタチ ナオキ",
        _one(Role.RECEPTION, KUNITACHI, window="fukufuku"),
    ),
    StaffSpec(
        "demo-oshima-counsellor",
        "デモ 大島 美咲",
        "デモ オオシマ ミサキ",
        _one(Role.COUNSELLOR, OSHIMA, window="rocket"),
    ),
)
