"""Orchestrates `tsunagu generate-synthetic`: persons (+ search entries), planted duplicates,
households with their members, cases and contacts, in batches, via :mod:`.writer` (COPY on PostgreSQL)."""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction
from tsunagu.jp.names import full_name_key, kana_key
from tsunagu.people.models import Case, Household, HouseholdMember, Person
from tsunagu.search.index import entry_values
from tsunagu.search.keys import entry_keys
from tsunagu.search.models import PersonSearchEntry
from tsunagu.tenancy.models import Municipality, Prefecture, Window

from .data import MUNICIPALITIES
from .people import SynthPerson, persons, plant
from .writer import TableWriter, analyze

BATCH = 20_000
PERSON_COLUMNS = [
    "id", "municipality_id", "family_name", "given_name", "family_name_kana", "given_name_kana",
    "birth_date", "phone", "address", "name_key", "kana_key",
]  # fmt: skip
ENTRY_COLUMNS = [
    "person_id",
    "municipality_id",
    "name_key",
    "kana_key",
    "family_key",
    "family_kana",
    "text",
    "birth_date",
    "phone_digits",
    "address_key",
    "grams",
]
CASE_STATUSES = ("received", "assessment", "support", "watching")
MEMBER_COLUMNS = [
    "id", "municipality_id", "household_id", "relation", "age", "age_as_of", "living_together",
    "care_level", "employment",
]  # fmt: skip
AGE_AS_OF = datetime.date(2026, 4, 1)
CARE_LEVELS = ("none",) * 6 + ("support1", "support2", "care1", "care2", "care3", "unknown")
PARENT_WORK = ("pension", "pension", "pension", "none", "non_regular", "regular", "unknown")


def _age(birth: datetime.date, on: datetime.date = AGE_AS_OF) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Households:
    """About 60 % of persons get a household: a mother, often a father, sometimes a sibling,
    with ages that follow the person's (so the 8050 situations appear in realistic numbers)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.house_w = TableWriter(Household, ["id", "municipality_id", "person_id"])
        self.member_w = TableWriter(HouseholdMember, MEMBER_COLUMNS)
        self.next_hid, self.next_mid = self.house_w.next_id(), self.member_w.next_id()
        self.houses: list[tuple] = []
        self.members: list[tuple] = []

    def add(self, pid: int, muni_id: int, birth: datetime.date) -> None:
        rng = self.rng
        if rng.random() >= 0.6:
            return
        hid = self.next_hid
        self.next_hid += 1
        self.houses.append((hid, muni_id, pid))
        age = _age(birth)
        relatives = [("mother", age + rng.randint(22, 38))]
        if rng.random() < 0.7:
            relatives.append(("father", relatives[0][1] + rng.randint(-2, 6)))
        if rng.random() < 0.3:
            relatives.append(("sibling", max(age + rng.randint(-8, 8), 0)))
        for relation, member_age in relatives:
            parent = relation != "sibling"
            self.members.append(
                (self.next_mid, muni_id, hid, relation, min(member_age, 105), AGE_AS_OF,
                 rng.random() < (0.85 if parent else 0.4),
                 rng.choice(CARE_LEVELS) if parent and member_age >= 65 else "none",
                 rng.choice(PARENT_WORK) if parent else rng.choice(("regular", "unknown")))
            )  # fmt: skip
            self.next_mid += 1

    def flush(self) -> tuple[int, int]:
        counts = (len(self.houses), len(self.members))
        self.house_w.write(self.houses)
        self.member_w.write(self.members)
        self.houses, self.members = [], []
        return counts

    def finish(self) -> None:
        self.house_w.reset_sequence()
        self.member_w.reset_sequence()


@dataclass
class Report:
    persons: int = 0
    planted: int = 0
    households: int = 0
    cases: int = 0
    contacts: int = 0
    messages: list[str] = field(default_factory=list)


def resolve_municipalities(codes: list[str] | None) -> list[Municipality]:
    if not codes:
        found = list(Municipality.objects.order_by("code"))
        codes = [m.code for m in found] or list(MUNICIPALITIES)
    result = []
    tokyo, _ = Prefecture.objects.get_or_create(code="13", defaults={"name": "東京都"})
    for code in codes:
        municipality, _ = Municipality.objects.get_or_create(
            code=code, defaults={"prefecture": tokyo, "name": MUNICIPALITIES.get(code, code)}
        )
        result.append(municipality)
    return result


def _window(municipality: Municipality) -> Window:
    window = Window.objects.filter(municipality=municipality).order_by("pk").first()
    if window is None:
        window = Window.objects.create(
            municipality=municipality,
            slug="synthetic",
            name=f"{municipality.name}相談窓口（合成）",
            kind=Window.Kind.GENERAL,
        )
    return window


def _optional_columns(model: type, wanted: dict[str, object]) -> dict[str, object]:
    names = {f.attname for f in model._meta.concrete_fields}
    return {k: v for k, v in wanted.items() if k in names}


def _person_row(pid: int, muni_id: int, p: SynthPerson, extra: tuple) -> tuple:
    return (
        pid, muni_id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana,
        p.birth_date, p.phone, p.address, full_name_key(p.family_name, p.given_name),
        kana_key(p.family_name_kana + p.given_name_kana), *extra,
    )  # fmt: skip


def _entry_row(pid: int, muni_id: int, p: SynthPerson) -> tuple:
    keys = entry_keys(
        family_name=p.family_name, given_name=p.given_name, family_name_kana=p.family_name_kana,
        given_name_kana=p.given_name_kana, birth_date=p.birth_date, phone=p.phone,
        address=p.address,
    )  # fmt: skip
    v = entry_values(muni_id, keys)
    return (pid, *(v[c] for c in ENTRY_COLUMNS[1:]))


def _contacts_model() -> type | None:
    try:
        return apps.get_model("contacts", "Contact")
    except LookupError:
        return None


def generate(
    *,
    seed: int,
    n_persons: int,
    n_contacts: int,
    codes: list[str] | None = None,
    plant_rate: float = 0.01,
    planted_file: Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> Report:
    report = Report()
    municipalities = resolve_municipalities(codes)
    by_code = {m.code: m for m in municipalities}
    windows = {m.pk: _window(m).pk for m in municipalities}
    pairs = [(m.code, m.name) for m in municipalities]
    person_extra = _optional_columns(Person, {"sex": None, "birth_date_precision": "day"})
    person_w = TableWriter(Person, PERSON_COLUMNS + list(person_extra))
    entry_w = TableWriter(PersonSearchEntry, ENTRY_COLUMNS)
    case_w = TableWriter(Case, ["id", "municipality_id", "person_id", "window_id", "status",
                                "opened_on"])  # fmt: skip
    next_pid, next_cid = person_w.next_id(), case_w.next_id()
    rng = random.Random(seed * 31 + 7)  # noqa: S311 - deterministic synthetic data
    planted_out = planted_file.open("w", encoding="utf-8") if planted_file else None
    case_ids: list[tuple[int, int, datetime.date]] = []  # (case id, municipality id, opened)
    households = Households(random.Random(seed * 53 + 11))  # noqa: S311 - deterministic
    stream = persons(seed, n_persons, pairs)
    batch_no = 0
    while True:
        batch = [p for _, p in zip(range(BATCH), stream, strict=False)]
        if not batch:
            break
        planted = plant(seed * 1000 + batch_no, batch, plant_rate)
        batch_no += 1
        rows, entries, cases, ids = [], [], [], {}
        for p in [*batch, *(pl.variant for pl in planted)]:
            muni_id = by_code[p.municipality].pk
            pid = next_pid
            next_pid += 1
            if p.index not in ids:
                ids[p.index] = pid
                households.add(pid, muni_id, p.birth_date)
            extra = tuple(p.sex if k == "sex" else v for k, v in person_extra.items())
            rows.append(_person_row(pid, muni_id, p, extra))
            entries.append(_entry_row(pid, muni_id, p))
            opened = datetime.date(2015, 4, 1) + datetime.timedelta(days=rng.randrange(3650))
            cases.append((next_cid, muni_id, pid, windows[muni_id], rng.choice(CASE_STATUSES),
                          opened))  # fmt: skip
            case_ids.append((next_cid, muni_id, opened))
            next_cid += 1
        with transaction.atomic():
            person_w.write(rows)
            entry_w.write(entries)
            case_w.write(cases)
            report.households += households.flush()[0]
        variant_ids = [r[0] for r in rows[len(batch) :]]
        for pl, vid in zip(planted, variant_ids, strict=True):
            if planted_out:
                planted_out.write(
                    json.dumps(
                        {"original": ids[pl.original], "variant": vid, "kind": pl.kind},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        report.persons += len(rows)
        report.planted += len(planted)
        report.cases += len(cases)
        progress(f"persons {report.persons:,}")
    if planted_out:
        planted_out.close()
    for writer in (person_w, entry_w, case_w):
        writer.reset_sequence()
    households.finish()
    report.contacts = _contacts(rng, n_contacts, case_ids, report, progress)
    if connection.vendor == "postgresql":
        analyze([Person, PersonSearchEntry, Case, Household, HouseholdMember])
    record(
        AuditAction.CREATE, object_type="synthetic", object_id=f"seed-{seed}",
        extra={"persons": report.persons, "households": report.households,
               "cases": report.cases, "contacts": report.contacts},
    )  # fmt: skip
    return report


def _contacts(rng: random.Random, n: int, cases: list, report: Report, progress) -> int:
    model = _contacts_model()
    if n <= 0 or not cases:
        return 0
    if model is None:
        report.messages.append("contacts.Contact がまだないため、接触記録は作成しませんでした。")
        return 0
    channel = [c for c, _ in model._meta.get_field("channel").choices]
    reached = [c for c, _ in model._meta.get_field("reached").choices]
    writer = TableWriter(model, ["id", "municipality_id", "case_id", "channel", "occurred_at",
                                 "duration_minutes", "reached"])  # fmt: skip
    if connection.vendor == "postgresql":
        return _contacts_in_sql(writer, rng, n, cases, channel, reached, progress)
    next_id, done, tz = writer.next_id(), 0, timezone.get_current_timezone()
    while done < n:
        size = min(BATCH * 5, n - done)
        rows = []
        for _ in range(size):
            case_id, muni_id, opened = cases[rng.randrange(len(cases))]
            start = datetime.datetime.combine(opened, datetime.time(9), tzinfo=tz)
            when = start + datetime.timedelta(minutes=rng.randrange(1_576_800))  # ≤ 3 years
            rows.append(
                (
                    next_id,
                    muni_id,
                    case_id,
                    rng.choice(channel),
                    when,
                    rng.choice((10, 20, 30, 45, 60, 90)),
                    rng.choice(reached),
                )
            )
            next_id += 1
        with transaction.atomic():
            writer.write(rows)
        done += size
        progress(f"contacts {done:,}")
    writer.reset_sequence()
    if connection.vendor == "postgresql":
        analyze([model])
    return done


def _contacts_in_sql(
    writer: TableWriter,
    rng: random.Random,
    n: int,
    cases: list,
    channel: list,
    reached: list,
    progress,
) -> int:
    """PostgreSQL: generate the contacts inside the server (INSERT … SELECT over
    generate_series, seeded with setseed): no rows travel through Python, which is what makes
    ten million contacts fit in minutes. Case ids of this run are contiguous."""
    first, last = min(c[0] for c in cases), max(c[0] for c in cases)
    fixed_cols = "".join(f', "{c}"' for c in writer.fixed_columns)
    fixed_marks = "".join(", %s" for _ in writer.fixed_columns)
    sql = f"""
        INSERT INTO {writer.table} ("municipality_id", "case_id", "channel", "occurred_at",
            "duration_minutes", "reached"{fixed_cols})
        SELECT c.municipality_id, c.id,
            (%s::text[])[1 + floor(random() * %s)::int],
            (c.opened_on + time '09:00') AT TIME ZONE %s
                + floor(random() * 1576800) * interval '1 minute',
            (ARRAY[10, 20, 30, 45, 60, 90])[1 + floor(random() * 6)::int],
            (%s::text[])[1 + floor(random() * %s)::int]{fixed_marks}
        FROM (SELECT g, %s + floor(random() * %s)::bigint AS cid
              FROM generate_series(1, %s) g) pick
        JOIN people_case c ON c.id = pick.cid
        ORDER BY pick.g
    """  # noqa: S608 - table and column names come from the models
    done, chunk = 0, 1_000_000
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [rng.random() * 2 - 1])
        while done < n:
            size = min(chunk, n - done)
            cursor.execute(sql, [channel, len(channel), str(timezone.get_current_timezone()),
                                 reached, len(reached), *writer.fixed_values,
                                 first, last - first + 1, size])  # fmt: skip
            done += size
            progress(f"contacts {done:,}")
    writer.reset_sequence()
    analyze([writer.model])
    return done
