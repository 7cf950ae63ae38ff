"""The audit-log screen: filters, paging and a CSV export (itself audited), for the roles that
may read the log (Action.VIEW_AUDIT_LOG) in their municipalities."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from .browse import AuditFilter, audit_events, export_csv, readable_municipalities
from .forms import AuditFilterForm

PAGE_SIZE = 50


def _filter(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter | None]:
    form = AuditFilterForm(readable_municipalities(request.user), request.GET)
    return form, form.to_filter() if form.is_valid() else None


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form, wanted = _filter(request)
    page = None
    if wanted is not None:
        paginator = Paginator(audit_events(request.user, wanted), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page},
        status=200 if wanted is not None else 422,
    )


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    form, wanted = _filter(request)
    if wanted is None:
        return render(request, "audit/log.html", {"form": form, "page": None}, status=422)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        export_csv(request.user, wanted), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
