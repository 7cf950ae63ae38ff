from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tsunagu.accounts.permissions import Action, municipalities_where

from .models import AuditEvent


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The latest audit events of the municipalities where the user may read the log."""
    municipality_ids = municipalities_where(request.user, Action.VIEW_AUDIT_LOG)
    if not municipality_ids:
        raise PermissionDenied
    events = AuditEvent.objects.filter(municipality_id__in=municipality_ids).order_by("-id")[:200]
    return render(request, "audit/log.html", {"events": events})
