"""Pages of support meetings. Every view starts with an access helper; the rules are the
services'. A 支援会議 member who has not acknowledged 守秘義務 sees the invitation and the
acknowledgement form only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, can, memberships_for, municipalities_where
from tsunagu.audit.log import record, record_list
from tsunagu.audit.models import AuditAction
from tsunagu.people.models import Case
from tsunagu.people.visibility import field_policy
from tsunagu.tenancy.models import Window

from . import agenda, outcomes, services
from .access import (
    actions_of,
    agenda_of,
    get_action_item_for_user,
    get_item_for_user,
    get_meeting_for_user,
    meetings_for,
    members_of,
    roles_of,
)
from .forms import (
    ActionItemForm,
    AgendaItemForm,
    DirectionForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    RoleForm,
    add_service_errors,
)
from .models import ActionItem, AgendaItem, Meeting, MeetingMember

PAGE_SIZE = 50


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Action.VIEW_CASE):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    meetings = list(meetings_for(user)[:PAGE_SIZE])
    record_list(Meeting, meetings, page="meeting_list")
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": meetings,
            "may_create": bool(municipalities_where(user, Action.MANAGE_MEETINGS)),
            "now": timezone.now(),
        },
    )


def _windows_for(user: Any, municipality_id: int) -> Any:
    return Window.objects.filter(municipality_id=municipality_id).order_by("name")


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    where = municipalities_where(user, Action.MANAGE_MEETINGS)
    if not where:
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    municipality_id = where[0]
    memberships = memberships_for(user, municipality_id, action=Action.MANAGE_MEETINGS)
    default_window = next((m.window for m in memberships if m.window_id), None)
    form_kwargs = {
        "windows": _windows_for(user, municipality_id),
        "users": services.eligible_members(municipality_id).exclude(pk=user.pk),
        "default_window": default_window,
    }
    form = MeetingForm(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        window, members = data.pop("window"), list(data.pop("members") or [])
        try:
            meeting = services.create_meeting(user, window=window, members=members, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("会議を作成し、構成員に招集を送りました。"))
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


def _detail_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    user = request.user
    member = services.member_of(user, meeting)
    manage = services.may_manage(user, meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "member": member,
        "may_manage": manage,
        "window_state": meeting.window_state(),
        "may_see": services.may_see_contents(user, meeting, member),
    }
    if not context["may_see"]:
        return context
    items = list(agenda_of(user, meeting).select_related("prepared_by"))
    roles = list(roles_of(user, items))
    actions = list(actions_of(user, items))
    for item in items:
        item.role_rows = [r for r in roles if r.item_id == item.pk]
        item.action_rows = [a for a in actions if a.item_id == item.pk]
    record_list(AgendaItem, items, page="meeting_detail")
    context.update(
        {
            "members": list(members_of(user, meeting)),
            "items": items,
            "may_add_item": can(user, Action.MANAGE_MEETINGS, meeting.municipality_id)
            and (manage or member is not None)
            and context["window_state"] != "closed",
            "today": timezone.localdate(),
        }
    )
    if manage:
        context["member_form"] = MemberForm(users=_invitable(meeting))
    return context


def _invitable(meeting: Meeting) -> Any:
    present = MeetingMember.objects.in_municipality(meeting.municipality_id).filter(meeting=meeting)
    return services.eligible_members(meeting).exclude(pk__in=present.values("user_id"))


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting))


@login_required
@require_POST
def meeting_acknowledge(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("守秘義務の内容を確認し、チェックを入れてください。"))
        return redirect("meeting-detail", meeting_id=meeting.pk)
    services.acknowledge(request.user, meeting)
    messages.success(request, _("守秘義務の確認を記録しました。"))
    return redirect("meeting-detail", meeting_id=meeting.pk)


@login_required
@require_POST
def meeting_add_member(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    services.check_manage(request.user, meeting)
    form = MemberForm(request.POST, users=_invitable(meeting))
    if form.is_valid():
        try:
            agenda.add_member(request.user, meeting, form.cleaned_data["user"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("構成員を追加し、招集を送りました。"))
            return redirect("meeting-detail", meeting_id=meeting.pk)
    context = _detail_context(request, meeting)
    context["member_form"] = form
    return render(request, "meetings/meeting_detail.html", context, status=422)


@login_required
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = request.user
    meeting = get_meeting_for_user(user, meeting_id)
    if not can(user, Action.MANAGE_MEETINGS, meeting.municipality_id):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    network = not meeting.holds_cases
    form = AgendaItemForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        case = None
        case_id = data.pop("case", None)
        if case_id is not None:
            case = Case.objects.visible_to(user, Action.MANAGE_MEETINGS).filter(pk=case_id).first()
            if case is None:
                form.add_error(
                    "case", _("このケース番号は議題にできません（担当窓口のケースだけ）。")
                )
        if not form.errors:
            try:
                item = agenda.add_agenda_item(user, meeting, case=case, **data)
            except ValidationError as error:  # DisclosureRefused included
                add_service_errors(form, error)
            else:
                messages.success(request, _("議題を追加し、構成員に共有しました。"))
                return redirect("agenda-item", item_id=item.pk)
    return render(
        request, "meetings/agenda_form.html", {"meeting": meeting, "form": form, "network": network}
    )


def _item_context(request: HttpRequest, item: AgendaItem) -> dict[str, Any]:
    user = request.user
    meeting = item.meeting
    manage = services.may_manage(user, meeting)
    users = outcomes.meeting_users(meeting)
    roles = list(roles_of(user, [item]))
    actions = list(actions_of(user, [item]))
    context: dict[str, Any] = {
        "item": item,
        "meeting": meeting,
        "may_manage": manage,
        "reads_sensitive": field_policy(user).readable(item, "sensitive_summary"),
        "roles": roles,
        "actions": actions,
        "today": timezone.localdate(),
        "window_state": meeting.window_state(),
    }
    if manage and context["window_state"] != "before":
        context["direction_form"] = DirectionForm(initial={"direction": item.direction})
        context["role_form"] = RoleForm(
            organizations=outcomes.assignable_organizations(meeting), users=users
        )
        context["action_form"] = ActionItemForm(users=users)
    if item.case_id and can(user, Action.MANAGE_MEETINGS, item.municipality_id):
        context["unshared"] = agenda.unshared_members(item)
    return context


@login_required
def agenda_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """The prepared summary of one agenda case (never the case itself) and its outcomes."""
    item = get_item_for_user(request.user, item_id)
    return render(request, "meetings/agenda_item.html", _item_context(request, item))


def _outcome_post(request: HttpRequest, item_id: int, key: str, build: Any, act: Any) -> Any:
    item = get_item_for_user(request.user, item_id)
    services.check_manage(request.user, item.meeting)
    context = _item_context(request, item)
    form = build(request.POST, item)
    if form.is_valid():
        try:
            act(item, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("記録しました。"))
            return redirect("agenda-item", item_id=item.pk)
    context[key] = form
    return render(request, "meetings/agenda_item.html", context, status=422)


@login_required
@require_POST
def agenda_direction(request: HttpRequest, item_id: int) -> HttpResponse:
    return _outcome_post(
        request,
        item_id,
        "direction_form",
        lambda data, item: DirectionForm(data),
        lambda item, d: outcomes.set_direction(request.user, item, d["direction"]),
    )


@login_required
@require_POST
def agenda_role(request: HttpRequest, item_id: int) -> HttpResponse:
    return _outcome_post(
        request,
        item_id,
        "role_form",
        lambda data, item: RoleForm(
            data,
            organizations=outcomes.assignable_organizations(item.meeting),
            users=outcomes.meeting_users(item.meeting),
        ),
        lambda item, d: outcomes.assign_role(request.user, item, **d),
    )


@login_required
@require_POST
def agenda_action(request: HttpRequest, item_id: int) -> HttpResponse:
    return _outcome_post(
        request,
        item_id,
        "action_form",
        lambda data, item: ActionItemForm(data, users=outcomes.meeting_users(item.meeting)),
        lambda item, d: outcomes.add_action_item(request.user, item, **d),
    )


@login_required
@require_POST
def agenda_share(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_item_for_user(request.user, item_id)
    try:
        count = agenda.share_item(request.user, item)
    except ValidationError as error:  # DisclosureRefused included
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)s人の構成員に共有しました。") % {"n": count})
    return redirect("agenda-item", item_id=item.pk)


@login_required
def action_item_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Action.VIEW_CASE):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    actions = list(outcomes.open_action_items(user)[:PAGE_SIZE])
    record_list(ActionItem, actions, page="action_items")
    return render(
        request,
        "meetings/action_items.html",
        {"actions": actions, "today": timezone.localdate()},
    )


@login_required
@require_POST
def action_item_done(request: HttpRequest, action_item_id: int) -> HttpResponse:
    action = get_action_item_for_user(request.user, action_item_id)
    outcomes.complete_action_item(request.user, action)
    messages.success(request, _("完了にしました。"))
    if request.POST.get("next") == "item" and action.item_id:
        return redirect("agenda-item", item_id=action.item_id)
    return redirect("action-item-list")


@login_required
def minutes_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    services.check_manage(request.user, meeting)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.save_minutes(request.user, meeting, form.cleaned_data["minutes"])
            if request.POST.get("request_approval") == "1":
                outcomes.request_minutes_approval(request.user, meeting)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.POST.get("request_approval") == "1":
                messages.success(request, _("議事録を保存し、承認を依頼しました。"))
            else:
                messages.success(request, _("議事録を保存しました。"))
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return render(request, "meetings/minutes_form.html", {"meeting": meeting, "form": form})


@login_required
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes as a PDF (Japanese fonts): the organisers and supervisors; marked 案 until
    a supervisor has approved them."""
    from tsunagu.core.pdf import render_pdf

    meeting = get_meeting_for_user(request.user, meeting_id)
    services.check_manage(request.user, meeting)
    context = _detail_context(request, meeting)
    context["reads_minutes"] = field_policy(request.user).readable(meeting, "minutes")
    context["printed_at"] = timezone.localtime()
    pdf = render_pdf("meetings/minutes_pdf.html", context)
    record(AuditAction.EXPORT, obj=meeting, extra={"format": "pdf", "state": meeting.minutes_state})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.pdf"'
    return response
