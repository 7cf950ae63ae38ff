"""Demo resource directory (issue 10): the five municipalities' social resources by field, in
the manner of 町田市ひきこもり者支援イメージ図 (保健医療, 福祉・居場所, 就労, 教育, plus 相談窓口 and
家族会・当事者会).

What the seed says is kept as it says it (町田's グループワーク「マンボウ」 and the family group,
国立's 「ここから」 and 「からふらっと」, 日野's 家族会, 大島's 「ロケット」); public bodies are named as
public bodies (ハローワーク, 教育センター, 精神保健福祉センター); every address, phone number and
schedule is invented and says so. Every public window joins the directory as itself.
Loaded through tsunagu.resources.services; a second load changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from tsunagu.resources.models import Field, Service
from tsunagu.resources.services import (
    PlaceInput,
    add_window,
    install_default_fields,
    save_service,
)
from tsunagu.tenancy.models import Municipality, Organization, Window

from .data import HACHIOJI, HINO, KUNITACHI, MACHIDA, OSHIMA, e164

if TYPE_CHECKING:
    from .loader import LoadReport

SAMPLE = "※所在地・電話番号・日時はデモ用の架空のものです。"


@dataclass(frozen=True)
class ResourceSpec:
    municipality: str
    field: str  # field code
    name: str
    name_kana: str
    description: str
    summary_easy: str = ""
    organization: str = ""  # organization slug in the municipality
    min_age: int | None = None
    max_age: int | None = None
    eligibility: str = ""
    cost: str = "free"
    phone: str = ""  # national format, e.g. 042-100-0211
    schedule: str = ""
    place: PlaceInput | None = None


def _place(address: str, lat: str, lng: str, *, name: str = "", postal: str = "") -> PlaceInput:
    return PlaceInput(
        name=name,
        postal_code=postal,
        address_1=address,
        latitude=Decimal(lat),
        longitude=Decimal(lng),
    )


def _hidden(area: str, lat: str, lng: str) -> PlaceInput:
    """A 居場所 whose exact address is not published: only its area is shown, no pin."""
    return PlaceInput(
        address_1=f"{area}0-0-99",
        area_label=area,
        hide_exact_address=True,
        latitude=Decimal(lat),
        longitude=Decimal(lng),
    )


RESOURCES: tuple[ResourceSpec, ...] = (
    # 町田市 (イメージ図の分野) ------------------------------------------------------------
    ResourceSpec(
        MACHIDA,
        "health",
        "当事者グループワーク「マンボウ」",
        "とうじしゃぐるーぷわーく まんぼう",
        "回復途上にあるひきこもりの状態にある当事者が、安全な環境で他の参加者と交流や活動を"
        "重ね、社会参加の足がかりとする活動を毎週行っています（町田市保健所）。\n" + SAMPLE,
        "ひきこもりの 人が あつまって、いっしょに 活動します。毎週 あります。",
        schedule="毎週木曜 14:00〜16:00",
        phone="042-100-0201",
        place=_place("旭町0-0-1", "35.5486", "139.4466", name="町田市保健所", postal="1940000"),
    ),
    ResourceSpec(
        MACHIDA,
        "health",
        "家族向けグループワーク",
        "かぞくむけぐるーぷわーく",
        "親自身が当事者とのコミュニケーションや対応方法を振り返り、親子関係や夫婦関係の課題に"
        "ついて考え、当事者の回復に向けての気付きを得る場です（町田市保健所）。\n" + SAMPLE,
        "ひきこもりの 人の 家族が あつまって、話しあいます。",
        eligibility="ひきこもりの状態にある方のご家族",
        schedule="毎月第2火曜 14:00〜16:00",
        phone="042-100-0201",
        place=_place("旭町0-0-1", "35.5486", "139.4466", name="町田市保健所", postal="1940000"),
    ),
    ResourceSpec(
        MACHIDA,
        "health",
        "東京都立多摩総合精神保健福祉センター",
        "とうきょうとりつ たまそうごう せいしんほけんふくしせんたー",
        "東京都の精神保健福祉の専門機関です。ひきこもりの本人・家族の相談を受けています。\n"
        + SAMPLE,
        "こころの 健康の 相談が できる 東京都の ところです。",
        phone="042-100-0211",
        schedule="月〜金 9:00〜17:00",
    ),
    ResourceSpec(
        MACHIDA,
        "welfare",
        "町田市 くらしとしごとの相談（生活困窮者自立相談支援）",
        "まちだし くらしとしごとのそうだん",
        "お金や仕事、暮らしのことで困っている方の相談窓口です。\n" + SAMPLE,
        "お金や 仕事の ことで こまったら 相談できます。",
        phone="042-100-0212",
        schedule="月〜金 8:30〜17:00",
        place=_place("森野0-0-2", "35.5470", "139.4390", postal="1940000"),
    ),
    ResourceSpec(
        MACHIDA,
        "welfare",
        "まちだ居場所カフェ（デモ）",
        "まちだいばしょかふぇ",
        "ひきこもりなど生きづらさを抱えた方が自由に過ごせる居場所です。くわしい場所は"
        "問い合わせた方にお伝えしています。\n※デモ用の架空の居場所です。",
        "すきな ときに 来て、すごせる 場所です。",
        min_age=15,
        schedule="毎週土曜 13:00〜17:00",
        phone="042-100-0213",
        place=_hidden("原町田", "35.5440", "139.4460"),
    ),
    ResourceSpec(
        MACHIDA,
        "work",
        "町田地域若者就労支援センター",
        "まちだちいき わかものしゅうろうしえんせんたー",
        "働くことに悩む若者の就労相談・職場体験です。ひきこもりネットワーク会議に参加しています。\n"
        + SAMPLE,
        "はたらくことの 相談が できます。",
        organization="agency",
        min_age=15,
        max_age=49,
        phone="042-100-0221",
        schedule="月〜土 10:00〜18:00",
        place=_place("原町田0-0-3", "35.5420", "139.4500", postal="1940000"),
    ),
    ResourceSpec(
        MACHIDA,
        "work",
        "ハローワーク町田（町田公共職業安定所）",
        "はろーわーくまちだ",
        "国の職業相談・職業紹介の窓口です。\n" + SAMPLE,
        "しごとを さがす 国の 窓口です。",
        phone="042-100-0222",
        schedule="月〜金 8:30〜17:15",
        place=_place("森野0-0-4", "35.5460", "139.4420", postal="1940000"),
    ),
    ResourceSpec(
        MACHIDA,
        "education",
        "町田市教育センター 教育相談",
        "まちだしきょういくせんたー きょういくそうだん",
        "不登校など、子どもの学校生活や教育の相談です。\n" + SAMPLE,
        "学校の ことで こまったら 相談できます。",
        max_age=18,
        phone="042-100-0231",
        schedule="月〜金 9:00〜17:00",
        place=_place("本町田0-0-5", "35.5650", "139.4450", postal="1940000"),
    ),
    ResourceSpec(
        MACHIDA,
        "education",
        "都立高校 チャレンジスクール・通信制の相談会（デモ）",
        "ちゃれんじすくーる そうだんかい",
        "学び直しを考える方への進学相談会です。\n※デモ用の架空の催しです。",
        "もういちど 学びたい 人の ための 相談会です。",
        min_age=15,
        schedule="毎月第1土曜 10:00〜12:00",
        phone="042-100-0232",
    ),
    # 国立市 -------------------------------------------------------------------------------
    ResourceSpec(
        KUNITACHI,
        "family",
        "国立市ひきこもり家族会「ここから」",
        "くにたちし ひきこもりかぞくかい ここから",
        "勉強会の感想や日常の思いを分かち合う「定例会」と、少人数でのんびりお話をする癒しの場"
        "「家族の居場所」を開催しています。参加者は市内在住者に限りません。\n" + SAMPLE,
        "ひきこもりの 人の 家族が 話しあう 会です。国立市に 住んで いなくても 来られます。",
        organization="kokokara",
        eligibility="ひきこもりの状態にある方のご家族（市外の方も）",
        schedule="毎月第3土曜 14:00〜16:00（定例会）",
        phone="042-100-0511",
        place=_hidden("富士見台", "35.6880", "139.4400"),
    ),
    ResourceSpec(
        KUNITACHI,
        "welfare",
        "生きづらさを抱えた方の居場所「からふらっと」",
        "いきづらさをかかえたかたのいばしょ からふらっと",
        "ひきこもりなど生きづらさを抱えた方たちの日中の居場所です。陶芸・ゲーム部・地域のごみ"
        "拾い活動のほか、農園で生産から販売まで関わっています。\n" + SAMPLE,
        "昼間に すごせる 場所です。陶芸や ゲームや 畑の 仕事が できます。",
        organization="karafurat",
        schedule="毎週水曜 13:00〜16:00",
        phone="042-100-0512",
        place=_hidden("中", "35.6940", "139.4420"),
    ),
    ResourceSpec(
        KUNITACHI,
        "welfare",
        "国立市社会福祉協議会",
        "くにたちし しゃかいふくしきょうぎかい",
        "地域福祉の相談を受け、家族会「ここから」や当事者会「からふらっと」の開催に協力しています。\n"
        + SAMPLE,
        "地域の 福祉の 相談が できます。",
        organization="swc",
        phone="042-100-0513",
        schedule="月〜金 8:30〜17:15",
        place=_place("富士見台0-0-3", "35.6870", "139.4390", postal="1860000"),
    ),
    # 日野市 -------------------------------------------------------------------------------
    ResourceSpec(
        HINO,
        "family",
        "日野市ひきこもり家族会",
        "ひのし ひきこもりかぞくかい",
        "ひきこもり当事者及びその家族や支援者が懇談会形式で自由に想いを語り合い、交流する"
        "居場所です。居住地を問わず参加できます。\n" + SAMPLE,
        "ひきこもりの 人や 家族が 話しあう 会です。どこに 住んで いても 来られます。",
        organization="family-association",
        schedule="毎月第4日曜 13:30〜15:30",
        phone="042-100-0311",
        place=_hidden("多摩平", "35.6610", "139.3880"),
    ),
    ResourceSpec(
        HINO,
        "education",
        "ひきこもりセミナー（市・家族会の共催）",
        "ひきこもりせみなー",
        "ひきこもりについての理解を深めるための情報や、当事者の経験談などを伝えるセミナーです。\n"
        + SAMPLE,
        "ひきこもりに ついて 学べる 会です。",
        organization="family-association",
        schedule="年4回（日程は市のホームページで）",
        phone="042-100-0301",
    ),
    ResourceSpec(
        HINO,
        "welfare",
        "日野市ひきこもりの居場所",
        "ひのし ひきこもりのいばしょ",
        "安心・安全な場所で自由に過ごし、人や社会と交流することができる居場所です。\n" + SAMPLE,
        "ゆっくり すごせる 場所です。",
        schedule="毎月第2・第4金曜 13:00〜16:00",
        phone="042-100-0301",
        place=_hidden("神明", "35.6710", "139.3950"),
    ),
    # 八王子市 -----------------------------------------------------------------------------
    ResourceSpec(
        HACHIOJI,
        "health",
        "八王子こころの健康相談室",
        "はちおうじ こころのけんこうそうだんしつ",
        "精神保健福祉の専門相談を行う関係機関です。\n※デモ用の架空の機関です。" + SAMPLE,
        "こころの 健康の 相談が できます。",
        organization="agency",
        phone="042-100-0131",
        schedule="月〜金 9:00〜17:00",
        place=_place("明神町0-0-30", "35.6570", "139.3390", postal="1920000"),
    ),
    ResourceSpec(
        HACHIOJI,
        "work",
        "ハローワーク八王子（八王子公共職業安定所）",
        "はろーわーくはちおうじ",
        "国の職業相談・職業紹介の窓口です。\n" + SAMPLE,
        "しごとを さがす 国の 窓口です。",
        phone="042-100-0132",
        schedule="月〜金 8:30〜17:15",
        place=_place("子安町0-0-31", "35.6520", "139.3300", postal="1920000"),
    ),
    # 大島町 -------------------------------------------------------------------------------
    ResourceSpec(
        OSHIMA,
        "health",
        "東京都島しょ保健所 大島出張所",
        "とうきょうと とうしょほけんじょ おおしましゅっちょうじょ",
        "こころの健康や保健の相談ができる都の保健所です。\n" + SAMPLE,
        "こころと からだの 健康の 相談が できます。",
        phone="04992-1-0111",
        schedule="月〜金 8:30〜17:15",
        place=_place("元町0-0-3", "34.7500", "139.3550", postal="1000100"),
    ),
)

# A window's directory profile: (municipality, slug) → (field code, やさしい日本語, kana).
WINDOW_PROFILES: dict[tuple[str, str], tuple[str, str, str]] = {
    (KUNITACHI, "kunisapo"): (
        "consultation",
        "18さいより 下の 人の 相談を うけます。",
        "くにさぽ",
    ),
    (KUNITACHI, "fukufuku"): (
        "consultation",
        "18さい 以上の 人の 相談を うけます。",
        "ふくふくまどぐち",
    ),
    (HINO, "safety-net"): (
        "consultation",
        "こまった ことが あったら、まず ここに 電話して ください。",
        "ひのし せーふてぃねっとこーるせんたー",
    ),
    (OSHIMA, "rocket"): (
        "work",
        "18さいから 49さいくらいの 人が、毎週 いっしょに 作業を します。",
        "わかものじりつさぽーとすてーしょん ろけっと",
    ),
    (MACHIDA, "hokenjo"): (
        "consultation",
        "ひきこもりの 本人や 家族の 相談を うけます。",
        "まちだしほけんじょ",
    ),
}
DEFAULT_EASY = "ひきこもりの ことを 相談 できます。"


def _same(service: Service, spec: ResourceSpec, field: Field, org: Organization | None) -> bool:
    sal = next(iter(service.at_locations.all()), None)
    loc = sal.location if sal else None
    phone = next((p.number for p in service.phones.all()), "")
    schedule = next((s.description for s in service.schedules.all()), "")
    wanted_place = spec.place
    place_same = (loc is None and wanted_place is None) or (
        loc is not None
        and wanted_place is not None
        and all(getattr(loc, k) == v for k, v in vars(wanted_place).items())
    )
    return (
        place_same
        and service.field_id == field.pk
        and service.organization_id == (org.pk if org else None)
        and service.name_kana == spec.name_kana
        and service.description == spec.description
        and service.summary_easy == spec.summary_easy
        and service.minimum_age == spec.min_age
        and service.maximum_age == spec.max_age
        and service.eligibility_description == spec.eligibility
        and service.cost == spec.cost
        and phone == (e164(spec.phone) if spec.phone else "")
        and schedule == spec.schedule
    )


def load_resources(report: LoadReport, municipalities: dict[str, Municipality]) -> None:
    from .loader import CREATED, UNCHANGED, UPDATED

    fields: dict[str, dict[str, Field]] = {}
    for code, municipality in municipalities.items():
        before = Field.objects.filter(municipality=municipality).count()
        fields[code] = {f.code: f for f in install_default_fields(municipality)}
        for _ in range(len(fields[code]) - before):
            report.add(Field, CREATED)
    for spec in RESOURCES:
        municipality = municipalities[spec.municipality]
        field = fields[spec.municipality][spec.field]
        org = (
            Organization.objects.get(municipality=municipality, slug=spec.organization)
            if spec.organization
            else None
        )
        existing = (
            Service.objects.filter(municipality=municipality, name=spec.name, window__isnull=True)
            .prefetch_related("phones", "schedules", "at_locations__location")
            .first()
        )
        if existing is not None and _same(existing, spec, field, org):
            report.add(Service, UNCHANGED)
            continue
        save_service(
            municipality,
            {
                "field": field,
                "organization": org,
                "name": spec.name,
                "name_kana": spec.name_kana,
                "description": spec.description,
                "summary_easy": spec.summary_easy,
                "status": Service.Status.ACTIVE,
                "eligibility_description": spec.eligibility,
                "minimum_age": spec.min_age,
                "maximum_age": spec.max_age,
                "cost": spec.cost,
                "is_public": True,
            },
            service=existing,
            place=spec.place or PlaceInput(),
            phone=e164(spec.phone) if spec.phone else "",
            schedule=spec.schedule,
        )
        report.add(Service, UPDATED if existing else CREATED)
    for window in Window.objects.filter(
        municipality__in=municipalities.values(), is_public=True
    ).select_related("municipality"):
        field_code, easy, kana = WINDOW_PROFILES.get(
            (window.municipality.code, window.slug), ("consultation", DEFAULT_EASY, "")
        )
        field = fields[window.municipality.code][field_code]
        existing = Service.objects.filter(window=window).first()
        if existing is None:
            add_window(window, field=field, summary_easy=easy, name_kana=kana, cost="free")
            report.add(Service, CREATED)
        elif (existing.field_id, existing.summary_easy, existing.name_kana, existing.cost) != (
            field.pk,
            easy,
            kana,
            "free",
        ):
            save_service(
                window.municipality,
                {"field": field, "summary_easy": easy, "name_kana": kana, "cost": "free"},
                service=existing,
            )
            report.add(Service, UPDATED)
        else:
            report.add(Service, UNCHANGED)
