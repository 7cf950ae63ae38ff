"""The closing-note scenario: a 1,000-row spreadsheet with three bad rows — the dry run lists
exactly those rows in Japanese; the fixed file imports; importing it again creates nothing."""

import pytest

from tsunagu.audit.models import AuditEvent
from tsunagu.imports.models import ImportedRow, ImportJob, JobStatus
from tsunagu.imports.services import run_job, start_check, start_import
from tsunagu.people.models import Case, Person
from tsunagu.search.models import PersonSearchEntry
from tsunagu.testing.imports import PERSON_HEADINGS, person_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def _dry_run(actor, mapping, content, filename="台帳.xlsx") -> ImportJob:
    job = start_check(actor, mapping, filename=filename, content=content)
    run_job(job.pk, True)
    job.refresh_from_db()
    return job


def _import(actor, job, **options) -> ImportJob:
    start_import(actor, job, **options)
    run_job(job.pk, False)
    job.refresh_from_db()
    return job


def _persons(world):
    return Person.objects.in_municipality(world.home.municipality)


def test_thousand_rows_three_bad_then_fixed_then_nothing_twice(world, supervisor, person_mapping):
    window = world.home.window.name
    rows = person_rows(1000, window)
    bad = [list(r) for r in rows]
    bad[99][4] = "平成45年1月1日"  # row 101: a 和暦 date that does not exist
    bad[499][5] = "でんわ"  # row 501: not a phone number
    bad[899][7] = "存在しない窓口"  # row 901: no such window
    before = _persons(world).count()

    job = _dry_run(supervisor, person_mapping, xlsx_bytes(PERSON_HEADINGS, bad))
    assert job.status == JobStatus.CHECKED
    assert job.total_rows == 1000
    errors = job.report["errors"]
    assert sorted({e[0] for e in errors}) == [101, 501, 901]
    by_row = {e[0]: (e[1], e[2]) for e in errors}
    assert by_row[101][0] == "生年月日" and "平成" in by_row[101][1]
    assert by_row[501][0] == "電話番号"
    assert by_row[901] == ("担当窓口（名称）", "窓口「存在しない窓口」はこの自治体にありません。")
    assert all(any("\u3040" <= ch <= "\u9fff" for ch in e[2]) for e in errors)  # Japanese
    assert _persons(world).count() == before  # a dry run creates nothing

    with pytest.raises(Exception, match="問題のある行"):
        start_import(supervisor, job)

    fixed = _dry_run(supervisor, person_mapping, xlsx_bytes(PERSON_HEADINGS, rows))
    assert fixed.report["errors"] == [] and fixed.report["new"] == 1000
    assert fixed.report["duplicates"] == []
    done = _import(supervisor, fixed)
    assert done.status == JobStatus.DONE and done.created_count == 1000
    assert _persons(world).count() == before + 1000
    imported = ImportedRow.objects.in_municipality(world.home.municipality)
    person = _persons(world).get(pk=imported.get(key="id:42").person_id)
    assert (person.family_name, person.family_name_kana, person.phone) == (
        "田中", "タナカ", "+819010000042"
    )  # fmt: skip
    case = Case.objects.in_municipality(world.home.municipality).get(person=person)
    assert case.window == world.home.window and str(case.opened_on) == "2025-04-01"
    assert PersonSearchEntry.objects.in_municipality(person.municipality_id).filter(person=person)
    created = AuditEvent.objects.filter(action="create", object_type="people.person")
    assert created.filter(object_id=str(person.pk), actor_id=supervisor.pk).exists()

    again = _dry_run(supervisor, person_mapping, xlsx_bytes(PERSON_HEADINGS, rows))
    assert again.report["already"] == 1000 and again.report["new"] == 0
    again = _import(supervisor, again)
    assert again.status == JobStatus.DONE and again.created_count == 0
    assert _persons(world).count() == before + 1000


def test_a_failed_import_changes_nothing(world, supervisor, person_mapping, monkeypatch):
    from tsunagu.imports import writer

    rows = person_rows(30, world.home.window.name)
    job = _dry_run(supervisor, person_mapping, xlsx_bytes(PERSON_HEADINGS, rows))
    persons, events = _persons(world).count(), AuditEvent.objects.count()
    monkeypatch.setattr(writer, "CHUNK", 10)
    calls = {"n": 0}
    real = writer.build_entry

    def failing(person):  # the database refusing a row of the third chunk
        calls["n"] += 1
        if calls["n"] == 25:
            raise RuntimeError("disk full")
        return real(person)

    monkeypatch.setattr(writer, "build_entry", failing)
    job = _import(supervisor, job)
    assert job.status == JobStatus.FAILED
    assert "何も変更していません" in job.failure
    assert _persons(world).count() == persons
    assert not ImportedRow.objects.in_municipality(world.home.municipality).exists()
    # the job's own state changes are audited; no entry of a person or a case is left
    written = AuditEvent.objects.order_by("id")[events:]
    assert not [e for e in written if e.object_type in ("people.person", "people.case")]


def test_duplicates_are_found_and_skipped_unless_chosen(world, supervisor, person_mapping):
    rows = person_rows(3, world.home.window.name)
    rows[1][1], rows[1][2] = "山田 太郎", "ヤマダ タロウ"  # the world's 山田太郎, born 1985-04-01
    rows[1][4] = "昭和60年4月1日"
    job = _dry_run(supervisor, person_mapping, xlsx_bytes(PERSON_HEADINGS, rows))
    [(row, ids)] = job.report["duplicates"]
    assert row == 3 and world.home.case.person_id in ids
    job = _import(supervisor, job)
    assert job.created_count == 2 and job.report["skipped_duplicates"] == 1
