"""The shape of a case-study draft: sections of lines, and the categories of information (for
the disclosure log) each section carries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from .anonymise import Needle, anonymise_text

# Categories of information (for the disclosure log) that each section carries.
SECTION_BASIC = "basic"
SECTION_INTAKE = "intake"
SECTION_SUMMARY = "summary"
SECTION_HOUSEHOLD = "household"
SECTION_COURSE = "course"
SECTION_POINTS = "points"


@dataclass
class Line:
    """One line of the case study. ``heading`` is built from coded values only (a relative date,
    a channel) and is not editable; ``text`` is anonymised free text the reviewer may edit."""

    key: str
    heading: str
    text: str
    # from an S-class field (要配慮個人情報) or free text that may hold anything
    sensitive: bool = False
    # shown even with no text (a contact: its heading says when, how and with whom)
    keep_empty: bool = False


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Draft:
    case_id: int
    municipality_name: str
    base: datetime.date
    needles: tuple[Needle, ...]
    sections: list[Section]
    omitted_contacts: int = 0

    def anonymise(self, text: str) -> str:
        return anonymise_text(text, self.needles, self.base)

    def lines(self) -> Iterable[tuple[Section, Line]]:
        for section in self.sections:
            for line in section.lines:
                yield section, line
