"""自治体管理者: edit a draft of the next version of a form, preview it, publish it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, municipalities_where

from . import form_services
from .access import get_definition_for_admin, get_version_for_admin
from .form_rules import CORE_LABELS, protected_fields
from .forms import FieldForm
from .models import FormDefinition, FormVersion
from .schema import DEFAULT_MAX_ROWS, GROUP, TYPES, iter_fields
from .screen import build_fields


@login_required
def forms_index(request: HttpRequest) -> HttpResponse:
    ids = municipalities_where(request.user, Action.MANAGE_FORMS)
    if not ids:
        raise PermissionDenied
    definitions = list(
        FormDefinition.objects.filter(municipality_id__in=ids).select_related("municipality")
    )
    versions = FormVersion.objects.filter(definition__in=definitions).only(
        "id", "definition_id", "number", "status", "published_at"
    )
    by_definition: dict[int, list[FormVersion]] = {}
    for version in versions:
        by_definition.setdefault(version.definition_id, []).append(version)
    for definition in definitions:
        definition.version_list = by_definition.get(definition.pk, [])
    return render(request, "intake/forms/index.html", {"definitions": definitions})


@login_required
@require_POST
def draft_create(request: HttpRequest, definition_id: int) -> HttpResponse:
    definition = get_definition_for_admin(request.user, definition_id)
    draft = form_services.create_draft(request.user, definition)
    return redirect("intake-version", version_id=draft.pk)


def _protected_keys(version: FormVersion) -> set[str]:
    """The core fields of the published version this draft replaces (they cannot go)."""
    base = version.definition.published_version()
    return (
        set(protected_fields(base.schema if base else None)) if not version.is_published else set()
    )


def _rows(version: FormVersion) -> list[dict]:
    protected = _protected_keys(version)
    sections = []
    for section in version.schema["sections"]:
        sections.append(
            {
                "key": section["key"],
                "title": section["title"],
                "fields": [
                    {
                        **f,
                        "type_label": TYPES.get(f["type"], f["type"]),
                        "core_label": CORE_LABELS.get(f.get("core", ""), ""),
                        "protected": f["key"] in protected,
                        "rows_limit": f.get("max_rows", DEFAULT_MAX_ROWS),
                    }
                    for f in section["fields"]
                ],
            }
        )
    return sections


@login_required
def version_edit(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    return render(
        request,
        "intake/forms/version.html",
        {
            "version": version,
            "sections": _rows(version),
        },
    )


def _field_page(
    request: HttpRequest, version: FormVersion, *, section_key: str | None, original: dict | None
) -> HttpResponse:
    if version.is_published:
        messages.error(request, _("公開済みの版は変更できません。"))
        return redirect("intake-version", version_id=version.pk)
    others = [
        (f["key"], f["label"])
        for _s, f in iter_fields(version.schema)
        if not original or f["key"] != original["key"]
    ]
    initial = FieldForm.initial_from(original) if original else {"sensitivity": "P"}
    protected = bool(original) and original["key"] in _protected_keys(version)
    form = FieldForm(others, request.POST or None, initial=initial, protected=protected)
    if request.method == "POST" and form.is_valid():
        try:
            form_services.save_field(
                request.user,
                version,
                form.to_field(),
                section_key=section_key,
                original_key=original["key"] if original else None,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("項目を保存しました。"))
            return redirect("intake-version", version_id=version.pk)
    return render(
        request,
        "intake/forms/field.html",
        {
            "version": version,
            "form": form,
            "original": original,
            "section_key": section_key,
        },
    )


@login_required
def field_new(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    section_key = request.GET.get("section") or request.POST.get("section") or ""
    if section_key not in {s["key"] for s in version.schema["sections"]}:
        raise Http404
    return _field_page(request, version, section_key=section_key, original=None)


def _field_of(version: FormVersion, field_key: str) -> dict:
    for _s, field in iter_fields(version.schema):
        if field["key"] == field_key:
            return field
    raise Http404


@login_required
def field_edit(request: HttpRequest, version_id: int, field_key: str) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    original = _field_of(version, field_key)
    if original["type"] == GROUP:  # a repeating group has its own page (views_groups)
        return redirect("intake-group-edit", version_id=version.pk, field_key=field_key)
    return _field_page(request, version, section_key=None, original=original)


@login_required
@require_POST
def field_delete(request: HttpRequest, version_id: int, field_key: str) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    _field_of(version, field_key)
    try:
        form_services.delete_field(request.user, version, field_key)
        messages.success(request, _("項目を削除しました。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("intake-version", version_id=version.pk)


@login_required
@require_POST
def field_move(request: HttpRequest, version_id: int, field_key: str) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    _field_of(version, field_key)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        form_services.move_field(request.user, version, field_key, offset)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("intake-version", version_id=version.pk)


@login_required
def version_preview(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_version_for_admin(request.user, version_id)
    return render(
        request,
        "intake/forms/preview.html",
        {
            "version": version,
            "sections": build_fields(version.schema, {}),
        },
    )


@login_required
def version_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    """GET: the difference from the current published version and a confirm button; POST
    publishes only with the token of what was shown (form_services.publish_version)."""
    version = get_version_for_admin(request.user, version_id)
    if version.is_published:
        messages.error(request, _("公開済みの版は変更できません。"))
        return redirect("intake-version", version_id=version.pk)
    if request.method == "POST":
        try:
            form_services.publish_version(
                request.user, version, confirm=request.POST.get("confirm", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("第%(n)s版を公開しました。") % {"n": version.number})
            return redirect("intake-version", version_id=version.pk)
    preview = form_services.publish_preview(request.user, version)
    return render(
        request,
        "intake/forms/publish.html",
        {"version": version, "diff": preview.diff, "token": preview.token},
        status=422 if request.method == "POST" else 200,
    )
