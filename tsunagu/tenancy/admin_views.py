"""Settings pages of windows and organizations for a 自治体管理者 (Action.MANAGE_WINDOWS).
Thin views: the rules are in window_admin; another municipality's record answers 404 (audited
as denied) through the same helper the form editor uses (require_in_municipality)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Membership
from tsunagu.accounts.permissions import Action, municipalities_where, require
from tsunagu.accounts.staff_forms import add_errors
from tsunagu.audit.log import record_denied

from . import window_admin
from .access import get_config_for_admin
from .admin_forms import ExceptionForm, OrganizationForm, PeriodFormSet, WindowForm
from .models import Municipality, OpeningException, Organization, Window

A = Action.MANAGE_WINDOWS


def _managed(request: HttpRequest) -> list[int]:
    ids = municipalities_where(request.user, A)
    if not ids:
        require(request.user, A)  # 403
    return ids


def _window(request: HttpRequest, window_id: int) -> Window:
    return get_config_for_admin(request.user, A, Window, window_id)


def _organization(request: HttpRequest, organization_id: int) -> Organization:
    return get_config_for_admin(request.user, A, Organization, organization_id)


def _municipality(request: HttpRequest) -> Municipality:
    """The municipality a new record is for: the only one, or the one chosen by code."""
    ids = _managed(request)
    chosen = request.GET.get("municipality") or request.POST.get("municipality")
    found = Municipality.objects.filter(pk__in=ids)
    municipality = found.filter(code=chosen).first() if chosen else found.order_by("code").first()
    if municipality is None:
        raise Http404
    return municipality


@login_required
def window_list(request: HttpRequest) -> HttpResponse:
    _managed(request)
    windows = (
        window_admin.windows_managed_by(request.user)
        .prefetch_related("opening_hours")
        .annotate(staff_count=Count("memberships", distinct=True))
        .order_by("municipality__code", "name")
    )
    return render(request, "tenancy/admin/window_list.html", {"windows": windows})


def _saved(request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any]) -> Any:
    """A posted, valid form's fields handed to its service; the saved record, or None (not
    posted, invalid, or refused by the service: its errors are then on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save({name: form.cleaned_data[name] for name in form.Meta.fields})
    except ValidationError as error:
        add_errors(form, error)
        return None


def _window_page(request: HttpRequest, municipality: Municipality, window: Window | None):
    form = WindowForm(municipality.pk, request.POST or None, instance=window)
    saved = _saved(request, form, lambda values: window_admin.save_window(
        request.user, municipality, window, values))  # fmt: skip
    if saved is not None:
        messages.success(request, _("窓口「%(name)s」を保存しました。") % {"name": saved})
        return redirect("admin-window", window_id=saved.pk)
    context = {"form": form, "window": window, "municipality": municipality}
    if window is not None:
        window = (
            Window.objects.filter(pk=window.pk)
            .prefetch_related(
                "opening_hours",
                Prefetch("opening_exceptions", queryset=OpeningException.objects.order_by("date")),
            )
            .get()
        )
        context["window"] = window
        initial = [
            {"weekday": h.weekday, "opens": h.opens, "closes": h.closes}
            for h in window.opening_hours.all()
        ]
        context["hours"] = PeriodFormSet(initial=initial, prefix="hours")
        context["exception_form"] = ExceptionForm()
    return render(request, "tenancy/admin/window.html", context, status=422 if form.errors else 200)


@login_required
def window_new(request: HttpRequest) -> HttpResponse:
    return _window_page(request, _municipality(request), None)


@login_required
def window_edit(request: HttpRequest, window_id: int) -> HttpResponse:
    window = _window(request, window_id)
    return _window_page(request, window.municipality, window)


@login_required
@require_POST
def window_hours(request: HttpRequest, window_id: int) -> HttpResponse:
    window = _window(request, window_id)
    formset = PeriodFormSet(request.POST, prefix="hours")
    if formset.is_valid():
        periods = [
            window_admin.Period(f["weekday"], f["opens"], f["closes"])
            for f in formset.cleaned_data
            if f and not f.get("DELETE")
        ]
        try:
            window_admin.set_opening_hours(request.user, window, periods)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("受付時間を保存しました。"))
    else:
        errors = [str(e) for form in formset.errors for es in form.values() for e in es]
        errors += list(formset.non_form_errors())
        messages.error(request, _("受付時間を保存できませんでした：") + " ".join(errors))
    return redirect("admin-window", window_id=window.pk)


@login_required
@require_POST
def window_exception_add(request: HttpRequest, window_id: int) -> HttpResponse:
    window = _window(request, window_id)
    form = ExceptionForm(request.POST)
    if form.is_valid():
        try:
            window_admin.add_exception(request.user, window, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("臨時の休み・開所・出張相談を追加しました。"))
            return redirect("admin-window", window_id=window.pk)
    errors = [str(e) for es in form.errors.values() for e in es]
    messages.error(request, _("追加できませんでした：") + " ".join(errors))
    return redirect("admin-window", window_id=window.pk)


@login_required
@require_POST
def window_exception_delete(request: HttpRequest, window_id: int, exception_id: int):
    window = _window(request, window_id)
    exception = window.opening_exceptions.filter(pk=exception_id).first()
    if exception is None:
        record_denied(OpeningException, exception_id)
        raise Http404
    window_admin.delete_exception(request.user, exception)
    messages.success(request, _("削除しました。"))
    return redirect("admin-window", window_id=window.pk)


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    _managed(request)
    organizations = (
        window_admin.organizations_managed_by(request.user)
        .annotate(staff_count=Count("memberships", distinct=True))
        .order_by("municipality__code", "name")
    )
    return render(request, "tenancy/admin/organization_list.html", {"organizations": organizations})


def _organization_page(
    request: HttpRequest, municipality: Municipality, organization: Organization | None
) -> HttpResponse:
    form = OrganizationForm(request.POST or None, instance=organization)
    saved = _saved(request, form, lambda values: window_admin.save_organization(
        request.user, municipality, organization, values))  # fmt: skip
    if saved is not None:
        messages.success(request, _("「%(name)s」を保存しました。") % {"name": saved})
        return redirect("admin-organization", organization_id=saved.pk)
    staff = []
    if organization is not None:
        staff = Membership.objects.filter(organization=organization).select_related("user")
    return render(
        request,
        "tenancy/admin/organization.html",
        {
            "form": form,
            "organization": organization,
            "municipality": municipality,
            "staff": staff,
        },
        status=422 if form.errors else 200,
    )


@login_required
def organization_new(request: HttpRequest) -> HttpResponse:
    return _organization_page(request, _municipality(request), None)


@login_required
def organization_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = _organization(request, organization_id)
    return _organization_page(request, organization.municipality, organization)
