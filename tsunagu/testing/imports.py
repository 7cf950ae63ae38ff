"""Spreadsheets for import tests and the import benchmark: a kintone-like 相談台帳 of persons
(one row per person with the case's window and date) and its contacts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

PERSON_HEADINGS = [
    "レコード番号", "氏名", "フリガナ", "性別", "生年月日", "電話番号", "住所", "窓口", "受付日",
    "相談概要",
]  # fmt: skip
PERSON_COLUMNS = {
    "external_id": "レコード番号", "full_name": "氏名", "full_name_kana": "フリガナ",
    "sex": "性別", "birth": "生年月日", "phone": "電話番号", "address": "住所",
    "window": "窓口", "opened_on": "受付日", "case_summary": "相談概要",
}  # fmt: skip
CONTACT_HEADINGS = ["番号", "本人ID", "日時", "方法", "相手", "概要", "記録", "情報源"]
CONTACT_COLUMNS = {
    "external_id": "番号", "person_key": "本人ID", "occurred_at": "日時", "channel": "方法",
    "reached": "相手", "summary": "概要", "note": "記録", "note_source": "情報源",
}  # fmt: skip

FAMILY = ["佐藤", "鈴木", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山本"]
FAMILY_KANA = ["サトウ", "スズキ", "タナカ", "イトウ", "ワタナベ", "ナカムラ", "コバヤシ", "カトウ",
               "ヨシダ", "ヤマモト"]  # fmt: skip
GIVEN = ["一郎", "二郎", "三郎", "花子", "陽子", "健太", "翔", "美咲", "大輔", "真由美"]
GIVEN_KANA = ["イチロウ", "ジロウ", "サブロウ", "ハナコ", "ヨウコ", "ケンタ", "ショウ", "ミサキ",
              "ダイスケ", "マユミ"]  # fmt: skip
ERAS = ["昭和55年4月1日", "S60.7.15", "平成2年1月3日", "1992-05-20", "H7.12.1", "40代"]


def person_rows(n: int, window_name: str, *, start: int = 1) -> list[list[str]]:
    """n valid, distinct persons (record numbers from `start`)."""
    rows = []
    for i in range(start, start + n):
        f, g = i % 10, (i // 10) % 10
        # a number in the address and the phone keeps every row distinct from every other
        rows.append(
            [
                str(i),
                f"{FAMILY[f]} {GIVEN[g]}{_kanji_number(i)}",
                f"{FAMILY_KANA[f]} {GIVEN_KANA[g]}",
                "男性" if i % 2 else "女",
                ERAS[i % len(ERAS)],
                f"090-{1000 + i // 10000:04d}-{i % 10000:04d}",
                f"東京都八王子市元本郷町{i}丁目",
                window_name,
                "令和7年4月1日",
                "ひきこもりの相談",
            ]
        )
    return rows


def _kanji_number(i: int) -> str:
    digits = "〇一二三四五六七八九"
    return "".join(digits[int(d)] for d in str(i))


def xlsx_bytes(headings: list[str], rows: Iterable[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("台帳")
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(headings: list[str], rows: Iterable[list[object]], encoding: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def add_imports(world) -> None:
    """A source mapping and a (queued) job on each side: world.<side>.import_mapping / .import_job."""
    from tsunagu.accounts.roles import Role
    from tsunagu.imports.models import ImportJob, ImportMapping, Kind

    for side in (world.home, world.away):
        supervisor = side.users[Role.SUPERVISOR]
        side.import_mapping = ImportMapping.objects.create(
            municipality=side.municipality, name="kintone 相談台帳", kind=Kind.PERSONS,
            columns=PERSON_COLUMNS, created_by=supervisor,
        )  # fmt: skip
        side.import_job = ImportJob.objects.create(
            municipality=side.municipality, mapping=side.import_mapping, filename="台帳.csv",
            content=csv_bytes(PERSON_HEADINGS, person_rows(2, side.window.name), "utf-8"),
            created_by=supervisor,
        )  # fmt: skip


def synthetic_person_rows(n: int, window_name: str, *, seed: int) -> list[list[object]]:
    """n persons with the varied names of the search benchmark's generator (search.synthetic),
    as a ledger holds them: 和暦 birth dates, the phone as typed."""
    from tsunagu.jp.wareki import format_wareki
    from tsunagu.search.synthetic.people import persons

    rows: list[list[object]] = []
    for p in persons(seed, n, [("000000", "")]):
        phone = "0" + p.phone[3:] if p.phone.startswith("+81") else p.phone
        rows.append(
            [
                f"s{seed}-{p.index}", f"{p.family_name} {p.given_name}",
                f"{p.family_name_kana} {p.given_name_kana}", {"male": "男", "female": "女"}.get(p.sex, ""),
                format_wareki(p.birth_date), phone, p.address, window_name, "令和7年4月1日",
                "ひきこもりの相談",
            ]
        )  # fmt: skip
    return rows
