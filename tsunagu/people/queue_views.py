"""The unassigned queue page (未割当のケース) and the 「担当する」 button (people.queue)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.audit.log import record_list
from tsunagu.core.validation import clean_id
from tsunagu.tenancy.models import Window

from . import queue
from .access import get_case_for_user
from .models import Case
from .visibility import field_policy

QUEUE_PER_PAGE = 50


def _window_filter(request: HttpRequest, windows: list[Window]) -> Window | None:
    try:
        window_id = clean_id(request.GET.get("window"), required=False)
    except ValidationError:
        return None
    return next((w for w in windows if w.pk == window_id), None)


@login_required
def unassigned(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not queue.may_see_queue(user):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    windows = queue.queue_windows(user)
    window = _window_filter(request, windows)
    cases = queue.unassigned_cases(user).select_related("person", "window")
    if window is not None:
        cases = cases.filter(window=window)
    page = Paginator(cases.order_by("opened_on", "pk"), QUEUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    takeable = set(
        queue.takeable_cases(user).filter(pk__in=[c.pk for c in shown]).values_list("pk", flat=True)
    )
    policy = field_policy(user)
    today = timezone.localdate()
    rows: list[dict[str, Any]] = [
        {
            "case": case,
            "personal": policy.readable(case, "person"),
            "waiting_days": (today - case.opened_on).days,
            "may_take": case.pk in takeable,
        }
        for case in shown
    ]
    record_list(Case, shown, page="unassigned_queue")
    return render(
        request,
        "people/queue/unassigned.html",
        {
            "page_obj": page,
            "rows": rows,
            "windows": windows,
            "window": window,
            "page_range": page.paginator.get_elided_page_range(page.number),
        },
    )


@login_required
@require_POST
def take(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    try:
        queue.take_case(request.user, case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("case-unassigned")
    messages.success(request, _("このケースの主担当になりました。"))
    return redirect("case-detail", case_id=case.pk)


def take_facts(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The case page's fact `may_take` (people.panels.register_case_summary): its actions show
    「担当する」 on an unassigned case the user may take."""
    return {"may_take": queue.may_take(request.user, case)}
