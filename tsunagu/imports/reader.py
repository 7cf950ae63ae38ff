"""Reading an uploaded spreadsheet: .xlsx (openpyxl, read-only) or .csv in UTF-8 (with or
without BOM) or Shift_JIS (cp932, as Excel in Japan saves CSV)."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

MAX_ROWS = 200_000
MAX_BYTES = 50 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class Table:
    headings: list[str]
    # (spreadsheet row number, {heading: value}); values are str, date or datetime
    rows: list[tuple[int, dict[str, Any]]]
    encoding: str


def decode_csv(content: bytes) -> tuple[str, str]:
    """The text and the encoding name: UTF-8 with BOM, UTF-8, then cp932 (Shift_JIS)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), "UTF-8（BOM付き）"
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp932"), "Shift_JIS"
    except UnicodeDecodeError:
        raise ValidationError(
            "文字コードを読み取れません。UTF-8 か Shift_JIS の CSV、または Excel（.xlsx）で保存してください。"
        ) from None


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(raw_rows: Any, encoding: str) -> Table:
    headings: list[str] | None = None
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = [_cell(v) for v in raw]
        if headings is None:
            if not any(cells):
                continue
            headings = [str(c) for c in cells]
            while headings and not headings[-1]:
                headings.pop()
            if len(set(headings)) != len(headings):
                raise ValidationError(
                    "見出しの行に同じ名前の列があります。列の名前を変えてください。"
                )
            continue
        if not any(c for c in cells):
            continue  # an empty line
        if len(rows) >= MAX_ROWS:
            raise ValidationError(
                f"行が多すぎます（{MAX_ROWS:,}行まで）。ファイルを分けてください。"
            )
        rows.append((number, dict(zip(headings, cells, strict=False))))
    if headings is None:
        raise ValidationError("見出しの行がありません。1行目に列の名前を入れてください。")
    return Table(headings, rows, encoding)


def read_table(content: bytes, filename: str) -> Table:
    """The headings (the first non-empty row) and the rows of the file's first sheet."""
    if len(content) > MAX_BYTES:
        raise ValidationError("ファイルが大きすぎます（50MB まで）。")
    if content.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    text, encoding = decode_csv(content)
    if "\x00" in text:
        raise ValidationError("ファイルに使えない文字（NUL）が含まれています。")
    return _table(csv.reader(io.StringIO(text, newline="")), encoding)


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ValidationError("Excel ファイル（.xlsx）として読み取れません。") from None
    try:
        sheet = book.worksheets[0]
        return _table(sheet.iter_rows(values_only=True), "Excel")
    finally:
        book.close()
