"""Every column of the 「イベント一覧」 CSV, read back over HTTP, filled from the programme, the
session and the resource directory's place — and a place whose address is hidden (a 居場所)
publishing only its area, with no map pin."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tsunagu.calendar_public.opendata import COLUMNS
from tsunagu.resources.models import Location
from tsunagu.testing.calendar import KUNITACHI, at

from .test_feeds import read_csv


def _fill(kunitachi) -> None:
    kokokara = kunitachi.kokokara
    hall = Location.objects.create(
        municipality=kunitachi.municipality,
        name="国立市福祉会館 第1会議室",
        postal_code="1860003",
        address_1="富士見台2-38-5",
        address_2="福祉会館1階",
        latitude=Decimal("35.683333"),
        longitude=Decimal("139.441111"),
        transportation="JR南武線 谷保駅から徒歩10分",
    )
    kokokara.name_kana = "ココカラ テイレイカイ"
    kokokara.name_en = "Kokokara monthly meeting"
    kokokara.fee, kokokara.fee_detail = "paid", "資料代100円"
    kokokara.contact_phone, kokokara.contact_extension = "+81425762111", "315"
    kokokara.url = "https://kokokara.example.jp/"
    kokokara.location, kokokara.parking = hall, "なし（公共交通機関をご利用ください）"
    kokokara.capacity, kokokara.age_min, kokokara.residents_only = 30, 18, True
    kokokara.save()
    session = kunitachi.upcoming[0]
    session.apply_until = at(session.starts_at.date() - datetime.timedelta(days=3), 17)
    session.note = "今回は講演があります"
    session.save()
    hidden = Location.objects.create(
        municipality=kunitachi.municipality,
        name="国立市内の会場",
        address_1="中1-1-1",
        area_label="中地区",
        hide_exact_address=True,
        latitude=Decimal("35.7"),
        longitude=Decimal("139.4"),
    )
    kunitachi.karafurat.location = hidden
    kunitachi.karafurat.save()


def test_every_column_is_read_back(client, kunitachi, django_assert_max_num_queries):
    _fill(kunitachi)
    with django_assert_max_num_queries(2):
        rows = read_csv(client.get(f"/calendar/{KUNITACHI}.csv"))
    session = kunitachi.upcoming[0]
    day = f"{session.starts_at:%Y-%m-%d}"
    deadline = session.apply_until.date()
    expected = {
        "都道府県コード又は市区町村コード": KUNITACHI,
        "NO": "1",
        "都道府県名": "東京都",
        "市区町村名": "国立市",
        "イベント名": "ここから 定例会",
        "イベント名_カナ": "ココカラ テイレイカイ",
        "イベント名_英語": "Kokokara monthly meeting",
        "開始日": day,
        "終了日": day,
        "開始時間": "13:00",
        "終了時間": "15:00",
        "開始日時特記事項": "",
        "説明": "ひきこもりの状態にある方のご家族が集まり、近況を話し合います。",
        "料金(基本)": "有料",
        "料金(詳細)": "資料代100円",
        "連絡先名称": "ここから事務局 042-000-0000",
        "連絡先電話番号": "042-576-2111",
        "連絡先内線番号": "315",
        "主催者": "くにたちひきこもり家族会〜ここから〜",
        "場所名称": "国立市福祉会館 第1会議室",
        "住所": "東京都国立市富士見台2-38-5",
        "方書": "福祉会館1階",
        "緯度": "35.683333",
        "経度": "139.441111",
        "アクセス方法": "JR南武線 谷保駅から徒歩10分",
        "駐車場情報": "なし（公共交通機関をご利用ください）",
        "定員": "30",
        "参加申込終了日": f"{deadline:%Y-%m-%d}",
        "参加申込終了時間": "17:00",
        "参加申込方法": "はじめての方は、電話でお知らせください。",
        "URL": f"http://testserver/calendar/sessions/{session.pk}/",
        "備考": " / ".join(
            [
                "対象: 家族向け・18歳以上・国立市にお住まいの方",
                "家族会",
                "今回は講演があります",
                "バリアフリー・配慮: 会場は1階です。車いすで入れます。",
                "ホームページ: https://kokokara.example.jp/",
            ]
        ),
    }
    assert set(expected) == set(COLUMNS)
    assert rows[0] == expected
    # からふらっと's 居場所: the area only, no pin; a theme of its own has no kana of its own
    karafurat = rows[1]
    assert karafurat["住所"] == "東京都国立市中地区" and karafurat["方書"] == ""
    assert (karafurat["緯度"], karafurat["経度"]) == ("", "")
    assert karafurat["イベント名_カナ"] == "" and karafurat["料金(基本)"] == ""


def test_a_session_moved_elsewhere_has_no_address_of_the_usual_place(client, kunitachi):
    _fill(kunitachi)
    session = kunitachi.upcoming[0]
    session.place = "国立市役所 3階会議室"
    session.save()
    row = read_csv(client.get(f"/calendar/{KUNITACHI}.csv"))[0]
    assert row["場所名称"] == "国立市役所 3階会議室"
    assert (row["住所"], row["緯度"], row["アクセス方法"]) == ("", "", "")


def test_public_pages_show_fee_phone_address_and_website(client, kunitachi):
    _fill(kunitachi)
    page = client.get(f"/calendar/programmes/{kunitachi.kokokara.pk}/").content.decode()
    assert "有料（資料代100円）" in page
    assert 'href="tel:+81425762111"' in page and "042-576-2111" in page
    assert "東京都国立市富士見台2-38-5 福祉会館1階" in page
    assert 'href="https://kokokara.example.jp/"' in page
    hidden = client.get(f"/calendar/programmes/{kunitachi.karafurat.pk}/").content.decode()
    assert "中地区" in hidden and "中1-1-1" not in hidden
