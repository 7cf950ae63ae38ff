"""Staff pages of programmes: list, detail, create/edit, schedules, exceptions, sessions.
Every view starts with an access helper (tsunagu.programmes.access); the rules are the
services'. Rosters and attendance: views_roster.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, can
from tsunagu.resources.models import Location

from . import schedules, services
from .access import (
    get_programme_for_user,
    get_session_for_user,
    may_manage,
    may_run_roster,
    programmes_for,
    runners_for,
)
from .forms import (
    CancelForm,
    EditSessionForm,
    ExceptionForm,
    ExtraSessionForm,
    ProgrammeForm,
    ScheduleForm,
    add_service_errors,
)
from .models import Programme, Schedule, ScheduleException
from .sessions import add_extra_session, cancel_session, edit_session, reinstate_session

PROGRAMME_FIELDS = (
    "name kind audience description easy_summary activities age_min age_max residents_only "
    "requires_enrolment capacity offer_hours place accessibility how_to_join visit_info contact "
    "skip_holidays skip_year_end is_published name_kana name_en fee fee_detail contact_phone "
    "contact_extension url location parking"
).split()


def _require_view(user: Any) -> None:
    if not can(user, Action.VIEW_PROGRAMMES):
        raise PermissionDenied(_("この操作を行う権限がありません。"))


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    programmes = list(programmes_for(request.user).order_by("municipality__code", "name"))
    windows, orgs = runners_for(request.user)
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "may_create": bool(windows or orgs)},
    )


def _runner_choices(user: Any, programme: Programme | None) -> list[tuple[str, str]]:
    windows, orgs = runners_for(user)
    choices = [(f"window:{w.pk}", f"{w.name}（窓口）") for w in windows]
    choices += [(f"org:{o.pk}", f"{o.name}（団体）") for o in orgs]
    if programme is not None:  # the current runner stays selectable
        current = (
            f"window:{programme.window_id}"
            if programme.window_id
            else f"org:{programme.organization_id}"
        )
        if current not in dict(choices):
            choices.insert(0, (current, str(programme.runner)))
    return choices


def _locations(user: Any, programme: Programme | None) -> QuerySet[Location]:
    """The directory places a programme of the user's may be held at: those of the
    municipalities the user runs programmes in."""
    windows, orgs = runners_for(user)
    municipalities = {r.municipality_id for r in (*windows, *orgs)}
    if programme is not None:
        municipalities.add(programme.municipality_id)
    return Location.objects.filter(municipality__in=municipalities).order_by("name")


def _apply_runner(programme: Programme, value: str, user: Any) -> None:
    windows, orgs = runners_for(user)
    kind, _sep, pk = value.partition(":")
    if kind == "window" and pk.isdigit() and any(w.pk == int(pk) for w in windows):
        window = next(w for w in windows if w.pk == int(pk))
        programme.window, programme.organization = window, None
        programme.municipality_id = window.municipality_id
    elif kind == "org" and pk.isdigit() and any(o.pk == int(pk) for o in orgs):
        org = next(o for o in orgs if o.pk == int(pk))
        programme.window, programme.organization = None, org
        programme.municipality_id = org.municipality_id
    elif programme.pk is None:
        raise ValidationError({"runner": _("選べない値です。")})


@login_required
def programme_edit(request: HttpRequest, programme_id: int | None = None) -> HttpResponse:
    user = request.user
    programme = get_programme_for_user(user, programme_id) if programme_id else None
    if programme is not None and not may_manage(user, programme):
        raise PermissionDenied(_("このプログラムを編集する権限がありません。"))
    runners = _runner_choices(user, programme)
    if not runners:
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    initial = None
    if programme is not None:
        initial = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
        initial["activities"] = "\n".join(programme.activities)
        initial["slug"] = programme.slug
        initial["runner"] = (
            f"window:{programme.window_id}"
            if programme.window_id
            else f"org:{programme.organization_id}"
        )
    form = ProgrammeForm(
        request.POST or None,
        initial=initial,
        runners=runners,
        editing=programme is not None,
        locations=_locations(user, programme),
    )
    if request.method == "POST" and form.is_valid():
        target = programme or Programme()
        try:
            with transaction.atomic():
                _apply_runner(target, form.cleaned_data["runner"], user)
                if programme is None:
                    target.slug = form.cleaned_data["slug"]
                for name in PROGRAMME_FIELDS:
                    setattr(target, name, form.cleaned_data[name])
                if target.location and target.location.municipality_id != target.municipality_id:
                    raise ValidationError({"location": _("同じ自治体の場所を選んでください。")})
                if not may_manage(user, target):
                    raise PermissionDenied(_("このプログラムを編集する権限がありません。"))
                target.save()
        except ValidationError as error:
            add_service_errors(form, error)
        except IntegrityError:
            form.add_error("slug", _("この識別名はすでに使われています。"))
        else:
            messages.success(request, _("保存しました。"))
            return redirect("programme-detail", target.pk)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": programme})


@login_required
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = request.user
    programme = get_programme_for_user(user, programme_id)
    now = timezone.now()
    sessions = programme.sessions.order_by("starts_at")
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "schedules": list(programme.schedules.prefetch_related("exceptions")),
            "upcoming": list(sessions.filter(ends_at__gte=now)[:8]),
            "recent": list(sessions.filter(ends_at__lt=now).order_by("-starts_at")[:5]),
            "may_manage": may_manage(user, programme),
            "may_roster": may_run_roster(user, programme, Action.VIEW_PARTICIPANTS),
            "may_attend": may_run_roster(user, programme, Action.MANAGE_PARTICIPANTS),
            "free_places": services.free_places(programme)
            if may_run_roster(user, programme, Action.VIEW_PARTICIPANTS)
            else None,
        },
    )


def _managed(request: HttpRequest, programme_id: int) -> Programme:
    programme = get_programme_for_user(request.user, programme_id)
    if not may_manage(request.user, programme):
        raise PermissionDenied(_("このプログラムを編集する権限がありません。"))
    return programme


@login_required
def schedule_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed(request, programme_id)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        schedule = Schedule(programme=programme, **form.cleaned_data)
        with transaction.atomic():
            schedule.save()
            result = schedules.materialise_programme(programme)
        messages.success(
            request, _("予定を追加し、%(n)s回分の開催回を作りました。") % {"n": len(result.created)}
        )
        return redirect("programme-detail", programme.pk)
    return render(request, "programmes/schedule_form.html", {"form": form, "programme": programme})


@login_required
def schedule_exception(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule = Schedule.objects.filter(pk=schedule_id).select_related("programme").first()
    programme = _managed(request, schedule.programme_id if schedule else 0)
    form = ExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            ScheduleException.objects.update_or_create(
                schedule=schedule,
                date=form.cleaned_data["date"],
                defaults={"reason": form.cleaned_data["reason"]},
            )
            schedules.materialise_programme(programme)
        messages.success(request, _("休みの日を登録しました（その日の回は中止になります）。"))
        return redirect("programme-detail", programme.pk)
    return render(
        request,
        "programmes/exception_form.html",
        {"form": form, "programme": programme, "schedule": schedule},
    )


@login_required
def session_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id)
    return render(
        request,
        "programmes/session_list.html",
        {
            "programme": programme,
            "sessions": list(programme.sessions.order_by("-starts_at")[:200]),
            "may_manage": may_manage(request.user, programme),
            "may_attend": may_run_roster(request.user, programme, Action.MANAGE_PARTICIPANTS),
            "now": timezone.now(),
        },
    )


@login_required
def session_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed(request, programme_id)
    form = ExtraSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_extra_session(request.user, programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("臨時の回を追加しました。"))
            return redirect("programme-sessions", programme.pk)
    return render(request, "programmes/session_form.html", {"form": form, "programme": programme})


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request.user, session_id)
    if not may_manage(request.user, session.programme):
        raise PermissionDenied(_("このプログラムを編集する権限がありません。"))
    form = EditSessionForm(request.POST or None, initial=EditSessionForm.initial_of(session))
    if request.method == "POST" and form.is_valid():
        try:
            edit_session(request.user, session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("この回を変更しました（カレンダーにも反映されます）。"))
            return redirect("programme-sessions", session.programme_id)
    return render(request, "programmes/session_edit.html", {"form": form, "session": session})


@login_required
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request.user, session_id)
    if not may_manage(request.user, session.programme):
        raise PermissionDenied(_("このプログラムを編集する権限がありません。"))
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_session(request.user, session, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("この回を中止にしました。"))
            return redirect("programme-sessions", session.programme_id)
    return render(request, "programmes/session_cancel.html", {"form": form, "session": session})


@login_required
@require_POST
def session_reinstate(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request.user, session_id)
    try:
        reinstate_session(request.user, session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("中止を取り消しました。"))
    return redirect("programme-sessions", session.programme_id)
