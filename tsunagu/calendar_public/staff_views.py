"""プログラムの実績 (staff): the statistics of a period, on screen and as CSV."""

from __future__ import annotations

import csv
import datetime
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction

from . import monthly
from .access import statistics_scope
from .forms import StatisticsPeriodForm, fiscal_year_start
from .statistics import Statistics, programme_statistics


def _statistics(
    request: HttpRequest,
) -> tuple[StatisticsPeriodForm, Statistics, list[monthly.FiscalYearBlock]]:
    municipalities, programmes = statistics_scope(request.user)
    form = StatisticsPeriodForm(request.GET or None, municipalities)
    start, end = form.period()
    chosen = programmes.filter(municipality__in=[m.pk for m in form.chosen_municipalities()])
    return form, programme_statistics(chosen, start, end), monthly.by_month(chosen, start, end)


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, stats, months = _statistics(request)
    return render(
        request,
        "calendar_public/statistics.html",
        {
            "form": form,
            "stats": stats,
            "months": months,
            "presets": _presets(timezone.localdate()),
            "export_url": reverse("programme-statistics-csv") + "?" + request.GET.urlencode(),
        },
    )


@login_required
def statistics_csv(request: HttpRequest) -> HttpResponse:
    form, stats, months = _statistics(request)
    for municipality in form.chosen_municipalities():
        record(
            AuditAction.EXPORT,
            object_type="programmes.statistics",
            municipality_id=municipality.pk,
            extra={"from": stats.start.isoformat(), "to": stats.end.isoformat(), "format": "csv"},
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(stats.csv_rows())
    writer.writerow([])  # the by-month table follows the per-programme one
    writer.writerows(monthly.csv_rows(months))
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    name = f"programme-statistics_{stats.start:%Y%m%d}-{stats.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _presets(today: datetime.date) -> list[tuple[str, str]]:
    """今月・先月・今年度・前年度 as links (local dates)."""
    this_month = today.replace(day=1)
    last_month_end = this_month - datetime.timedelta(days=1)
    periods = [
        ("今月", this_month, today),
        ("先月", last_month_end.replace(day=1), last_month_end),
        ("今年度", fiscal_year_start(today), today),
        (
            "前年度",
            fiscal_year_start(today).replace(year=fiscal_year_start(today).year - 1),
            fiscal_year_start(today) - datetime.timedelta(days=1),
        ),
    ]
    base = reverse("programme-statistics")
    return [
        (label, base + "?" + urlencode({"date_from": f"{s:%Y-%m-%d}", "date_to": f"{e:%Y-%m-%d}"}))
        for label, s, e in periods
    ]
