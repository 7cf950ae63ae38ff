"""The intake screens: list, start, the phone screen (autosaved draft), submit, next step."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, municipalities_where
from tsunagu.audit.log import record_list
from tsunagu.core.validation import clean_id
from tsunagu.people.models import Case
from tsunagu.people.visibility import field_policy
from tsunagu.tenancy.models import Window

from . import services
from .access import get_intake_for_user
from .answers import risk_items
from .carry import proposed_updates
from .display import render_answers
from .forms import StartForm
from .from_concern import start_intake_from_report
from .models import FormVersion, Intake
from .next_step import intake_windows, next_step_context, routing_suggestions
from .schema import choices_of, core_fields
from .screen import answers_from_post, build_fields

ROUTED_KEY = "intake_routed"


@login_required
def intake_list(request: HttpRequest) -> HttpResponse:
    if not municipalities_where(request.user, Action.CREATE_INTAKE):
        raise PermissionDenied
    intakes = Intake.objects.visible_to(request.user, Action.CREATE_INTAKE).select_related(
        "window", "received_by"
    )
    status = request.GET.get("status", "")
    if status in Intake.Status.values:
        intakes = intakes.filter(status=status)
    urgency = request.GET.get("urgency", "")
    if urgency in Intake.Urgency.values:
        intakes = intakes.filter(urgency=urgency)
    if request.GET.get("risk") == "1":
        intakes = intakes.filter(has_risk=True)
    page = Paginator(intakes.order_by("-received_at", "-pk"), 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    record_list(Intake, rows, page="intake_list")
    versions = FormVersion.objects.filter(pk__in={i.form_version_id for i in rows})
    labels: dict[int, dict[str, dict[str, str]]] = {}
    for version in versions:
        cores = core_fields(version.schema)
        labels[version.pk] = {
            name: {c["code"]: c["label"] for c in choices_of(f)} for name, f in cores.items()
        }
    for intake in rows:
        found = labels.get(intake.form_version_id, {})
        intake.channel_label = found.get("channel", {}).get(intake.channel, intake.channel)
        intake.relation_label = found.get("consulter_relation", {}).get(
            intake.consulter_relation, intake.consulter_relation
        )
    return render(
        request,
        "intake/list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "urgency": urgency,
            "risk": request.GET.get("risk") == "1",
            "statuses": Intake.Status.choices,
            "urgencies": Intake.Urgency.choices,
        },
    )


def _report_to_take(request: HttpRequest) -> Any:
    """The concern report an intake is started from (?concern= or the posted field), checked
    and audited; None without one."""
    from tsunagu.concerns.services import get_report_for_triage

    raw = request.POST.get("concern") or request.GET.get("concern")
    if not raw:
        return None
    try:
        report_id = clean_id(raw)
    except ValidationError:
        report_id = 0
    return get_report_for_triage(request.user, report_id)


@login_required
def intake_new(request: HttpRequest) -> HttpResponse:
    from tsunagu.concerns.services import outcome_of

    municipality_ids = municipalities_where(request.user, Action.CREATE_INTAKE)
    if not municipality_ids:
        raise PermissionDenied
    report = _report_to_take(request)
    if report is not None:
        if outcome_of(request.user, report).has_intake:
            messages.error(request, _("この連絡からは既に受付票が作成されています。"))
            return redirect("concern-detail", report_id=report.pk)
        municipality_ids = [report.municipality_id]
    form = StartForm(
        request.user,
        municipality_ids,
        request.POST or None,
        initial={"concern": report.pk if report else ""},
    )
    if request.method == "POST" and form.is_valid():
        window = form.cleaned_data["window"]
        try:
            if report is not None:
                intake = start_intake_from_report(
                    request.user, report, window=window, answers=form.initial_answers()
                )
            else:
                intake = services.start_intake(
                    request.user,
                    window.municipality,
                    window=window,
                    answers=form.initial_answers(),
                )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("intake-detail", intake_id=intake.pk)
    return render(request, "intake/new.html", {"form": form, "report": report})


def _screen(
    request: HttpRequest,
    intake: Intake,
    values: dict[str, Any],
    errors: dict,
    *,
    cleaned: bool,
    status: int = 200,
) -> HttpResponse:
    schema = intake.form_version.schema
    sections = build_fields(schema, values, errors, cleaned=cleaned)
    risk = risk_items(schema, values) if cleaned else []
    if not cleaned:  # a rejected post: show guidance from what can be read of it
        try:
            from .answers import validate_answers

            risk = risk_items(schema, validate_answers(schema, values, partial=True))
        except ValidationError:
            risk = []
    return render(
        request,
        "intake/screen.html",
        {
            "intake": intake,
            "sections": sections,
            "risk": risk,
            "errors": errors,
            "windows": intake_windows(intake),
            "window_id": intake.window_id,
        },
        status=status,
    )


def _posted_window(request: HttpRequest, intake: Intake) -> Window | None:
    try:
        window_id = clean_id(request.POST.get("window"))
    except ValidationError:
        return None
    return Window.objects.filter(pk=window_id, municipality_id=intake.municipality_id).first()


@login_required
def intake_detail(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = get_intake_for_user(request.user, intake_id, audit=request.method == "GET")
    schema = intake.form_version.schema
    if not intake.is_draft:
        sections = render_answers(
            schema, intake.answers, field_policy(request.user).classes(intake)
        )
        return render(request, "intake/detail.html", {"intake": intake, "sections": sections})
    if request.method != "POST":
        return _screen(request, intake, intake.answers, {}, cleaned=True)
    answers = answers_from_post(schema, request.POST)
    window = _posted_window(request, intake)
    if request.POST.get("action") == "submit":
        try:
            services.submit_intake(request.user, intake, answers, window=window)
        except ValidationError as error:
            return _screen(request, intake, answers, error.message_dict, cleaned=False)
        messages.success(
            request, _("受付 %(number)s を受け付けました。") % {"number": intake.number}
        )
        return redirect("intake-next", intake_id=intake.pk)
    errors = services.save_draft(request.user, intake, answers, window=window)
    if errors:
        return _screen(request, intake, answers, errors, cleaned=False)
    messages.success(request, _("下書きを保存しました。"))
    return redirect("intake-detail", intake_id=intake.pk)


@login_required
def intake_autosave(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = get_intake_for_user(request.user, intake_id, audit=False)
    if request.method != "POST":  # after the access check: a foreign intake is a 404
        return HttpResponseNotAllowed(["POST"])
    if not intake.is_draft:
        return render(request, "intake/_autosave.html", {"done": True}, status=409)
    schema = intake.form_version.schema
    answers = answers_from_post(schema, request.POST)
    errors = services.save_draft(
        request.user, intake, answers, window=_posted_window(request, intake)
    )
    sections = build_fields(schema, intake.answers)
    dates = [f for s in sections for f in s["fields"] if f.is_date]
    for f in dates:  # the reading of a refused input is its error, never the last good value
        if f.key in errors:
            f.parsed, f.parsed_error = "", errors[f.key][0]
    labels = {f["key"]: f["label"] for s in schema["sections"] for f in s["fields"]}
    return render(
        request,
        "intake/_autosave.html",
        {
            "intake": intake,
            "saved_at": timezone.localtime(),
            "dates": dates,
            "risk": risk_items(schema, intake.answers),
            "errors": [(labels.get(k.split(".")[0], k), m) for k, ms in errors.items() for m in ms],
        },
    )


@login_required
def intake_next(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = get_intake_for_user(request.user, intake_id)
    if intake.is_draft:
        return redirect("intake-detail", intake_id=intake.pk)
    return render(request, "intake/next.html", next_step_context(request.user, intake))


@login_required
def intake_route(request: HttpRequest, intake_id: int) -> HttpResponse:
    """「担当窓口を決める」 on the next-step page: the suggestion, or another window with a reason."""
    intake = get_intake_for_user(request.user, intake_id, audit=False)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    window = _posted_window(request, intake)
    reason = request.POST.get("reason", "")

    def refused(errors: list[str]) -> HttpResponse:
        # the whole page again (with its duplicate check) only when the decision is refused
        context = next_step_context(request.user, intake)
        context.update(route_errors=errors, reason=reason)
        if window is not None:
            context["selected_id"] = window.pk
        return render(request, "intake/next.html", context, status=400)

    if window is None:
        return refused([_("担当窓口を選んでください。")])
    suggestions = routing_suggestions(intake)
    try:
        services.route_intake(
            request.user,
            intake,
            window,
            reason=reason,
            suggestion=suggestions[0] if suggestions else None,
        )
    except ValidationError as error:
        return refused(error.messages)
    if not Intake.objects.visible_to(request.user, Action.CREATE_INTAKE).filter(pk=intake.pk):
        return _routed_away(request, intake, window)
    messages.success(request, _("担当窓口を %(window)s に決めました。") % {"window": window.name})
    return redirect("intake-next", intake_id=intake.pk)


def _routed_away(request: HttpRequest, intake: Intake, window: Window) -> HttpResponse:
    """The intake or its case went out of the user's sight: say where it went, nothing more."""
    request.session[ROUTED_KEY] = {"number": intake.number, "window": window.name}
    return redirect("intake-routed")


def _to_case(request: HttpRequest, intake: Intake) -> HttpResponse:
    """To the new case, or — when it opened at a window the user does not see — to the page
    saying where it went."""
    if Case.objects.visible_to(request.user, Action.VIEW_CASE).filter(pk=intake.case_id):
        return redirect("case-detail", case_id=intake.case_id)
    return _routed_away(request, intake, intake.window)


@login_required
def intake_routed(request: HttpRequest) -> HttpResponse:
    """Where an intake the user routed away (and may no longer see) went."""
    if not municipalities_where(request.user, Action.CREATE_INTAKE):
        raise PermissionDenied
    routed = request.session.get(ROUTED_KEY)
    if not routed:
        return redirect("intake-list")
    return render(request, "intake/routed.html", {"routed": routed})


def _chosen_person(request: HttpRequest, intake: Intake) -> Any:
    from tsunagu.people.access import get_person_for_user

    try:
        person_id = clean_id(request.POST.get("person_id") or request.GET.get("person_id"))
    except ValidationError:
        person_id = 0
    return get_person_for_user(request.user, person_id)


@login_required
def intake_link(request: HttpRequest, intake_id: int) -> HttpResponse:
    """「この人にひもづける」: the intake's facts the person's record lacks are offered as
    updates (staff tick the ones to apply), then the intake is linked and the case opened."""
    intake = get_intake_for_user(request.user, intake_id, audit=False)
    person = _chosen_person(request, intake)
    if request.method == "POST":
        try:
            services.link_person(request.user, intake, person, apply=request.POST.getlist("apply"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("intake-next", intake_id=intake.pk)
        messages.success(request, _("本人にひもづけ、ケースを開始しました。"))
        return _to_case(request, intake)
    if intake.is_draft or intake.case_id:
        return redirect("intake-next", intake_id=intake.pk)
    return render(
        request,
        "intake/link.html",
        {"intake": intake, "person": person, "proposals": proposed_updates(intake, person)},
    )


@login_required
def intake_create_person(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = get_intake_for_user(request.user, intake_id, audit=False)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.create_person_for_intake(
            request.user, intake, confirmed_new=request.POST.get("confirmed_new") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("intake-next", intake_id=intake.pk)
    messages.success(request, _("新しい本人を登録し、ケースを開始しました。"))
    return _to_case(request, intake)
