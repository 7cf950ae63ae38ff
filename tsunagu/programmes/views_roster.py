"""Staff pages of who takes part: the roster with attendance rates and the waiting list, and
attendance taking for a session (made for a phone: one row per enrolled participant with
出席/欠席, then the visitors and the head count). Personal data: read through the scopes,
listed reads audited. Notes (要配慮) are shown and asked only of roles that read S."""

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

from tsunagu.accounts.permissions import Action, readable_classes
from tsunagu.audit.log import record_list
from tsunagu.tenancy.scoping import Sensitivity

from . import services
from .access import get_programme_for_user, get_session_for_user, may_run_roster, roster_of
from .attendance import (
    Mark,
    NamedVisitor,
    attendance_rates,
    members_for_attendance,
    record_attendance,
)
from .forms import CountsForm, EnrolForm, add_service_errors
from .linking import household_of, links_persons, member_label, person_for, pick_member
from .models import Attendance, Participant, ParticipantStatus, Programme

ACTIVE = (ParticipantStatus.ENROLLED, ParticipantStatus.OFFERED, ParticipantStatus.WAITING)


def _reads_notes(user: Any, programme: Programme) -> bool:
    return Sensitivity.S in readable_classes(user, programme.municipality_id)


def _roster_programme(request: HttpRequest, programme_id: int, action: str) -> Programme:
    programme = get_programme_for_user(request.user, programme_id)
    if not may_run_roster(request.user, programme, action):
        raise PermissionDenied(_("このプログラムの参加者を扱う権限がありません。"))
    return programme


@login_required
def participants(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = request.user
    programme = _roster_programme(request, programme_id, Action.VIEW_PARTICIPANTS)
    may_edit = may_run_roster(user, programme, Action.MANAGE_PARTICIPANTS)
    services.expire_offers(programme)  # an answer past its time frees the place now
    form = None
    if may_edit:
        form = _enrol(request, programme)
        if form is None:
            return redirect("programme-participants", programme.pk)
    rows = list(
        roster_of(user, programme)
        .filter(status__in=ACTIVE)
        .order_by("status", "requested_at", "pk")
    )
    record_list(Participant, rows, page="programme_participants")
    rates = {r.participant.pk: r for r in attendance_rates(rows)}
    enrolled = [p for p in rows if p.status == ParticipantStatus.ENROLLED]
    queue = sorted(
        (p for p in rows if p.status != ParticipantStatus.ENROLLED),
        key=lambda p: (p.status != ParticipantStatus.OFFERED, p.requested_at, p.pk),
    )
    return render(
        request,
        "programmes/participants.html",
        {
            "programme": programme,
            "enrolled": [(p, rates.get(p.pk)) for p in enrolled],
            "queue": queue,
            "form": form,
            "may_edit": may_edit,
            "reads_notes": _reads_notes(user, programme),
            "free_places": services.free_places(programme),
            "links_persons": links_persons(user, programme),
        },
    )


def _chosen_person(request: HttpRequest, programme: Programme):
    """The person record named by the form (posted, or ?person= from a case), if any."""
    raw = request.POST.get("person_id") or request.GET.get("person") or ""
    if not (raw.isdigit() and len(raw) < 19) or not links_persons(request.user, programme):
        return None
    try:
        return person_for(request.user, programme, int(raw))
    except ValidationError:
        return None  # the form says so when it is posted


def _enrol(request: HttpRequest, programme: Programme) -> EnrolForm | None:
    """The enrolment form; None once a participant was enrolled. 「世帯員を表示」 (a second
    submit button, no JavaScript) only shows the person's household members to choose from."""
    user = request.user
    person = _chosen_person(request, programme)
    members = household_of(user, programme, person)
    today = timezone.localdate()
    choices = [(m.pk, member_label(m, today)) for m in members]
    if request.method != "POST" or "lookup" in request.POST:
        if "lookup" in request.POST and person is None:
            messages.error(request, _("その番号の本人記録は見つかりません。"))
        elif "lookup" in request.POST and not members:
            messages.info(request, _("この本人記録には、選べる世帯員が登録されていません。"))
        initial = {"person_id": person.pk} if person else {}
        if request.method == "POST":
            initial = {**request.POST.dict(), **initial}
        return EnrolForm(initial=initial, members=choices)
    form = EnrolForm(request.POST, members=choices)
    if not form.is_valid():
        return form
    data = form.cleaned_data
    try:
        if not links_persons(user, programme) and (
            data["person_id"] or data.get("household_member")
        ):
            raise ValidationError(
                {"person_id": _("このプログラムの参加者は、相談記録と結びつけられません。")}
            )
        person = person_for(user, programme, data.pop("person_id"))
        member = pick_member(members, person, data.pop("household_member"))
        if member is not None and not data["name"]:
            data["name"] = member.name or str(member.get_relation_display())
        participant = services.enrol(
            user, programme, person=person, household_member=member, **data
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return form
    if participant.status == ParticipantStatus.ENROLLED:
        messages.success(request, _("参加者として登録しました。"))
    else:
        messages.success(request, _("定員に達しているため、キャンセル待ちに登録しました。"))
    return None


@login_required
@require_POST
def participant_action(request: HttpRequest, programme_id: int) -> HttpResponse:
    """withdraw / accept / decline, for a participant named in the form."""
    user = request.user
    programme = _roster_programme(request, programme_id, Action.MANAGE_PARTICIPANTS)
    raw = request.POST.get("participant", "")
    participant = None
    if raw.isdigit() and len(raw) < 19:
        participant = (
            roster_of(user, programme, Action.MANAGE_PARTICIPANTS).filter(pk=int(raw)).first()
        )
    if participant is None:
        messages.error(request, _("参加者が見つかりません。"))
        return redirect("programme-participants", programme.pk)
    action = request.POST.get("action")
    try:
        if action == "withdraw":
            offers = services.withdraw(user, participant)
            messages.success(request, _("終了にしました。"))
            if offers:
                messages.info(
                    request,
                    _("キャンセル待ちの先頭の方（%(names)s）に空き枠をご案内中にしました。")
                    % {"names": "、".join(o.name for o in offers)},
                )
        elif action in ("accept", "decline"):
            services.answer_offer(user, participant, accept=action == "accept")
            messages.success(request, _("回答を記録しました。"))
        else:
            messages.error(request, _("選べない操作です。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("programme-participants", programme.pk)


@login_required
def attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    user = request.user
    session = get_session_for_user(user, session_id)
    programme = session.programme
    if not may_run_roster(user, programme, Action.MANAGE_PARTICIPANTS):
        raise PermissionDenied(_("このプログラムの参加者を扱う権限がありません。"))
    reads_notes = _reads_notes(user, programme)
    members = list(members_for_attendance(programme, session))
    record_list(Participant, members, page="programme_attendance")
    existing = {
        a.participant_id: a
        for a in Attendance.objects.visible_to(user, Action.MANAGE_PARTICIPANTS).filter(
            session=session, kind=Attendance.Kind.MEMBER
        )
    }
    visitors = list(
        Attendance.objects.visible_to(user, Action.MANAGE_PARTICIPANTS).filter(
            session=session, kind=Attendance.Kind.VISITOR
        )
    )
    counts = CountsForm(
        request.POST or None,
        initial={
            "visitor_count": session.visitor_count,
            "anonymous_count": session.anonymous_count,
        },
    )
    if request.method == "POST" and counts.is_valid():
        data = counts.cleaned_data
        marks = [
            Mark(
                p.pk,
                request.POST.get(f"present-{p.pk}") == "1",
                request.POST.get(f"note-{p.pk}", "")[:2000]
                if reads_notes
                else getattr(existing.get(p.pk), "note", ""),
            )
            for p in members
        ]
        named = []
        try:
            if data["visitor_name"]:
                if data["visitor_person_id"] and programme.organization_id:
                    raise ValidationError(
                        _("団体のプログラムの見学者は、相談記録の本人に結びつけられません。")
                    )
                person = person_for(user, programme, data["visitor_person_id"])
                named.append(NamedVisitor(data["visitor_name"], person))
            record_attendance(
                user,
                session,
                marks=marks,
                visitors=named,
                visitor_count=data["visitor_count"],
                anonymous_count=data["anonymous_count"],
            )
        except ValidationError as error:
            add_service_errors(counts, error)
        else:
            messages.success(request, _("出欠を記録しました。"))
            return redirect("session-attendance", session.pk)
    rows = [(p, existing.get(p.pk)) for p in members]
    return render(
        request,
        "programmes/attendance.html",
        {
            "session": session,
            "programme": programme,
            "rows": rows,
            "visitors": visitors,
            "counts": counts,
            "reads_notes": reads_notes,
            "links_persons": programme.organization_id is None,
            "not_yet": timezone.localtime(session.starts_at).date() > timezone.localdate(),
        },
    )
