"""Staff pages of the reports (/staff/reports/): the municipality (or window) report with its
charts, the prefecture view, and their Excel/CSV exports. Every page starts from the access
rule in services (VIEW_AGGREGATES at the right detail) and is audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import exports, services
from .forms import PrefectureForm, ReportForm
from .services import MUNICIPALITY, PREFECTURE

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _municipality_form(request: HttpRequest) -> ReportForm:
    allowed = services.allowed_municipalities(request.user, MUNICIPALITY)
    if not allowed:
        raise PermissionDenied("集計を見る権限がありません。")
    return ReportForm(request.GET or None, municipality_ids=allowed)


def _prefecture_form(request: HttpRequest) -> PrefectureForm:
    allowed = services.allowed_municipalities(request.user, PREFECTURE)
    if not allowed:
        raise PermissionDenied("都道府県の集計を見る権限がありません。")
    return PrefectureForm(request.GET or None, municipality_ids=allowed)


def _download(result: object, fmt: str) -> HttpResponse:
    body = exports.to_xlsx(result) if fmt == "xlsx" else exports.to_csv(result)  # type: ignore[arg-type]
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = exports.filename(result, fmt)  # type: ignore[arg-type]
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.allowed_municipalities(user, MUNICIPALITY):
        if services.allowed_municipalities(user, PREFECTURE):
            return redirect("report-prefecture")
    form = _municipality_form(request)
    result = None
    if form.is_bound and form.is_valid():
        result = services.municipality_report(user, form.cleaned_data)
        services.record_report(services.VIEW, result, form.cleaned_data)
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "result": result,
            "prefecture_view": bool(services.allowed_municipalities(user, PREFECTURE)),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = _municipality_form(request)
    if not form.is_valid():
        return render(request, "reports/index.html", {"form": form}, status=400)
    result = services.municipality_report(request.user, form.cleaned_data)
    services.record_report(services.EXPORT, result, form.cleaned_data, fmt)
    return _download(result, fmt)


@login_required
def report_prefecture(request: HttpRequest) -> HttpResponse:
    form = _prefecture_form(request)
    result = None
    if form.is_bound and form.is_valid():
        result = services.prefecture_report(request.user, form.cleaned_data)
        services.record_report(services.VIEW, result, form.cleaned_data)
    return render(
        request,
        "reports/prefecture.html",
        {"form": form, "result": result},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def report_prefecture_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = _prefecture_form(request)
    if not form.is_valid():
        return render(request, "reports/prefecture.html", {"form": form}, status=400)
    result = services.prefecture_report(request.user, form.cleaned_data)
    services.record_report(services.EXPORT, result, form.cleaned_data, fmt)
    return _download(result, fmt)
