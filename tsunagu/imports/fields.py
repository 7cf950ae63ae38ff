"""The fields a source's columns can map to, per kind of record, with the headings a column is
matched to automatically (a kintone or Excel ledger's usual names)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Kind


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    headings: tuple[str, ...] = ()


EXTERNAL_ID = Field(
    "external_id",
    "行の識別子（レコード番号など）",
    ("レコード番号", "記録番号", "管理番号", "ID", "番号"),
)
PERSON_KEY = Field(
    "person_key",
    "本人の識別子（本人の取り込みの識別子）",
    ("本人ID", "本人番号", "本人のレコード番号"),
)
WINDOW = Field("window", "担当窓口（名称）", ("窓口", "担当窓口", "相談窓口"))
OPENED_ON = Field("opened_on", "受付日", ("受付日", "相談開始日", "初回相談日", "開始日"))
CASE_SUMMARY = Field("case_summary", "相談の概要", ("相談概要", "主訴", "相談内容", "概要"))

FIELDS: dict[str, tuple[Field, ...]] = {
    Kind.PERSONS: (
        EXTERNAL_ID,
        Field("full_name", "氏名（姓と名の間に空白）", ("氏名", "本人氏名", "名前")),
        Field("family_name", "姓", ("姓",)),
        Field("given_name", "名", ("名",)),
        Field(
            "full_name_kana", "フリガナ（姓と名の間に空白）", ("フリガナ", "ふりがな", "氏名カナ")
        ),
        Field("family_name_kana", "姓（フリガナ）", ("セイ",)),
        Field("given_name_kana", "名（フリガナ）", ("メイ",)),
        Field("nickname", "呼び名・通称", ("呼び名", "通称")),
        Field("sex", "性別", ("性別",)),
        Field("birth", "生年月日（和暦・年齢・年代も可）", ("生年月日", "誕生日", "年齢")),
        Field("phone", "電話番号", ("電話番号", "電話", "連絡先")),
        Field("address", "住所", ("住所",)),
        Field("district", "居住地区", ("地区", "居住地区")),
        Field("notes", "特記事項", ("特記事項", "備考")),
        WINDOW,
        OPENED_ON,
        CASE_SUMMARY,
    ),
    Kind.CASES: (EXTERNAL_ID, PERSON_KEY, WINDOW, OPENED_ON, CASE_SUMMARY),
    Kind.CONTACTS: (
        EXTERNAL_ID,
        PERSON_KEY,
        Field("occurred_at", "日時", ("日時", "対応日時", "相談日", "対応日", "日付")),
        Field("channel", "方法", ("方法", "対応方法", "相談方法")),
        Field("reached", "対応した相手", ("相手", "対応した相手", "対象")),
        Field("duration_minutes", "所要時間（分）", ("所要時間", "時間（分）")),
        Field("summary", "概要", ("概要", "対応概要", "内容")),
        Field("note", "記録", ("記録", "経過", "詳細")),
        Field("note_source", "記録の情報源", ("情報源",)),
        Field("next_action", "次回の対応", ("次回の対応", "今後の対応")),
        Field("next_action_due", "次回の対応の期限", ("期限", "次回予定日")),
    ),
}


def fields_of(kind: str) -> tuple[Field, ...]:
    return FIELDS[kind]


def label_of(kind: str, name: str) -> str:
    for field in FIELDS[kind]:
        if field.name == name:
            return field.label
    return name


def guess_columns(kind: str, headings: list[str]) -> dict[str, str]:
    """{field: heading} for the headings that carry a field's usual name."""
    guessed: dict[str, str] = {}
    taken: set[str] = set()
    for field in FIELDS[kind]:
        for heading in headings:
            if heading in taken:
                continue
            if heading.strip() in field.headings or heading.strip() == field.label:
                guessed[field.name] = heading
                taken.add(heading)
                break
    return guessed
