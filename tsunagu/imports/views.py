"""Staff pages of imports (/staff/imports/): sources and their column mappings, upload and dry
run, the report, the import and its progress (HTMX polling). Supervisors (IMPORT_RECORDS)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tsunagu.audit.log import record_list

from .access import (
    get_job_for_user,
    get_mapping_for_user,
    import_municipalities,
    jobs_for,
    mappings_for,
)
from .fields import fields_of, label_of
from .forms import KindForm, MappingForm, RunForm, UploadForm
from .models import ImportJob, Kind
from .progress import get_progress
from .services import save_mapping, start_check, start_import

RECENT_JOBS = 30


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    municipalities = import_municipalities(request.user)
    jobs = list(jobs_for(request.user)[:RECENT_JOBS])
    record_list(ImportJob, jobs, page="import_list")
    context = {
        "municipalities": municipalities,
        "mappings": list(mappings_for(request.user)),
        "jobs": jobs,
        "kind_form": KindForm(),
    }
    return render(request, "imports/import_list.html", context)


@login_required
def mapping_new(request: HttpRequest) -> HttpResponse:
    municipality = import_municipalities(request.user)[0]
    kind = request.GET.get("kind") or request.POST.get("kind") or Kind.PERSONS
    if kind not in Kind.values:
        kind = Kind.PERSONS
    initial = {f"col_{f.name}": f.headings[0] for f in fields_of(kind) if f.headings}
    return _mapping_page(request, municipality, kind, None, initial)


@login_required
def mapping_edit(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = get_mapping_for_user(request.user, mapping_id)
    initial = {"name": mapping.name, "default_window": mapping.default_window_id}
    initial |= {f"col_{k}": v for k, v in mapping.columns.items()}
    return _mapping_page(request, mapping.municipality, mapping.kind, mapping, initial)


def _mapping_page(request, municipality, kind, mapping, initial) -> HttpResponse:
    form = MappingForm(
        request.POST or None, initial=initial, kind=kind, municipality_id=municipality.pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_mapping(
                request.user,
                municipality,
                name=form.cleaned_data["name"],
                kind=kind,
                columns=form.columns(),
                default_window=form.cleaned_data["default_window"],
                mapping=mapping,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "列の対応を保存しました。")
            return redirect("import-upload", mapping_id=saved.pk)
    context = {"form": form, "mapping": mapping, "kind": kind, "kind_label": Kind(kind).label}
    return render(request, "imports/mapping_form.html", context)


@login_required
def upload(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = get_mapping_for_user(request.user, mapping_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            job = start_check(
                request.user, mapping, filename=upload_file.name, content=upload_file.read()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("import-job", job_id=job.pk)
    columns = [(label_of(mapping.kind, k), v) for k, v in mapping.columns.items()]
    context = {"form": form, "mapping": mapping, "columns": columns}
    return render(request, "imports/upload.html", context)


def _job_context(job: ImportJob) -> dict:
    report = job.report or {}
    done = max(job.processed_rows, get_progress(job.pk)) if job.running else job.processed_rows
    percent = min(100, round(100 * done / job.total_rows)) if job.total_rows else 0
    return {
        "job": job,
        "done": done,
        "percent": percent,
        "errors": report.get("errors", []),
        "duplicates": report.get("duplicates", []),
        "already": report.get("already", 0),
        "new": report.get("new", 0),
    }


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_id)
    context = _job_context(job) | {"run_form": RunForm()}
    return render(request, "imports/job_detail.html", context)


@login_required
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress panel alone (polled by HTMX while the job runs; the page reloads itself
    with the report when it ends)."""
    job = get_job_for_user(request.user, job_id, audit=False)
    response = render(request, "imports/_progress.html", _job_context(job))
    if not job.running and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def job_run(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_id)
    form = RunForm(request.POST)
    form.is_valid()
    try:
        start_import(
            request.user, job, import_duplicates=form.cleaned_data.get("import_duplicates", False)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("import-job", job_id=job.pk)
