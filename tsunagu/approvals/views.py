"""The supervisor's 「承認待ち」 list and the decision page of one request (approve / return)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, municipalities_where

from . import registry, services
from .access import get_request_for_user
from .forms import DecisionForm
from .models import ApprovalRequest

PER_PAGE = 30


def _require_approver(request: HttpRequest) -> None:
    if not municipalities_where(request.user, Action.APPROVE):
        raise PermissionDenied("この操作を行う権限がありません。")


@login_required
def approval_waiting(request: HttpRequest) -> HttpResponse:
    _require_approver(request)
    page = Paginator(services.waiting_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "approvals/waiting.html", {"page_obj": page, "requests": page.object_list}
    )


def _detail_page(
    request: HttpRequest, approval: ApprovalRequest, form: DecisionForm, status: int = 200
) -> HttpResponse:
    registered = registry.find(approval.kind)
    describe = registered.describe if registered else None
    context = {
        "approval": approval,
        "target_url": services.target_url(approval),
        "described": describe(approval) if describe else [],
        "form": form,
        "own": approval.requested_by_id == request.user.pk,
    }
    return render(request, "approvals/detail.html", context, status=status)


@login_required
def approval_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    approval = get_request_for_user(request.user, request_id)
    return _detail_page(request, approval, DecisionForm())


@login_required
@require_POST
def approval_decide(request: HttpRequest, request_id: int, decision: str) -> HttpResponse:
    approval = get_request_for_user(request.user, request_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if decision == "approve":
                services.approve(request.user, approval, comment)
            else:
                services.return_for_changes(request.user, approval, comment)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            verdict = "承認しました" if decision == "approve" else "差し戻しました"
            messages.success(request, f"{approval.kind_label}の申請 #{approval.pk} を{verdict}。")
            return redirect("approval-waiting")
    return _detail_page(request, approval, form)
