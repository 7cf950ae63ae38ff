"""Excel (.xlsx, one sheet per table, Japanese headers) and CSV (UTF-8 with BOM, so Excel
opens it as Japanese) of a report result. Suppressed counts are written as 秘匿."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .engine import ReportResult, TableResult

SUPPRESSED = "秘匿"
SUPPRESSION_NOTE = "秘匿：5未満の数、または5未満の数を合計から計算できないよう伏せた数。"
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _cell(value: int | None) -> int | str:
    return SUPPRESSED if value is None else value


def table_lines(table: TableResult) -> list[list[object]]:
    """The table as lines: the header, then one line per row."""
    lines: list[list[object]] = [[table.row_header or "項目", *table.columns]]
    for row in table.rows:
        lines.append([row.label, *(_cell(v) for v in row.values)])
    return lines


def _heading(result: ReportResult) -> list[str]:
    lines = [result.report.title, f"対象：{result.scope_label}", f"期間：{result.period.label}"]
    if result.prefecture:
        lines.append(SUPPRESSION_NOTE)
    return lines


def _sheet_name(title: str, taken: set[str]) -> str:
    base = INVALID_SHEET_CHARS.sub("・", title)[:28]
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:26]}_{n}", n + 1
    taken.add(name)
    return name


def to_xlsx(result: ReportResult) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = "概要"
    for line in _heading(result):
        cover.append([line])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([])
    cover.append(["表", "注"])
    for table in result.tables:
        cover.append([table.title, table.table.note])
    cover.column_dimensions["A"].width = 48
    taken = {"概要"}
    for table in result.tables:
        sheet = book.create_sheet(_sheet_name(table.title, taken))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(
            [
                f"{result.scope_label}　{result.period.label}"
                + (f"　単位：{table.unit}" if table.unit else "")
            ]
        )
        sheet.append([])
        for n, line in enumerate(table_lines(table)):
            sheet.append(line)
            if n == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        if table.table.note:
            sheet.append([])
            sheet.append([f"注：{table.table.note}"])
        if result.prefecture:
            sheet.append([SUPPRESSION_NOTE])
        sheet.column_dimensions["A"].width = 34
        sheet.freeze_panes = "B5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(result: ReportResult) -> bytes:
    """Every table one after another (title line, header, rows, blank line)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for line in _heading(result):
        writer.writerow([line])
    writer.writerow([])
    for table in result.tables:
        writer.writerow([table.title] + ([f"単位：{table.unit}"] if table.unit else []))
        writer.writerows(table_lines(table))
        writer.writerow([])
    return "\ufeff".encode() + text.getvalue().encode("utf-8")


def filename(result: ReportResult, ext: str) -> str:
    view = "prefecture" if result.prefecture else "municipality"
    return f"tsunagu-{result.report.key}-{view}-{result.period.slug}.{ext}"
