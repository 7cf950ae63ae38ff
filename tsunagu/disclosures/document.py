"""The export of a reviewed record: PDF (core.pdf, IPAex fonts), JSON and CSV (UTF-8 BOM).

Every item keeps its place; a withheld one shows 「不開示（理由）」 instead of its text, so the
structure of the record is visible and nothing withheld is in the file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tsunagu.core.pdf import render_pdf
from tsunagu.jp.wareki import format_wareki

from .assemble import Item, Record
from .models import DisclosureRequest
from .review import WITHHOLD, decision_of
from .rules import WithholdReason

FORMATS = ("pdf", "json", "csv")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
CSV_HEADER = ["区分", "記録", "項目", "情報の種類", "開示", "内容"]


@dataclass(frozen=True)
class Line:
    item: Item
    withheld: bool
    reason: str  # the label of the 第78条 category, when withheld

    @property
    def shown(self) -> str:
        return f"不開示（{self.reason}）" if self.withheld else self.item.text


def lines_of(record: Record, decisions: Mapping[str, Any]) -> list[tuple[str, list[Line]]]:
    labels = dict(WithholdReason.choices)
    sections = []
    for section in record.sections:
        lines = []
        for item in section.items:
            decision, reason = decision_of(decisions, item)
            withheld = decision == WITHHOLD
            lines.append(Line(item, withheld, str(labels.get(reason, "")) if withheld else ""))
        sections.append((section.title, lines))
    return sections


def _no_formula(cell: str) -> str:
    """Free text must not run as a spreadsheet formula (CSV injection), as audit/browse.py."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _meta(request: DisclosureRequest) -> dict[str, str]:
    return {
        "本人": str(request.person),
        "開示請求の受付日": format_wareki(request.received_on),
        "開示請求者": request.get_requester_display()
        + (f"（{request.requester_name}）" if request.requester_name else ""),
        "作成日": format_wareki(timezone.localdate()),
    }


def render(fmt: str, request: DisclosureRequest, record: Record, decisions: Mapping) -> bytes:
    sections = lines_of(record, decisions)
    if fmt == "pdf":
        return render_pdf(
            "disclosures/export_pdf.html",
            {"meta": _meta(request), "sections": sections},
        )
    if fmt == "json":
        body = {
            "request": {"id": request.pk, **_meta(request)},
            "sections": [
                {
                    "title": title,
                    "items": [
                        {
                            "key": line.item.key,
                            "record": line.item.heading,
                            "label": line.item.label,
                            "tag": line.item.tag_label,
                            "disclosed": not line.withheld,
                            "text": None if line.withheld else line.item.text,
                            "withheld_reason": line.reason or None,
                        }
                        for line in lines
                    ],
                }
                for title, lines in sections
            ],
        }
        return json.dumps(body, ensure_ascii=False, indent=2).encode()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for title, lines in sections:
        for line in lines:
            item = line.item
            disclosed = "不開示" if line.withheld else "開示"
            row = [title, item.heading, item.label, item.tag_label, disclosed, line.shown]
            writer.writerow([_no_formula(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode()
