"""Demo announcements (issue 12): two or three per municipality, published through the same
service as the staff page (publicity.services.publish), so each has its deliveries: the website
with its Atom feed, the signage screen and the flyer are sent by the worker `tsunagu demo`
starts; LINE and X have no accounts in the demo and stay 未設定, their pages showing the exact
message JSON and X text. One announcement per municipality is about the next session of one of
its programmes, and 日野's family-association notice (by the association's 団体・広報担当) has an
image with its alternative text. Flyer placements: a few per municipality, one due soon.

Natural keys: (municipality, title) for announcements, (municipality, place name) for
placements. A second load creates nothing and publishes nothing again.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tsunagu.programmes.models import Audience, Programme, SessionStatus
from tsunagu.programmes.schedules import local_datetime
from tsunagu.publicity import services
from tsunagu.publicity.models import Announcement, FlyerPlacement, PlaceKind, Status
from tsunagu.tenancy.models import Municipality, Window

from .data import HACHIOJI, HINO, KUNITACHI, MACHIDA, OSHIMA

if TYPE_CHECKING:
    from .loader import LoadReport


@dataclass(frozen=True)
class AnnouncementSpec:
    municipality: str
    title: str
    body: str
    easy_summary: str
    audience: str = Audience.ANYONE
    programme: str = ""  # slug: about its next session, announced by its runner
    days_ago: int = 3
    image_alt: str = ""


ANNOUNCEMENTS = (
    AnnouncementSpec(
        HINO,
        "ひきこもり家族会 次回の定例会のご案内",
        "ひきこもりの状態にあるご家族を持つ方の集まりです。はじめての方も、話を聞くだけでも"
        "かまいません。申込みは不要です。",
        "ひきこもり の かぞく の あつまり です。はじめて でも だいじょうぶ です。",
        Audience.FAMILY,
        programme="kazokukai",
        image_alt="家族会の会場の入口。「ひきこもり家族会」の案内板が立っている。",
    ),
    AnnouncementSpec(
        HINO,
        "年末年始の相談窓口のお休み",
        "12月29日から1月3日まで、ひきこもり相談窓口はお休みです。急ぎのときは、東京都の"
        "相談窓口をご利用ください。",
        "12がつ29にち から 1がつ3にち まで、そうだん は おやすみ です。",
        days_ago=1,
    ),
    AnnouncementSpec(
        HINO,
        "ひきこもりセミナーを開きます",
        "ひきこもりの理解と家族の関わり方について、専門家が話します。どなたでも参加できます。",
        "ひきこもり の おはなし の かい が あります。だれでも きけます。",
        programme="seminar",
        days_ago=5,
    ),
    AnnouncementSpec(
        MACHIDA,
        "当事者グループワーク「マンボウ」見学できます",
        "毎週水曜日のグループワークは、見学や体験ができます。保健所までお電話ください。",
        "すいようび の あつまり を みに こられます。でんわ で きいて ください。",
        Audience.PERSON,
        programme="manbo",
    ),
    AnnouncementSpec(
        MACHIDA,
        "家族向けグループワークの参加者を募集しています",
        "ご家族同士で話し合い、対応のヒントを得る場です。事前にお申し込みください。",
        "かぞく が はなしあう ばしょ です。さきに もうしこんで ください。",
        Audience.FAMILY,
        programme="family-group",
        days_ago=6,
    ),
    AnnouncementSpec(
        KUNITACHI,
        "家族会「ここから」定例会のお知らせ",
        "毎月第2土曜日に定例会を開いています。ご家族の方はどなたでもお越しください。",
        "まいつき だい2 どようび に かぞく の あつまり が あります。",
        Audience.FAMILY,
        programme="kokokara-teireikai",
    ),
    AnnouncementSpec(
        KUNITACHI,
        "からふらっと 農園で野菜を育てています",
        "当事者会からふらっとの農園活動は毎週木曜日です。見学だけでも歓迎します。",
        "もくようび に はたけ で やさい を そだてて います。みるだけ でも いい です。",
        Audience.PERSON,
        programme="karafurat-farm",
        days_ago=2,
    ),
    AnnouncementSpec(
        HACHIOJI,
        "地域共生社会 市民フォーラムを開催します",
        "ひきこもり支援と地域のつながりをテーマにしたフォーラムです。どなたでも参加できます。",
        "ちいき の つながり の おはなし の かい です。だれでも きけます。",
        programme="forum",
    ),
    AnnouncementSpec(
        HACHIOJI,
        "ひきこもり相談窓口のご案内",
        "ご本人もご家族も、まずはお電話ください。秘密は守ります。",
        "ほんにん も かぞく も、まず でんわ して ください。ひみつ は まもります。",
        days_ago=10,
    ),
    AnnouncementSpec(
        OSHIMA,
        "若者自立サポートステーション「ロケット」のご案内",
        "働くことに悩む、おおむね18〜49歳の方の相談を受けています。毎週水曜日に開いています。",
        "はたらく こと の そうだん が できます。すいようび に あいて います。",
        Audience.PERSON,
        programme="rocket",
    ),
    AnnouncementSpec(
        OSHIMA,
        "島の相談会（出張）を開きます",
        "保健師が島内を回って相談会を開きます。日程は町の広報をご覧ください。",
        "ほけんし が そうだん を ききに きます。",
        days_ago=4,
    ),
)

PLACEMENTS = (
    (HINO, PlaceKind.LIBRARY, "日野市立中央図書館", 40, 14, 3),
    (HINO, PlaceKind.SUPERMARKET, "スーパー 高幡店 掲示板", 20, 20, -2),
    (HINO, PlaceKind.COMMUNITY_BUS, "ミニバス 日野駅ルート 車内ポスター", 6, 30, 60),
    (HINO, PlaceKind.MENTAL_HEALTH_CENTRE, "多摩総合精神保健福祉センター", 30, 10, 20),
    (MACHIDA, PlaceKind.HOSPITAL, "町田市民病院 外来待合", 30, 7, 23),
    (KUNITACHI, PlaceKind.LIBRARY, "くにたち中央図書館", 25, 12, 5),
    (HACHIOJI, PlaceKind.SCHOOL, "市立中学校（スクールカウンセラー室）", 15, 20, 40),
    (OSHIMA, PlaceKind.OTHER, "元町港 船客待合所", 20, 5, 25),
)


def demo_image() -> bytes:
    """A small PNG (the family-association notice's picture), the same bytes on every load."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 270), (232, 240, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 60, 330, 210), outline=(11, 31, 58), width=6)
    draw.rectangle((225, 130, 255, 210), fill=(11, 31, 58))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _author(municipality: Municipality, programme: Programme | None) -> dict:
    if programme is not None:
        return {"window": programme.window, "organization": programme.organization}
    window = Window.objects.filter(municipality=municipality).order_by("slug").first()
    return {"window": window, "organization": None}


def _next_session(programme: Programme | None, today: datetime.date):
    if programme is None:
        return None
    return (
        programme.sessions.filter(
            starts_at__gte=local_datetime(today, datetime.time(0)),
            status=SessionStatus.SCHEDULED,
        )
        .order_by("starts_at")
        .first()
    )


def load_publicity(
    report: LoadReport, municipalities: dict[str, Municipality], today: datetime.date
) -> None:
    from .loader import CREATED, UNCHANGED

    for spec in ANNOUNCEMENTS:
        municipality = municipalities[spec.municipality]
        if Announcement.objects.filter(municipality=municipality, title=spec.title).exists():
            report.add(Announcement, UNCHANGED)
            continue
        programme = (
            Programme.objects.filter(municipality=municipality, slug=spec.programme).first()
            if spec.programme
            else None
        )
        session = _next_session(programme, today)
        start = local_datetime(today - datetime.timedelta(days=spec.days_ago), datetime.time(9))
        announcement = Announcement(municipality=municipality, **_author(municipality, programme))
        draft = services.Draft(
            title=spec.title,
            body=spec.body,
            easy_summary=spec.easy_summary,
            audience=spec.audience,
            publish_from=start,
            expire_at=session.ends_at if session else None,
            programme=programme,
            session=session,
            image=demo_image() if spec.image_alt else None,
            image_alt=spec.image_alt,
        )
        services.save_draft(announcement, draft, None)
        services.publish(announcement)
        report.add(Announcement, CREATED)
    for code, kind, name, count, placed_days_ago, replenish_in in PLACEMENTS:
        municipality = municipalities[code]
        if FlyerPlacement.objects.filter(municipality=municipality, place_name=name).exists():
            report.add(FlyerPlacement, UNCHANGED)
            continue
        FlyerPlacement.objects.create(
            municipality=municipality,
            announcement=Announcement.objects.filter(
                municipality=municipality, status=Status.PUBLISHED
            ).first(),
            place_kind=kind,
            place_name=name,
            count=count,
            placed_on=today - datetime.timedelta(days=placed_days_ago),
            replenish_on=today + datetime.timedelta(days=replenish_in),
        )
        report.add(FlyerPlacement, CREATED)
