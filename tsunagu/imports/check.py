"""Checking an import row by row with the validators the screens and the API use
(`people.normalize.clean_person_fields`, `contacts.services.clean_contact_fields`,
`tsunagu.core.validation`), and finding each row's identity and its duplicates.

The result is a `Plan`: the rows to create (cleaned values) and, for the dry-run report, every
row's problems in Japanese (row number, field, message), the duplicate candidates the intake's
duplicate check finds (`search.matching.match_candidates`), and the rows imported before.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.audit.log import buffered
from tsunagu.contacts.models import Channel, NoteSource, Reached
from tsunagu.contacts.services import clean_contact_fields, clean_notes
from tsunagu.core.validation import clean_model_text, clean_planned_date
from tsunagu.people.models import Case, Sex
from tsunagu.people.normalize import clean_person_fields
from tsunagu.search.matching import match_candidates
from tsunagu.tenancy.models import Window

from .cells import (
    CHANNEL_WORDS,
    FIELD_LABELS,
    REACHED_WORDS,
    SEX_WORDS,
    SOURCE_WORDS,
    RowError,
    cell_text,
    choice_of,
    problems_of,
    split_name,
)
from .fields import label_of
from .models import ImportedRow, ImportJob, Kind
from .reader import Table


@dataclass
class RowPlan:
    number: int
    key: str
    person: dict[str, Any] | None = None  # persons: clean_person_fields values
    person_id: int | None = None  # cases, contacts: the person referred to
    case: dict[str, Any] | None = None  # window_id, opened_on, summary
    case_id: int | None = None  # contacts: the case the contact goes to
    contact: dict[str, Any] | None = None
    notes: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    duplicates: list[tuple[int, list[int]]] = field(default_factory=list)
    already: int = 0

    def report(self) -> dict[str, Any]:
        return {
            "errors": [list(e) for e in self.errors],
            "duplicates": [[n, ids] for n, ids in self.duplicates],
            "already": self.already,
            "new": len(self.rows),
        }


def row_key(cells: dict[str, Any], columns: dict[str, str]) -> str:
    """The row's identity in its source: the key column's value, or a hash of the row."""
    heading = columns.get("external_id")
    if heading:
        value = cell_text(cells.get(heading, ""))
        if not value:
            raise RowError([(label_of(Kind.PERSONS, "external_id"), "識別子が空です。")])
        return "id:" + value[:120]
    mapped = [cell_text(cells.get(h, "")) for _, h in sorted(columns.items())]
    digest = hashlib.sha256(json.dumps(mapped, ensure_ascii=False).encode()).hexdigest()
    return "h:" + digest[:40]


class Checker:
    """Checks the rows of one job (its mapping, municipality and the acting user)."""

    def __init__(self, job: ImportJob, actor: User, today: datetime.date | None = None):
        self.job = job
        self.mapping = job.mapping
        self.kind = self.mapping.kind
        self.columns = {k: v for k, v in (self.mapping.columns or {}).items() if v}
        self.actor = actor
        self.municipality_id = job.municipality_id
        self.today = today or timezone.localdate()
        windows = Window.objects.filter(municipality_id=self.municipality_id)
        self.windows = {w.name: w.pk for w in windows} | {w.slug: w.pk for w in windows}
        self.done_keys = set(
            ImportedRow.objects.in_municipality(self.municipality_id)
            .filter(mapping=self.mapping)
            .values_list("key", flat=True)
        )
        self.person_keys: dict[str, int] = {}
        self.latest_case: dict[int, int] = {}
        if self.kind in (Kind.CASES, Kind.CONTACTS):
            self._load_person_keys()

    def _load_person_keys(self) -> None:
        """Persons imported from the same source (its persons files), by their row key; and,
        for contacts, each person's newest case the actor may write contacts of."""
        rows = (
            ImportedRow.objects.in_municipality(self.municipality_id)
            .filter(mapping__name=self.mapping.name, mapping__kind=Kind.PERSONS)
            .values_list("key", "person_id")
        )
        self.person_keys = {key.removeprefix("id:"): pid for key, pid in rows}
        if self.kind == Kind.CONTACTS:
            cases = (
                Case.objects.visible_to(self.actor, Action.EDIT_CASE, needs=frozenset({"contacts"}))
                .filter(municipality_id=self.municipality_id)
                .order_by("opened_on", "id")
                .values_list("person_id", "id")
            )
            self.latest_case = dict(cases)

    def cell(self, cells: dict[str, Any], name: str) -> Any:
        heading = self.columns.get(name)
        return cells.get(heading, "") if heading else ""

    def missing_headings(self, table: Table) -> list[str]:
        return [h for h in self.columns.values() if h not in table.headings]

    # One row ------------------------------------------------------------------------
    def check_row(self, number: int, cells: dict[str, Any]) -> RowPlan:
        plan = RowPlan(number, row_key(cells, self.columns))
        problems: list[tuple[str, str]] = []
        for part in self._parts():
            try:
                part(plan, cells)
            except RowError as error:
                problems.extend(error.problems)
            except ValidationError as error:
                problems.extend(problems_of(error))
        if problems:
            raise RowError(problems)
        return plan

    def _parts(self) -> list[Callable[[RowPlan, dict[str, Any]], None]]:
        if self.kind == Kind.PERSONS:
            return [self._person, self._case]
        if self.kind == Kind.CASES:
            return [self._person_ref, self._case]
        return [self._person_ref, self._contact]

    def _person(self, plan: RowPlan, cells: dict[str, Any]) -> None:
        family, given = split_name(cell_text(self.cell(cells, "full_name")))
        family_kana, given_kana = split_name(cell_text(self.cell(cells, "full_name_kana")))
        values: dict[str, Any] = {
            "family_name": cell_text(self.cell(cells, "family_name")) or family,
            "given_name": cell_text(self.cell(cells, "given_name")) or given,
            "family_name_kana": cell_text(self.cell(cells, "family_name_kana")) or family_kana,
            "given_name_kana": cell_text(self.cell(cells, "given_name_kana")) or given_kana,
        }
        for name in ("nickname", "phone", "address", "district", "notes"):
            values[name] = cell_text(self.cell(cells, name))
        problems: list[tuple[str, str]] = []
        try:
            values["sex"] = choice_of(self.cell(cells, "sex"), Sex, SEX_WORDS, "性別", Sex.UNKNOWN)
        except RowError as error:
            problems.extend(error.problems)
            values["sex"] = Sex.UNKNOWN
        birth = self.cell(cells, "birth")
        if isinstance(birth, datetime.datetime):
            birth = birth.date()
        if birth not in ("", None):
            values["birth"] = birth
        if not (values["family_name"] or values["given_name"] or values["nickname"]):
            problems.append(("氏名", "氏名（または呼び名）がありません。"))
        try:
            plan.person = clean_person_fields(values, today=self.today)
        except ValidationError as error:
            problems.extend(problems_of(error))
        if problems:
            raise RowError(problems)

    def _person_ref(self, plan: RowPlan, cells: dict[str, Any]) -> None:
        key = cell_text(self.cell(cells, "person_key"))
        label = label_of(self.kind, "person_key")
        if not key:
            raise RowError([(label, "本人の識別子がありません。")])
        person_id = self.person_keys.get(key)
        if person_id is None:
            raise RowError(
                [(label, f"「{key[:40]}」の本人が見つかりません（先に本人を取り込んでください）。")]
            )
        plan.person_id = person_id
        if self.kind == Kind.CONTACTS:
            plan.case_id = self.latest_case.get(person_id)
            if plan.case_id is None:
                raise RowError([(label, "この本人には支援記録を書けるケースがありません。")])

    def _case(self, plan: RowPlan, cells: dict[str, Any]) -> None:
        name = cell_text(self.cell(cells, "window"))
        label = label_of(self.kind, "window")
        if name:
            window_id = self.windows.get(name)
            if window_id is None:
                raise RowError([(label, f"窓口「{name[:40]}」はこの自治体にありません。")])
        else:
            window_id = self.mapping.default_window_id
        if window_id is None:
            if self.kind == Kind.CASES:
                raise RowError(
                    [(label, "担当窓口がありません（列か既定の窓口を指定してください）。")]
                )
            return  # persons without a window: the person only
        opened = self.cell(cells, "opened_on")
        if isinstance(opened, datetime.datetime):
            opened = opened.date()
        problems = []
        try:
            opened_on = clean_planned_date(opened or None, field="opened_on") or self.today
            if opened_on > self.today:
                problems.append((label_of(self.kind, "opened_on"), "まだ来ていない日付です。"))
        except ValidationError as error:
            problems.extend(problems_of(error, label_of(self.kind, "opened_on")))
            opened_on = None
        try:
            summary = clean_model_text(Case, "summary", cell_text(self.cell(cells, "case_summary")))
        except ValidationError as error:
            problems.extend(problems_of(error, label_of(self.kind, "case_summary")))
            summary = ""
        if problems:
            raise RowError(problems)
        plan.case = {"window_id": window_id, "opened_on": opened_on, "summary": summary}

    def _contact(self, plan: RowPlan, cells: dict[str, Any]) -> None:
        problems: list[tuple[str, str]] = []
        words = {}
        for name, choices, synonyms in (
            ("channel", Channel, CHANNEL_WORDS),
            ("reached", Reached, REACHED_WORDS),
        ):
            try:
                words[name] = choice_of(
                    self.cell(cells, name), choices, synonyms, FIELD_LABELS[name]
                )
            except RowError as error:
                problems.extend(error.problems)
                words[name] = None
        due = self.cell(cells, "next_action_due")
        occurred = self.cell(cells, "occurred_at")
        try:
            values = clean_contact_fields(
                channel=words["channel"] or "",
                occurred_at=cell_text(occurred)
                if not isinstance(occurred, datetime.date)
                else occurred,
                reached=words["reached"] or "",
                duration_minutes=cell_text(self.cell(cells, "duration_minutes")) or None,
                summary=cell_text(self.cell(cells, "summary")),
                next_action=cell_text(self.cell(cells, "next_action")),
                next_action_due=(due.date() if isinstance(due, datetime.datetime) else due) or None,
            )
        except ValidationError as error:
            # a choice already reported above is not reported twice
            reported = {label for label, _ in problems}
            problems.extend(p for p in problems_of(error) if p[0] not in reported)
            values = None
        text = cell_text(self.cell(cells, "note"))
        if text:
            try:
                source = choice_of(
                    self.cell(cells, "note_source"),
                    NoteSource,
                    SOURCE_WORDS,
                    "記録の情報源",
                    NoteSource.STAFF,
                )
                plan.notes = clean_notes([(source, text)])
            except RowError as error:
                problems.extend(error.problems)
            except ValidationError as error:
                problems.extend(problems_of(error, "記録"))
        if problems:
            raise RowError(problems)
        plan.contact = values


def _match_fields(values: dict[str, Any]) -> dict[str, Any]:
    fields = {
        k: values.get(k, "")
        for k in ("family_name", "given_name", "family_name_kana", "given_name_kana", "phone")
    }
    fields["address"] = values.get("address", "")
    if values.get("birth_date_precision") == "day":
        fields["birth_date"] = values["birth_date"]
    return fields


def check(
    job: ImportJob,
    actor: User,
    table: Table,
    *,
    find_duplicates: bool,
    progress: Callable[[int], None] = lambda n: None,
) -> Plan:
    """Check every row of the table; the rows imported before are counted, not checked."""
    checker = Checker(job, actor)
    plan = Plan()
    missing = checker.missing_headings(table)
    if missing:
        plan.errors.append((1, "見出し", f"列「{'」「'.join(missing)}」がファイルにありません。"))
        return plan
    seen: dict[str, int] = {}
    # The duplicate check audits one search per row: written together, not one commit each.
    with buffered():
        for index, (number, cells) in enumerate(table.rows, start=1):
            try:
                row = checker.check_row(number, cells)
            except RowError as error:
                plan.errors.extend((number, label, message) for label, message in error.problems)
            else:
                if row.key in checker.done_keys:
                    plan.already += 1
                elif row.key in seen:
                    plan.errors.append(
                        (
                            number,
                            "行の識別子",
                            f"{seen[row.key]}行目と同じ行です（識別子が同じです）。",
                        )
                    )
                else:
                    seen[row.key] = number
                    plan.rows.append(row)
                    if find_duplicates and row.person is not None:
                        found = match_candidates(
                            actor, job.municipality_id, **_match_fields(row.person)
                        )
                        if found:
                            plan.duplicates.append((number, [c.person.pk for c in found]))
            if index % 200 == 0:
                progress(index)
    progress(len(table.rows))
    return plan
