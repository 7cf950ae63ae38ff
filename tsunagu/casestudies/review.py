"""The reviewer's edits to a draft, checked by the same anonymiser.

The review page posts, per line, ``text-<key>`` (the edited text) and ``omit-<key>`` (leave the
line out). Only the draft's own keys are read: a posted key the draft does not have is ignored,
so no line can be added and no heading (built from coded values) can be changed. Every edited
text is anonymised again; when that changes it, the user typed something identifying (a name,
a date, an address): the line comes back with the anonymised text and an error, and nothing is
produced until the user has seen it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError

from tsunagu.core.validation import clean_text

from .parts import SECTION_COURSE, SECTION_INTAKE, Draft, Section

LINE_MAX_LENGTH = 4000
IDENTIFYING_MESSAGE = (
    "氏名・住所・電話番号・日付など、個人が特定される可能性のある記述を置き換えました。"
    "内容を確認してから、もう一度作成してください。"
)


@dataclass
class Reviewed:
    """The draft after review: the sections with the kept lines, and the errors by line key."""

    sections: list[Section]
    errors: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # what the form shows again

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def line_count(self) -> int:
        return sum(len(s.lines) for s in self.sections)


def _posted(data: Mapping[str, str], key: str, default: str) -> str:
    value = data.get(key)
    return default if value is None else value


def apply_review(draft: Draft, data: Mapping[str, str]) -> Reviewed:
    """Apply the posted edits and omissions to ``draft`` (see the module docstring)."""
    sections: list[Section] = []
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    for section in draft.sections:
        kept = Section(section.key, section.title)
        for line in section.lines:
            text = _posted(data, f"text-{line.key}", line.text).replace("\r\n", "\n")
            try:
                text = clean_text(text, max_length=LINE_MAX_LENGTH)
            except ValidationError as error:
                errors[line.key] = error.messages[0]
                texts[line.key] = text[:LINE_MAX_LENGTH].replace("\x00", "")
                continue
            anonymised = draft.anonymise(text)
            texts[line.key] = anonymised
            if anonymised != text:
                errors[line.key] = IDENTIFYING_MESSAGE
            if data.get(f"omit-{line.key}") or not (anonymised.strip() or line.keep_empty):
                continue
            kept.lines.append(replace(line, text=anonymised))
        if kept.lines:
            sections.append(kept)
    return Reviewed(sections, errors, texts)


def categories_of(sections: list[Section]) -> set[str]:
    """The categories of information (consent.models.Category values) the document carries:
    基本情報 always; 相談受付票 with its coded items; 支援記録 with the course; 要配慮個人情報 with any line from an S-class field
    or free text (the case summary, notes of contacts and household members, the points)."""
    categories = {"basic"}
    for section in sections:
        if section.key == SECTION_INTAKE and section.lines:
            categories.add("intake")
        if section.key == SECTION_COURSE and section.lines:
            categories.add("contacts")
        if any(line.sensitive and line.text.strip() for line in section.lines):
            categories.add("sensitive")
    return categories
