"""Staff pages of the directory (Action.MANAGE_RESOURCES: 自治体管理者): the list,
a service's form, a window put into the directory, CSV export and import. Another
municipality's record answers 404 (audited as denied) through tenancy.access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, municipalities_where, require
from tsunagu.accounts.staff_forms import add_errors
from tsunagu.tenancy.access import get_config_for_admin
from tsunagu.tenancy.models import Municipality, Window

from . import csv_io, services
from .forms import FieldForm, ImportForm, ServiceForm
from .models import Field, Service, parse_id

A = Action.MANAGE_RESOURCES


def _managed(request: HttpRequest) -> list[int]:
    ids = municipalities_where(request.user, A)
    if not ids:
        require(request.user, A)  # 403
    return ids


def _municipality(request: HttpRequest) -> Municipality:
    """The municipality a page is for: the one chosen by code, or the first managed."""
    ids = _managed(request)
    chosen = request.GET.get("municipality") or request.POST.get("municipality")
    found = Municipality.objects.filter(pk__in=ids)
    municipality = found.filter(code=chosen).first() if chosen else found.order_by("code").first()
    if municipality is None:
        raise Http404
    return municipality


def _service(request: HttpRequest, service_id: str) -> Service:
    pk = parse_id(service_id)
    if pk is None:
        raise Http404
    return get_config_for_admin(request.user, A, Service, pk)


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    services.install_default_fields(municipality)
    rows = list(
        Service.objects.filter(municipality=municipality)
        .select_related("field", "window", "organization")
        .order_by("field__order", "name_kana", "name")
    )
    windows_outside = Window.objects.filter(
        municipality=municipality, directory_service__isnull=True
    ).order_by("name")
    return render(
        request,
        "resources/staff/list.html",
        {
            "municipality": municipality,
            "managed": Municipality.objects.filter(pk__in=_managed(request)).order_by("code"),
            "services": rows,
            "windows_outside": windows_outside,
        },
    )


def _save(request: HttpRequest, form: ServiceForm, municipality: Municipality) -> Service | None:
    if request.method != "POST" or not form.is_valid():
        return None
    values = {k: form.cleaned_data[k] for k in form.Meta.fields if k in form.cleaned_data}
    try:
        return services.save_service(
            municipality,
            values,
            service=form.instance if form.instance.pk and not form.instance._state.adding else None,
            place=form.place(),
            phone=form.cleaned_data.get("phone") if "phone" in form.fields else None,
            schedule=form.cleaned_data.get("schedule"),
        )
    except ValidationError as error:
        add_errors(form, error)
        return None


@login_required
def service_new(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    services.install_default_fields(municipality)
    form = ServiceForm(municipality, request.POST or None, instance=Service())
    saved = _save(request, form, municipality)
    if saved is not None:
        messages.success(request, f"「{saved.name}」を登録しました。")
        return redirect("staff-resources-edit", saved.pk)
    return render(
        request,
        "resources/staff/form.html",
        {"form": form, "municipality": municipality, "service": None},
    )


def _initial(service: Service) -> dict[str, object]:
    sal = service.at_locations.select_related("location").first()
    phone = service.phones.filter(type="voice").first()
    schedule = service.schedules.first()
    initial: dict[str, object] = {
        "phone": phone.number if phone else "",
        "schedule": schedule.description if schedule else "",
    }
    if sal is not None:
        loc = sal.location
        initial.update(
            place_name=loc.name,
            postal_code=loc.postal_code,
            address_1=loc.address_1,
            address_2=loc.address_2,
            area_label=loc.area_label,
            hide_exact_address=loc.hide_exact_address,
            latitude=loc.latitude,
            longitude=loc.longitude,
        )
    return initial


@login_required
def service_edit(request: HttpRequest, service_id: str) -> HttpResponse:
    service = _service(request, service_id)
    form = ServiceForm(
        service.municipality, request.POST or None, instance=service, initial=_initial(service)
    )
    saved = _save(request, form, service.municipality)
    if saved is not None:
        messages.success(request, f"「{saved.name}」を保存しました。")
        return redirect("staff-resources-edit", saved.pk)
    return render(
        request,
        "resources/staff/form.html",
        {"form": form, "municipality": service.municipality, "service": service},
    )


@login_required
@require_POST
def service_delete(request: HttpRequest, service_id: str) -> HttpResponse:
    service = _service(request, service_id)
    code = service.municipality.code
    name = service.name
    services.delete_service(service)
    messages.success(request, f"「{name}」を削除しました。")
    return redirect(f"/staff/resources/?municipality={code}")


@login_required
@require_POST
def window_add(request: HttpRequest, window_id: int) -> HttpResponse:
    window = get_config_for_admin(request.user, A, Window, window_id)
    service = services.add_window(window)
    messages.success(request, f"「{window.name}」を案内にのせました。")
    return redirect("staff-resources-edit", service.pk)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    body = csv_io.export_csv(municipality)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    day = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="resources-{municipality.code}-{day}.csv"'
    )
    return response


@login_required
def import_csv(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            text = csv_io.decode(form.cleaned_data["file"].read())
        except ValueError as error:
            form.add_error("file", str(error))
        else:
            result = csv_io.import_csv(municipality, text)
            if result.ok:
                messages.success(
                    request,
                    f"取り込みました（新規 {result.created} 件・更新 {result.updated} 件）。",
                )
                return redirect(f"/staff/resources/?municipality={municipality.code}")
    return render(
        request,
        "resources/staff/import.html",
        {"form": form, "municipality": municipality, "result": result},
    )


@login_required
def fields(request: HttpRequest) -> HttpResponse:
    """The municipality's fields: rename, reorder, add (a field in use cannot be removed)."""
    municipality = _municipality(request)
    rows = services.install_default_fields(municipality)
    editing = None
    if request.method == "POST" and request.POST.get("field"):
        editing = next((f for f in rows if str(f.pk) == request.POST["field"]), None)
        if editing is None:
            raise Http404
    form = FieldForm(request.POST or None, instance=editing or Field(municipality=municipality))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_field(municipality, form.cleaned_data, editing)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"分野「{saved.name}」を保存しました。")
            return redirect(f"/staff/resources/fields/?municipality={municipality.code}")
    return render(
        request,
        "resources/staff/fields.html",
        {
            "municipality": municipality,
            "rows": sorted(rows, key=lambda f: (f.order, f.name)),
            "form": form,
            "editing": editing,
        },
    )
