"""Assembling a person's whole record into tagged items (rules.py says what is what).

One query per source (select_related for the headings), whatever the number of records: the
review page's query count is fixed. Field visibility applies to the reviewer (people.visibility):
an item whose field the reviewer may not read is not assembled, only counted (`hidden`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.intake.display import display_text
from tsunagu.intake.schema import GROUP, iter_fields
from tsunagu.jp.wareki import format_wareki
from tsunagu.people.models import Person
from tsunagu.people.visibility import FieldPolicy, field_policy
from tsunagu.tenancy.scoping import Sensitivity

from .rules import (
    INTAKE_SECTION_TAGS,
    INTAKE_SELF_RELATION,
    SOURCES,
    FieldRule,
    Source,
    Tag,
)

ACTION = Action.EXPORT_DISCLOSURE
INTAKE_ANSWERS_SECTION = "相談受付票の回答"


@dataclass(frozen=True)
class Item:
    key: str  # "<model>:<pk>:<field>": what a decision is saved under
    source: str  # the model label ("contacts.contact")
    section: str
    heading: str  # the record it belongs to (「令和8年4月1日 10:00 電話」)
    label: str
    text: str
    tag: str
    sensitive: bool  # an S-class field (要配慮個人情報)

    @property
    def tag_label(self) -> str:
        return str(Tag(self.tag).label)


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Record:
    sections: list[Section]
    hidden: int  # items left out: fields the reviewer may not read
    read: dict[str, list[int]]  # model label → ids read (for the audit entry)
    case_ids: list[int]

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


def display(obj: models.Model, path: str) -> str:
    """A field (through `__` relations) as text: choice labels, 和暦 dates (local time)."""
    *hops, name = path.split("__")
    target: Any = obj
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return ""
    if name == "pk":
        return f"{target._meta.verbose_name} #{target.pk}"
    if name == "birth_date" and isinstance(target, Person):
        return target.birth_display  # a partial date: 「昭和60年頃」, 「40代」 …
    model_field = target._meta.get_field(name)
    value = getattr(target, name)
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if model_field.choices:
        return str(getattr(target, f"get_{name}_display")())
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return f"{format_wareki(local.date())} {local:%H:%M}"
    if isinstance(value, datetime.date):
        return format_wareki(value)
    if isinstance(value, int) and not model_field.is_relation:
        return f"{model_field.verbose_name} {value}"
    return str(value)


def _tag(obj: models.Model, rule: FieldRule) -> str:
    if rule.by:
        return rule.tags.get(getattr(obj, rule.by), rule.tag)
    return rule.tag


def _rows(user: User, person: Person, source: Source) -> list[models.Model]:
    model = apps.get_model(source.key)
    reaches = Q()
    for path in source.person_path.split("|"):  # to-one paths: a row is found once
        reaches |= Q(**{path: person.pk})
    queryset = model.objects.visible_to(user, ACTION).filter(reaches)
    return list(queryset.select_related(*source.related).order_by(*source.order))


def _items(policy: FieldPolicy, source: Source, rows: list[models.Model]) -> tuple[list[Item], int]:
    items: list[Item] = []
    hidden = 0
    for obj in rows:
        heading = " ".join(p for p in (display(obj, h) for h in source.heading) if p)
        for rule in source.fields:
            text = display(obj, rule.name)
            if not text:
                continue
            if not policy.readable(obj, rule.name):
                hidden += 1
                continue
            label = obj._meta.get_field(rule.name).verbose_name
            if text.startswith(f"{label} "):  # a number: its label is the item's label
                text = text.removeprefix(f"{label} ")
            items.append(
                Item(
                    key=f"{source.key}:{obj.pk}:{rule.name}",
                    source=source.key,
                    section=str(source.section),
                    heading=heading,
                    label=str(label),
                    text=text,
                    tag=_tag(obj, rule),
                    sensitive=obj.sensitivity_of(rule.name) == Sensitivity.S,
                )
            )
    return items, hidden


def _answer_text(spec: dict[str, Any], value: Any) -> str:
    if spec["type"] == GROUP and isinstance(value, list):
        lines = []
        for row in value:
            if isinstance(row, dict):
                parts = [
                    f"{sub['label']}：{display_text(sub, row.get(sub['key']))}"
                    for sub in spec["fields"]
                    if display_text(sub, row.get(sub["key"]))
                ]
                lines.append("、".join(parts))
        return "\n".join(line for line in lines if line)
    return display_text(spec, value)


def _answer_tag(section_key: str, by_self: bool) -> str:
    if section_key in INTAKE_SECTION_TAGS:
        return INTAKE_SECTION_TAGS[section_key]
    return Tag.PERSON if by_self else Tag.THIRD_PARTY


def _intake_answers(policy: FieldPolicy, intakes: list[Any]) -> tuple[list[Item], int]:
    """The answers of each intake sheet, with the labels of its own form version."""
    items: list[Item] = []
    hidden = 0
    for intake in intakes:
        answers = intake.answers if isinstance(intake.answers, dict) else {}
        classes = policy.classes(intake)
        by_self = intake.consulter_relation == INTAKE_SELF_RELATION
        for section, spec in iter_fields(intake.form_version.schema):
            value = answers.get(spec["key"])
            text = _answer_text(spec, value) if value not in (None, "", []) else ""
            if not text:
                continue
            # The answers are one S-class field of the intake; each question has its own class.
            if spec["sensitivity"] not in classes or not policy.readable(intake, "answers"):
                hidden += 1
                continue
            items.append(
                Item(
                    key=f"intake.intake:{intake.pk}:answers.{spec['key']}",
                    source="intake.intake",
                    section=INTAKE_ANSWERS_SECTION,
                    heading=f"受付 {intake.number} {section['title']}",
                    label=spec["label"],
                    text=text,
                    tag=_answer_tag(section["key"], by_self),
                    sensitive=spec["sensitivity"] == Sensitivity.S,
                )
            )
    return items, hidden


def assemble(user: User, person: Person) -> Record:
    """Every part of `person`'s record the user reaches, as tagged items, section by section."""
    policy = field_policy(user)
    sections: list[Section] = []
    read: dict[str, list[int]] = {}
    hidden = 0
    case_ids: list[int] = []
    for source in SOURCES:
        rows = _rows(user, person, source)
        policy.prime(rows)
        read[source.key] = [obj.pk for obj in rows]
        items, left_out = _items(policy, source, rows)
        hidden += left_out
        sections.append(Section(str(source.section), items))
        if source.key == "people.case":
            case_ids = [obj.pk for obj in rows]
        if source.key == "intake.intake":
            answers, left_out = _intake_answers(policy, rows)
            hidden += left_out
            sections.append(Section(INTAKE_ANSWERS_SECTION, answers))
    return Record([s for s in sections if s.items], hidden, read, case_ids)
