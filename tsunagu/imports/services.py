"""Imports: saving a source's column mapping, starting the dry run and the import (each a
background task), and running them in the worker.

The dry run writes nothing but its report (and the audit entries of its duplicate searches).
The import runs in ONE transaction: any error, in any row or in the database, leaves the
database as it was (the job is then marked failed, outside that transaction).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.audit.context import acting_as, noting
from tsunagu.core.validation import clean_text
from tsunagu.tenancy.models import Municipality, Window

from .check import check
from .fields import fields_of
from .models import ImportJob, ImportMapping, JobStatus, Kind
from .progress import clear_progress, set_progress
from .reader import MAX_BYTES, read_table

logger = logging.getLogger(__name__)


class ImportFailed(Exception):
    """The import stopped; the message (Japanese) is shown to staff."""


@transaction.atomic
def save_mapping(
    actor: User,
    municipality: Municipality,
    *,
    name: str,
    kind: str,
    columns: dict[str, str],
    default_window: Window | None = None,
    mapping: ImportMapping | None = None,
) -> ImportMapping:
    """Create or change a source's mapping ({field: column heading})."""
    require(actor, Action.IMPORT_RECORDS, municipality)
    name = clean_text(name, field="name", max_length=100)
    if not name:
        raise ValidationError({"name": "取り込み元の名前を入力してください。"})
    if kind not in Kind.values:
        raise ValidationError({"kind": "取り込む記録を選んでください。"})
    known = {f.name for f in fields_of(kind)}
    cleaned = {}
    for field, heading in columns.items():
        if field not in known:
            raise ValidationError({"columns": f"項目「{field}」は使えません。"})
        heading = clean_text(heading or "", field="columns", max_length=100)
        if heading:
            cleaned[field] = heading
    if default_window is not None and default_window.municipality_id != municipality.pk:
        raise ValidationError({"default_window": "この自治体の窓口を選んでください。"})
    clash = ImportMapping.objects.filter(municipality=municipality, name=name, kind=kind)
    if mapping is not None:
        if mapping.municipality_id != municipality.pk:
            raise PermissionDenied
        clash = clash.exclude(pk=mapping.pk)
    if clash.exists():
        raise ValidationError({"name": "同じ名前の取り込み元がすでにあります。"})
    mapping = mapping or ImportMapping(municipality=municipality, created_by=actor)
    mapping.name, mapping.kind, mapping.columns = name, kind, cleaned
    mapping.default_window = default_window
    mapping.save()
    return mapping


def _enqueue(job: ImportJob, dry_run: bool) -> None:
    from .tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(job.pk, dry_run))


@transaction.atomic
def start_check(actor: User, mapping: ImportMapping, *, filename: str, content: bytes) -> ImportJob:
    """Store the uploaded file and queue its dry run."""
    require(actor, Action.IMPORT_RECORDS, mapping.municipality_id)
    if not content:
        raise ValidationError({"file": "ファイルが空です。"})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": "ファイルが大きすぎます（50MB まで）。"})
    if not filename.lower().endswith((".xlsx", ".csv")):
        raise ValidationError({"file": "Excel（.xlsx）か CSV（.csv）のファイルを選んでください。"})
    job = ImportJob.objects.create(
        municipality_id=mapping.municipality_id,
        mapping=mapping,
        filename=clean_text(filename, field="file", max_length=200),
        content=content,
        created_by=actor,
    )
    _enqueue(job, dry_run=True)
    return job


@transaction.atomic
def start_import(actor: User, job: ImportJob, *, import_duplicates: bool = False) -> ImportJob:
    """Queue the import of a checked file without errors."""
    require(actor, Action.IMPORT_RECORDS, job.municipality_id)
    fresh = ImportJob.objects.visible_to(actor, Action.IMPORT_RECORDS).select_for_update()
    job = fresh.get(pk=job.pk)
    if job.status != JobStatus.CHECKED:
        raise ValidationError("確認が終わった取り込みだけを実行できます。")
    if job.report.get("errors"):
        raise ValidationError(
            "問題のある行があります。ファイルを直して、もう一度確認してください。"
        )
    job.status = JobStatus.QUEUED_IMPORT
    job.import_duplicates = import_duplicates
    job.processed_rows = 0
    job.save(update_fields=["status", "import_duplicates", "processed_rows", "updated_at"])
    _enqueue(job, dry_run=False)
    return job


# In the worker --------------------------------------------------------------------------
def _job(job_id: int) -> ImportJob:
    return (
        ImportJob.objects.unscoped("the worker runs the job its creator started")
        .select_related("mapping", "created_by")
        .get(pk=job_id)
    )


def _set(job: ImportJob, **values: Any) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    job.save(update_fields=[*values, "updated_at"])


def run_job(job_id: int, dry_run: bool) -> None:
    """The task: the dry run or the import of one job, as the staff member who started it."""
    job = _job(job_id)
    with acting_as(job.created_by), noting(via="import", import_job=job.pk):
        try:
            if dry_run:
                _run_check(job)
            else:
                _run_import(job)
        except (ImportFailed, ValidationError, PermissionDenied) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            _set(job, status=JobStatus.FAILED, failure=(message or "取り込めませんでした。")[:300])
        except Exception:
            logger.exception("import job %s failed", job_id)
            _set(
                job,
                status=JobStatus.FAILED,
                failure="予期しないエラーで止まりました。何も変更していません。",
            )
        finally:
            clear_progress(job.pk)


def _progress(job: ImportJob):
    return lambda done: set_progress(job.pk, done)


def _run_check(job: ImportJob) -> None:
    require(job.created_by, Action.IMPORT_RECORDS, job.municipality_id)
    _set(job, status=JobStatus.CHECKING, processed_rows=0)
    table = read_table(bytes(job.content), job.filename)
    _set(job, total_rows=len(table.rows), encoding=table.encoding)
    plan = check(job, job.created_by, table, find_duplicates=True, progress=_progress(job))
    _set(job, status=JobStatus.CHECKED, processed_rows=len(table.rows), report=plan.report())


def _run_import(job: ImportJob) -> None:
    from .writer import write

    actor = job.created_by
    require(actor, Action.IMPORT_RECORDS, job.municipality_id)
    _set(job, status=JobStatus.IMPORTING, processed_rows=0)
    table = read_table(bytes(job.content), job.filename)
    skip = set() if job.import_duplicates else {n for n, _ in job.report.get("duplicates", [])}
    with transaction.atomic():
        # One import of a source at a time: a second waits here, then finds the rows done.
        ImportMapping.objects.select_for_update().filter(pk=job.mapping_id).first()
        # The bar: the first half while the rows are checked again, the second while written.
        total = len(table.rows)
        plan = check(
            job,
            actor,
            table,
            find_duplicates=False,
            progress=lambda n: set_progress(job.pk, n // 2),
        )
        if plan.errors:
            raise ImportFailed(
                f"{len(plan.errors)}件の問題が見つかったため、取り込みませんでした（何も変更していません）。"
            )
        rows = [r for r in plan.rows if r.number not in skip]
        half = total // 2
        created = write(
            job,
            actor,
            rows,
            lambda n: set_progress(job.pk, half + (total - half) * n // max(1, len(rows))),
        )
        _set(
            job,
            status=JobStatus.DONE,
            processed_rows=len(table.rows),
            created_count=created,
            report={
                **job.report,
                "already": plan.already,
                "skipped_duplicates": len(plan.rows) - len(rows),
            },
        )
