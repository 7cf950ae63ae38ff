"""Demo persons and cases: clearly fictional, in 日野市 (and one in 八王子市).

They show the 日野市 flow: the セーフティネットコールセンター takes the first consultation and one
case is handed to the contracted counsellor (accepted); data_teamwork.py adds a consent, a
referral to a partner agency and a 支援会議. Names are words meaning "sample" (見本, 例題, 架空, 例示); every note and summary
starts with DEMO_MARK.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tsunagu.people.models import Case, CaseAccess

from .data import HACHIOJI, HINO

DEMO_MARK = "（デモ用の架空データ）"


@dataclass(frozen=True)
class AccessSpec:
    kind: str
    status: str
    reason: str
    user: str | None = None  # username
    organization: str | None = None  # organization slug


@dataclass(frozen=True)
class CaseSpec:
    municipality: str
    window: str  # window slug
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: datetime.date
    notes: str
    status: str
    summary: str
    opened_on: datetime.date
    created_by: str  # username
    lead_worker: str | None = None  # username
    nickname: str = ""
    phone: str = ""
    address: str = ""
    accesses: tuple[AccessSpec, ...] = ()


CASES: tuple[CaseSpec, ...] = (
    CaseSpec(
        HINO,
        "safety-net",
        "見本",
        "太郎",
        "ミホン",
        "タロウ",
        datetime.date(1992, 6, 15),
        notes=DEMO_MARK + "母親から電話で相談。本人には相談したことをまだ伝えていない。"
        "連絡は母親の携帯電話へ、機関名を名乗らずに。",
        status=Case.Status.SUPPORT,
        summary=DEMO_MARK
        + "大学中退後、おおむね8年間自宅中心の生活。母親が「ひきこもり相談受付票」"
        "に沿って状況を話した。委託先の専門相談員に引き継ぎ、家族面談から始める。",
        opened_on=datetime.date(2026, 9, 8),
        created_by="demo-reception",
        lead_worker="demo-counsellor",
        phone="+81421000399",
        address="東京都日野市（デモ用の架空住所）",
        accesses=(
            AccessSpec(
                CaseAccess.Kind.HANDOFF,
                CaseAccess.Status.ACCEPTED,
                DEMO_MARK + "専門相談員による継続的な家族面談のため引き継ぎます。",
                user="demo-contracted",
            ),
        ),
    ),
    CaseSpec(
        HINO,
        "safety-net",
        "例題",
        "花子",
        "レイダイ",
        "ハナコ",
        datetime.date(1978, 11, 3),
        notes=DEMO_MARK + "同居の父（80代）の介護と家計の相談が重なっている。",
        status=Case.Status.ASSESSMENT,
        summary=DEMO_MARK + "本人が来所。父の通院付き添い以外はほとんど外出していない。"
        "生活費と父の介護について複合的な課題があり、関係機関へおつなぎした。",
        opened_on=datetime.date(2026, 10, 14),
        created_by="demo-reception",
        lead_worker="demo-counsellor",
        address="東京都日野市（デモ用の架空住所）",
        # her consent and おつなぎ to the partner agency: data_teamwork.py
    ),
    CaseSpec(
        HINO,
        "safety-net",
        "架空",
        "一郎",
        "カクウ",
        "イチロウ",
        datetime.date(2001, 2, 20),
        notes=DEMO_MARK + "姉が土曜出張個別相談会で相談。",
        status=Case.Status.RECEIVED,
        summary=DEMO_MARK + "高校卒業後、外出は深夜のコンビニ程度。姉は本人に知られずに"
        "相談したいと希望している。",
        opened_on=datetime.date(2026, 11, 14),
        created_by="demo-reception",
    ),
    CaseSpec(
        HACHIOJI,
        "hachimaru-motohachioji",
        "例示",
        "次郎",
        "レイジ",
        "ジロウ",
        datetime.date(1985, 4, 1),
        notes=DEMO_MARK + "民生委員からの情報で訪問を開始した。",
        status=Case.Status.WATCHING,
        summary=DEMO_MARK + "コミュニティソーシャルワーカーが月1回訪問（アウトリーチ）し、"
        "玄関先で短く話せるようになった。",
        opened_on=datetime.date(2026, 7, 1),
        created_by="demo-hachioji-counsellor",
        lead_worker="demo-hachioji-counsellor",
    ),
)
