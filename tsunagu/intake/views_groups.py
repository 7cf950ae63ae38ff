"""自治体管理者: repeating groups (繰り返し／表) of a draft form version — create a group with
its first sub-field, edit its own properties (max rows included), and add, edit, reorder or
remove its sub-fields. The rules live in form_services; every change is validated there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import form_services
from .access import get_version_for_admin
from .forms_groups import GroupForm, SubFieldForm
from .models import FormVersion
from .schema import GROUP, TYPES, iter_fields


def _group_of(version: FormVersion, field_key: str) -> dict:
    for _s, field in iter_fields(version.schema):
        if field["key"] == field_key and field["type"] == GROUP:
            return field
    raise Http404


def _subfield_of(group: dict, sub_key: str) -> dict:
    for sub in group["fields"]:
        if sub["key"] == sub_key:
            return sub
    raise Http404


def _refuse_published(request: HttpRequest, version: FormVersion) -> HttpResponse | None:
    if not version.is_published:
        return None
    messages.error(request, _("公開済みの版は変更できません。"))
    return redirect("intake-version", version_id=version.pk)


def _to_group_page(version: FormVersion, group_key: str) -> HttpResponse:
    return redirect("intake-group-edit", version_id=version.pk, field_key=group_key)


def _subfield_rows(group: dict) -> list[dict]:
    return [{**s, "type_label": TYPES.get(s["type"], s["type"])} for s in group["fields"]]


@login_required
def group_new(request: HttpRequest, version_id: int) -> HttpResponse:
    """A new group at the end of a section, with its first sub-field (the schema needs one)."""
    version = get_version_for_admin(request.user, version_id)
    section_key = request.GET.get("section") or request.POST.get("section") or ""
    if section_key not in {s["key"] for s in version.schema["sections"]}:
        raise Http404
    if refused := _refuse_published(request, version):
        return refused
    data = request.POST if request.method == "POST" else None
    group_form = GroupForm(data, prefix="group", initial={"sensitivity": "P"})
    sub_form = SubFieldForm(data, prefix="sub", initial={"sensitivity": "P"})
    if data is not None and all([group_form.is_valid(), sub_form.is_valid()]):
        group = {**group_form.to_field(), "fields": [sub_form.to_field()]}
        try:
            form_services.save_group(request.user, version, group, section_key=section_key)
        except ValidationError as error:
            for message in error.messages:
                group_form.add_error(None, message)
        else:
            messages.success(request, _("繰り返しを追加しました。続けて項目（列）を追加できます。"))
            return _to_group_page(version, group["key"])
    return render(
        request,
        "intake/forms/group.html",
        {
            "version": version,
            "group_form": group_form,
            "sub_form": sub_form,
            "section_key": section_key,
        },
    )


@login_required
def group_edit(request: HttpRequest, version_id: int, field_key: str) -> HttpResponse:
    """The group's own properties (max rows included) and the list of its sub-fields."""
    version = get_version_for_admin(request.user, version_id)
    original = _group_of(version, field_key)
    if refused := _refuse_published(request, version):
        return refused
    data = request.POST if request.method == "POST" else None
    form = GroupForm(data, prefix="group", initial=GroupForm.initial_from(original))
    if data is not None and form.is_valid():
        group = form.to_field(original)
        try:
            form_services.save_group(request.user, version, group, original_key=field_key)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("繰り返しの設定を保存しました。"))
            return _to_group_page(version, group["key"])
    return render(
        request,
        "intake/forms/group.html",
        {
            "version": version,
            "group_form": form,
            "original": original,
            "subfields": _subfield_rows(original),
        },
    )


def _subfield_page(
    request: HttpRequest, version: FormVersion, group: dict, original: dict | None
) -> HttpResponse:
    if refused := _refuse_published(request, version):
        return refused
    initial = SubFieldForm.initial_from(original) if original else {"sensitivity": "P"}
    form = SubFieldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            form_services.save_subfield(
                request.user,
                version,
                group["key"],
                form.to_field(),
                original_key=original["key"] if original else None,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("繰り返しの項目を保存しました。"))
            return _to_group_page(version, group["key"])
    return render(
        request,
        "intake/forms/subfield.html",
        {"version": version, "group": group, "form": form, "original": original},
    )


@login_required
def subfield_new(request: HttpRequest, version_id: int, field_key: str) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    return _subfield_page(request, version, _group_of(version, field_key), None)


@login_required
def subfield_edit(
    request: HttpRequest, version_id: int, field_key: str, sub_key: str
) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    group = _group_of(version, field_key)
    return _subfield_page(request, version, group, _subfield_of(group, sub_key))


@login_required
@require_POST
def subfield_delete(
    request: HttpRequest, version_id: int, field_key: str, sub_key: str
) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    _subfield_of(_group_of(version, field_key), sub_key)
    if refused := _refuse_published(request, version):
        return refused
    try:
        form_services.delete_subfield(request.user, version, field_key, sub_key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("繰り返しの項目を削除しました。"))
    return _to_group_page(version, field_key)


@login_required
@require_POST
def subfield_move(
    request: HttpRequest, version_id: int, field_key: str, sub_key: str
) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    _subfield_of(_group_of(version, field_key), sub_key)
    if refused := _refuse_published(request, version):
        return refused
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        form_services.move_subfield(request.user, version, field_key, sub_key, offset)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_group_page(version, field_key)
