"""Pages of the handoff workflow: hand a case off, and the receiver's 「引き継ぎの受諾待ち」."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.audit.log import record_list, record_view
from tsunagu.core.validation.date_fields import WarekiDateField
from tsunagu.tenancy.models import Organization, Window

from . import grants, handoff
from .access import get_case_for_user
from .models import Case, CaseAccess


class HandoffForm(forms.Form):
    target = forms.ChoiceField(
        label=gettext_lazy("引き継ぎ先"),
        error_messages={
            "required": gettext_lazy("引き継ぎ先を選んでください。"),
            "invalid_choice": gettext_lazy("引き継ぎ先を一覧から選んでください。"),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("申し送り事項"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "引き継ぎ先が受諾するまでは、ケースの内容ではなくこの申し送りだけが相手に表示されます。"
        ),
        error_messages={"required": gettext_lazy("申し送り事項を入力してください。")},
    )
    covers_contacts = forms.BooleanField(
        label=gettext_lazy("支援記録を見られるようにする"), required=False, initial=True
    )
    covers_intake = forms.BooleanField(
        label=gettext_lazy("相談受付票を見られるようにする"), required=False, initial=True
    )
    covers_sensitive = forms.BooleanField(
        label=gettext_lazy("要配慮個人情報（相談の概要・記録の本文など）を見られるようにする"),
        required=False,
        initial=True,
    )
    until = WarekiDateField(
        label=gettext_lazy("アクセスの期限（任意）"),
        required=False,
        help_text=gettext_lazy(
            "この日の終わりまで（和暦可。例: 令和8年4月30日、R8.4.30）。"
            "空欄なら終了の操作をするまで続きます。"
        ),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = [(f"user:{u.pk}", str(u)) for u in handoff.receiver_candidates(case)]
        orgs = [(f"org:{o.pk}", o.name) for o in grants.team_organizations(case)]
        windows = [
            (f"window:{w.pk}", w.name)
            for w in Window.objects.filter(municipality_id=case.municipality_id).exclude(
                pk=case.window_id
            )
        ]
        self.fields["target"].choices = [
            ("", _("選んでください")),
            (_("委託相談員・相談員"), users),
            (_("委託先（関係機関へは「おつなぎ」から）"), orgs),
            (_("ほかの窓口"), windows),
        ]

    def clean_until(self) -> datetime.date | None:
        until = self.cleaned_data.get("until")
        if until is not None and until < timezone.localdate():
            raise ValidationError(_("期限には今日以降の日付を指定してください。"))
        return until

    def covers(self) -> dict[str, bool]:
        return {name: self.cleaned_data[name] for name in grants.COVER_FIELDS}

    def ends_at(self) -> datetime.datetime | None:
        until = self.cleaned_data.get("until")
        return grants.end_of_day(until) if until else None

    def target_kwargs(self) -> dict[str, Any]:
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        model = {"user": User, "org": Organization, "window": Window}[kind]
        key = {"user": "to_user", "org": "to_organization", "window": "to_window"}[kind]
        return {key: model.objects.get(pk=int(pk))}


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("辞退する理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("辞退する理由を入力してください。")},
    )


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def case_handoff(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    handoff.check_may_hand_off(request.user, case)
    form = HandoffForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            handoff.hand_off(
                request.user,
                case,
                note=form.cleaned_data["note"],
                covers=form.covers(),
                ends_at=form.ends_at(),
                **form.target_kwargs(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("引き継ぎを依頼しました。相手の受諾を待っています。"))
            return redirect("case-detail", case_id=case.pk)
    return render(
        request,
        "people/handoff/handoff_form.html",
        {
            "case": case,
            "form": form,
            "handoffs": handoff.handoffs_of(request.user, case),
        },
    )


def case_panel_context(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    """Context of the handoff panel on the case page (people.panels)."""
    user = request.user
    return {
        "handoffs": handoff.handoffs_of(user, case),
        "can_hand_off": handoff.may_hand_off(user, case),
    }


def _inbox_row(user: User, access: CaseAccess) -> dict[str, Any]:
    """Minimal information about a pending handoff: never the case's own fields."""
    return {
        "access": access,
        "case_number": access.case_id,
        "window": access.case.window.name,
        "from": access.created_by,
    }


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    pending = list(handoff.pending_handoffs_for(request.user))
    record_list(CaseAccess, pending, page="handoff_inbox")
    rows = [_inbox_row(request.user, a) for a in pending]
    return render(request, "people/handoff/inbox.html", {"rows": rows})


def _after_accept(user: User, access: CaseAccess) -> HttpResponse:
    """The receiver lands on the case they accepted (the inbox when the acceptance gave them no
    access to it, e.g. a window handoff to a window they do not work at)."""
    if Case.objects.visible_to(user, Action.VIEW_CASE).filter(pk=access.case_id).exists():
        return redirect("case-detail", case_id=access.case_id)
    return redirect("handoff-inbox")


@login_required
def answer(request: HttpRequest, access_id: int) -> HttpResponse:
    access = handoff.get_pending_handoff_for_user(request.user, access_id)
    record_view(access)
    decline_form = DeclineForm(request.POST if request.POST.get("answer") == "decline" else None)
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                handoff.accept(request.user, access)
                messages.success(request, _("引き継ぎを受諾しました。"))
                return _after_accept(request.user, access)
            if decline_form.is_valid():
                handoff.decline(request.user, access, decline_form.cleaned_data["reason"])
                messages.success(request, _("引き継ぎを辞退しました。"))
                return redirect("handoff-inbox")
        except ValidationError as error:
            _add_errors(decline_form, error)
    return render(
        request,
        "people/handoff/answer.html",
        {"row": _inbox_row(request.user, access), "decline_form": decline_form},
    )
