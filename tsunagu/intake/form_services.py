"""Write path for form definitions and versions (自治体管理者 edits a draft, then publishes).

Published versions never change: every function here refuses them, and FormVersion.save()
refuses them too.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.tenancy.models import Municipality

from . import default_sheet
from .models import FormDefinition, FormVersion, PublishedVersionError
from .schema import validate_schema


def _require_draft(version: FormVersion) -> None:
    if version.status != FormVersion.Status.DRAFT:
        raise PublishedVersionError()


@transaction.atomic
def install_default_sheet(municipality: Municipality) -> FormDefinition:
    """Install the default sheet as published version 1 of the municipality's default form
    (system setup; does nothing when the municipality already has a default form)."""
    existing = FormDefinition.objects.filter(municipality=municipality, is_default=True).first()
    if existing is not None:
        return existing
    validate_schema(default_sheet.SCHEMA)
    definition = FormDefinition.objects.create(
        municipality=municipality, name=default_sheet.NAME, is_default=True
    )
    FormVersion.objects.create(
        definition=definition,
        number=1,
        status=FormVersion.Status.PUBLISHED,
        schema=copy.deepcopy(default_sheet.SCHEMA),
        published_at=timezone.now(),
    )
    return definition


def install_default_sheets() -> int:
    """Give every municipality without a default form the default sheet; returns how many."""
    installed = 0
    for municipality in Municipality.objects.all():
        if not FormDefinition.objects.filter(municipality=municipality, is_default=True).exists():
            install_default_sheet(municipality)
            installed += 1
    return installed


def default_version(municipality: Municipality | int) -> FormVersion | None:
    """The latest published version of the municipality's default form."""
    municipality_id = getattr(municipality, "pk", municipality)
    return (
        FormVersion.objects.filter(
            definition__municipality_id=municipality_id,
            definition__is_default=True,
            status=FormVersion.Status.PUBLISHED,
        )
        .select_related("definition")
        .order_by("-number")
        .first()
    )


@transaction.atomic
def create_draft(actor: User, definition: FormDefinition) -> FormVersion:
    """The draft of the next version (the existing draft if there is one), starting as a copy
    of the latest published schema."""
    require(actor, Action.MANAGE_FORMS, definition.municipality_id)
    FormDefinition.objects.select_for_update().filter(pk=definition.pk).first()
    draft = definition.versions.filter(status=FormVersion.Status.DRAFT).first()
    if draft is not None:
        return draft
    latest = definition.published_version()
    number = (definition.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    schema = copy.deepcopy(latest.schema) if latest else {"sections": []}
    return FormVersion.objects.create(
        definition=definition, number=number, schema=schema, created_by=actor
    )


@transaction.atomic
def update_draft_schema(actor: User, version: FormVersion, schema: dict[str, Any]) -> FormVersion:
    require(actor, Action.MANAGE_FORMS, version.definition.municipality_id)
    _require_draft(version)
    validate_schema(schema)
    version.schema = schema
    version.save(update_fields=["schema"])
    return version


@transaction.atomic
def publish_version(actor: User, version: FormVersion) -> FormVersion:
    """Publish a draft: from now on new intakes use it, and it never changes again."""
    require(actor, Action.MANAGE_FORMS, version.definition.municipality_id)
    _require_draft(version)
    validate_schema(version.schema)
    version.status = FormVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["status", "published_at", "published_by"])
    return version


def _locate(schema: dict[str, Any], key: str) -> tuple[list[dict], int]:
    for section in schema["sections"]:
        for index, field in enumerate(section["fields"]):
            if field.get("key") == key:
                return section["fields"], index
    raise KeyError(key)


def save_field(
    actor: User,
    version: FormVersion,
    field: dict[str, Any],
    *,
    section_key: str | None = None,
    original_key: str | None = None,
) -> FormVersion:
    """Add a field at the end of a section, or replace the field `original_key` in place
    (a group keeps its sub-fields). Raises ValidationError when the result is not valid."""
    schema = copy.deepcopy(version.schema)
    if original_key is not None:
        fields, index = _locate(schema, original_key)
        if "fields" in fields[index] and field.get("type") == "group":
            field.setdefault("fields", fields[index]["fields"])
        fields[index] = field
        # conditions that pointed at the renamed field follow it
        if field["key"] != original_key:
            for section in schema["sections"]:
                for other in section["fields"]:
                    if (other.get("show_if") or {}).get("field") == original_key:
                        other["show_if"]["field"] = field["key"]
    else:
        section = next((s for s in schema["sections"] if s["key"] == section_key), None)
        if section is None:
            raise KeyError(section_key)
        section["fields"].append(field)
    return update_draft_schema(actor, version, schema)


def delete_field(actor: User, version: FormVersion, key: str) -> FormVersion:
    schema = copy.deepcopy(version.schema)
    fields, index = _locate(schema, key)
    del fields[index]
    return update_draft_schema(actor, version, schema)


def move_field(actor: User, version: FormVersion, key: str, offset: int) -> FormVersion:
    """Move a field up (-1) or down (+1) within its section."""
    schema = copy.deepcopy(version.schema)
    fields, index = _locate(schema, key)
    target = index + offset
    if 0 <= target < len(fields):
        fields[index], fields[target] = fields[target], fields[index]
    return update_draft_schema(actor, version, schema)
