"""Pages of the referrals: the case's referrals and the 「おつなぎ」 form (the sending side), the
receiving organisation's inbox, and one referral's page (both sides, with the answer, feedback
and cancellation forms). Thin: access helpers fetch, services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, can
from tsunagu.audit.log import record_list
from tsunagu.people.access import get_case_for_user
from tsunagu.people.views import add_form_errors
from tsunagu.people.visibility import field_policy

from . import queries, services
from .access import get_referral_for_user
from .forms import CancelForm, FeedbackForm, ReferralForm, RespondForm
from .models import Referral, ReferralEvent, Status

INBOX_PER_PAGE = 25


def _with_events(user: Any, referrals: list[Referral]) -> list[Referral]:
    """Attach each referral's events (one query for all), S-class notes resolved at once."""
    events = list(
        ReferralEvent.objects.visible_to(user, Action.VIEW_CASE)
        .filter(referral__in=[r.pk for r in referrals])
        .select_related("actor")
        .order_by("at", "pk")
    )
    field_policy(user).prime(events)
    by_referral: dict[int, list[ReferralEvent]] = {}
    for event in events:
        by_referral.setdefault(event.referral_id, []).append(event)
    for referral in referrals:
        referral.event_list = by_referral.get(referral.pk, [])
    record_list(ReferralEvent, events, page="referrals")
    return referrals


@login_required
def case_referrals(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's referrals with their answers and feedback (the sending side's view)."""
    user = request.user
    case = get_case_for_user(user, case_id)
    referrals = list(queries.referrals_of_case(user, case))
    record_list(Referral, referrals, page="case_referrals")
    return render(
        request,
        "referrals/case_referrals.html",
        {
            "case": case,
            "referrals": _with_events(user, referrals),
            "may_refer": services.may_refer(user, case),
        },
    )


@login_required
def case_referral_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """「おつなぎ」: organisation, service, what is shared, the basis, the request."""
    user = request.user
    case = get_case_for_user(user, case_id)
    services.check_may_refer(user, case)
    form = ReferralForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.send_referral(
                user,
                case,
                organization=form.cleaned_data["organization"],
                basis=form.basis_value(),
                message=form.cleaned_data["message"],
                service_name=form.cleaned_data["service_name"],
                covers=form.covers(),
            )
        except ValidationError as error:  # DisclosureRefused included: shown as is
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(org)sにおつなぎしました。") % {"org": referral.organization.name},
            )
            return redirect("referral-detail", referral_id=referral.pk)
    return render(request, "referrals/referral_form.html", {"case": case, "form": form})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """届いたおつなぎ: referrals sent to the user's organisation, open ones first."""
    user = request.user
    if not can(user, Action.ANSWER_REFERRAL):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    rows = queries.received_referrals(user, status or None)
    page = Paginator(rows, INBOX_PER_PAGE).get_page(request.GET.get("page"))
    record_list(Referral, page, page="referral_inbox")
    return render(
        request,
        "referrals/inbox.html",
        {"page_obj": page, "status": status, "statuses": Status.choices},
    )


def _detail(request: HttpRequest, referral: Referral, **forms: Any) -> HttpResponse:
    user = request.user
    receiver = services.is_receiver(user, referral)
    sender_side = not receiver and services.may_refer(user, referral.case)
    context = {
        "referral": referral,
        "events": _with_events(user, [referral])[0].event_list,
        "receiver": receiver,
        "shared_view_open": services.shared_view_active(referral),
        "covered": referral.grant.covered(),
        "respond_form": forms.get("respond_form"),
        "feedback_form": forms.get("feedback_form"),
        "cancel_form": forms.get("cancel_form"),
    }
    if receiver:
        if context["respond_form"] is None and services.may_answer(user, referral):
            context["respond_form"] = RespondForm(referral=referral)
        if context["feedback_form"] is None and services.may_send_feedback(user, referral):
            context["feedback_form"] = FeedbackForm()
    elif sender_side and referral.is_open and context["cancel_form"] is None:
        context["cancel_form"] = CancelForm()
    return render(request, "referrals/detail.html", context)


@login_required
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _detail(request, get_referral_for_user(request.user, referral_id))


@login_required
@require_POST
def respond(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = request.user
    referral = get_referral_for_user(user, referral_id)
    if not services.is_receiver(user, referral):
        raise PermissionDenied(_("このおつなぎに回答できるのは、おつなぎ先の機関の職員だけです。"))
    form = RespondForm(request.POST, referral=referral)
    if form.is_valid():
        try:
            services.respond(
                user, referral, form.cleaned_data["status"], form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("「%(status)s」と回答しました。") % {"status": referral.get_status_display()},
            )
            return redirect("referral-detail", referral_id=referral.pk)
    return _detail(request, referral, respond_form=form)


@login_required
@require_POST
def feedback(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = request.user
    referral = get_referral_for_user(user, referral_id)
    if not services.is_receiver(user, referral):
        raise PermissionDenied(_("このおつなぎに回答できるのは、おつなぎ先の機関の職員だけです。"))
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.add_feedback(user, referral, form.cleaned_data["text"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("フィードバックを送りました。"))
            return redirect("referral-detail", referral_id=referral.pk)
    return _detail(request, referral, feedback_form=form)


@login_required
@require_POST
def cancel(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = request.user
    referral = get_referral_for_user(user, referral_id)
    services.check_may_refer(user, referral.case)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel(user, referral, form.cleaned_data["reason"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("おつなぎを取り消しました。共有も終了しました。"))
            return redirect("case-referrals", case_id=referral.case_id)
    return _detail(request, referral, cancel_form=form)
