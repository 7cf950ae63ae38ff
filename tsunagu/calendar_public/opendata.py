"""The open-data export: 自治体標準オープンデータセット「イベント一覧」.

Pure: one `OpenDataEvent` per published session → one CSV row in the data set's own column order
(/work/shared/data/open-data/README.md), UTF-8 with a byte-order mark so that spreadsheet
software opens the Japanese text correctly, dates as YYYY-MM-DD and times as HH:MM.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

COLUMNS: tuple[str, ...] = (
    "都道府県コード又は市区町村コード",
    "NO",
    "都道府県名",
    "市区町村名",
    "イベント名",
    "イベント名_カナ",
    "イベント名_英語",
    "開始日",
    "終了日",
    "開始時間",
    "終了時間",
    "開始日時特記事項",
    "説明",
    "料金(基本)",
    "料金(詳細)",
    "連絡先名称",
    "連絡先電話番号",
    "連絡先内線番号",
    "主催者",
    "場所名称",
    "住所",
    "方書",
    "緯度",
    "経度",
    "アクセス方法",
    "駐車場情報",
    "定員",
    "参加申込終了日",
    "参加申込終了時間",
    "参加申込方法",
    "URL",
    "備考",
)


@dataclass(frozen=True)
class OpenDataEvent:
    municipality_code: str  # 6 digits, with the check digit
    prefecture_name: str
    municipality_name: str
    name: str
    start: datetime.datetime  # local (Asia/Tokyo)
    end: datetime.datetime | None = None
    name_kana: str = ""
    name_en: str = ""
    timing_note: str = ""  # 開始日時特記事項
    description: str = ""
    fee_basic: str = ""  # 料金(基本): 無料 / 有料
    fee_detail: str = ""
    contact_name: str = ""
    contact_phone: str = ""  # as people dial it: 042-576-2111
    contact_extension: str = ""
    organizer: str = ""
    place_name: str = ""
    address: str = ""
    address_detail: str = ""  # 方書 (building, room)
    latitude: str = ""
    longitude: str = ""
    access: str = ""
    parking: str = ""
    capacity: int | None = None
    apply_until: datetime.datetime | None = None
    apply_how: str = ""
    url: str = ""
    note: str = ""


def row(event: OpenDataEvent, number: int) -> list[str]:
    """The CSV row of one event, in COLUMNS order; `number` is the NO column (from 1)."""
    end = event.end or event.start
    return [
        event.municipality_code,
        str(number),
        event.prefecture_name,
        event.municipality_name,
        event.name,
        event.name_kana,
        event.name_en,
        f"{event.start:%Y-%m-%d}",
        f"{end:%Y-%m-%d}",
        f"{event.start:%H:%M}",
        f"{event.end:%H:%M}" if event.end else "",
        event.timing_note,
        event.description,
        event.fee_basic,
        event.fee_detail,
        event.contact_name,
        event.contact_phone,
        event.contact_extension,
        event.organizer,
        event.place_name,
        event.address,
        event.address_detail,
        event.latitude,
        event.longitude,
        event.access,
        event.parking,
        "" if event.capacity is None else str(event.capacity),
        f"{event.apply_until:%Y-%m-%d}" if event.apply_until else "",
        f"{event.apply_until:%H:%M}" if event.apply_until else "",
        event.apply_how,
        event.url,
        event.note,
    ]


def _no_formula(cell: str) -> str:
    """Text written by an organisation's account must not run as a spreadsheet formula (CSV
    injection): a cell that a spreadsheet would evaluate is quoted with a leading apostrophe."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def to_csv(events: Iterable[OpenDataEvent]) -> bytes:
    """The whole file: header, one row per event numbered from 1, CRLF line ends, UTF-8 BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for number, event in enumerate(events, start=1):
        writer.writerow([_no_formula(cell) for cell in row(event, number)])
    return buffer.getvalue().encode("utf-8-sig")
