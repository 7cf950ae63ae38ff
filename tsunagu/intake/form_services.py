"""Write path for form definitions and versions (自治体管理者 edits a draft, then publishes).

Published versions never change: every function here refuses them, and FormVersion.save()
refuses them too.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.tenancy.models import Municipality

from . import default_sheet
from .form_rules import SchemaDiff, all_keys, check_protected, generate_key, schema_diff
from .models import FormDefinition, FormVersion, PublishedVersionError
from .schema import GROUP, MAX_GROUP_FIELDS, validate_schema


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


def _base_schema(version: FormVersion) -> dict[str, Any] | None:
    """The schema of the published version a draft replaces (None before the first)."""
    base = version.definition.published_version()
    return base.schema if base is not None else None


@transaction.atomic
def update_draft_schema(actor: User, version: FormVersion, schema: dict[str, Any]) -> FormVersion:
    """Store a new schema in a draft: valid, and keeping the core fields of the published
    version (form_rules.check_protected) — the one gate every change of a draft passes."""
    require(actor, Action.MANAGE_FORMS, version.definition.municipality_id)
    _require_draft(version)
    validate_schema(schema)
    check_protected(_base_schema(version), schema)
    version.schema = schema
    version.save(update_fields=["schema"])
    return version


@dataclass(frozen=True)
class PublishPreview:
    """What publishing a draft changes, and the token that confirms exactly this change."""

    diff: SchemaDiff
    token: str


def _publish_token(version: FormVersion, base: dict[str, Any] | None) -> str:
    seen = json.dumps([version.pk, base, version.schema], sort_keys=True, ensure_ascii=False)
    return salted_hmac("tsunagu.intake.publish", seen).hexdigest()


def publish_preview(actor: User, version: FormVersion) -> PublishPreview:
    """The difference from the current published version, for the confirmation step."""
    require(actor, Action.MANAGE_FORMS, version.definition.municipality_id)
    _require_draft(version)
    base = _base_schema(version)
    return PublishPreview(schema_diff(base, version.schema), _publish_token(version, base))


@transaction.atomic
def publish_version(actor: User, version: FormVersion, *, confirm: str) -> FormVersion:
    """Publish a draft: from now on new intakes use it, and it never changes again. `confirm`
    is the token of publish_preview: publishing without having seen the difference (or after
    the draft or the published version changed since) is refused."""
    require(actor, Action.MANAGE_FORMS, version.definition.municipality_id)
    FormDefinition.objects.select_for_update().filter(pk=version.definition_id).first()
    # what is stored now is what gets published: the token must have been made from it
    stored = FormVersion.objects.select_for_update().get(pk=version.pk)
    version.status, version.schema = stored.status, stored.schema
    _require_draft(version)
    validate_schema(version.schema)
    base = _base_schema(version)
    check_protected(base, version.schema)
    if not constant_time_compare(str(confirm or ""), _publish_token(version, base)):
        raise ValidationError(
            "公開する前に、現在の版との違いを確認してください（確認の後に変更があった場合も、"
            "もう一度確認が必要です）。"
        )
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


def _assign_keys(
    version: FormVersion, schema: dict[str, Any], field: dict[str, Any], original_key: str | None
) -> None:
    """Keys are generated, never typed: an edited field keeps its key, a new one (and its new
    sub-fields) gets one from its label, unique in this draft and the published version."""
    if original_key is not None:
        field.setdefault("key", original_key)
    taken = all_keys(schema) | all_keys(_base_schema(version))
    for item in [field, *field.get("fields", [])]:
        if not item.get("key"):
            item["key"] = generate_key(item.get("label", ""), taken)
            taken.add(item["key"])


def _editable_schema(actor: User, version: FormVersion) -> dict[str, Any]:
    """A copy of the draft's schema as stored now, its row locked until the end of the caller's
    transaction (two admins editing at once do not overwrite each other's changes)."""
    require(actor, Action.MANAGE_FORMS, version.definition.municipality_id)
    stored = FormVersion.objects.select_for_update().get(pk=version.pk)
    version.status, version.schema = stored.status, stored.schema
    _require_draft(version)
    return copy.deepcopy(version.schema)


@transaction.atomic
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
    schema = _editable_schema(actor, version)
    _assign_keys(version, schema, field, original_key)
    if original_key is not None:
        fields, index = _locate(schema, original_key)
        if "fields" in fields[index] and field.get("type") == GROUP:
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


@transaction.atomic
def delete_field(actor: User, version: FormVersion, key: str) -> FormVersion:
    schema = _editable_schema(actor, version)
    fields, index = _locate(schema, key)
    del fields[index]
    return update_draft_schema(actor, version, schema)


@transaction.atomic
def move_field(actor: User, version: FormVersion, key: str, offset: int) -> FormVersion:
    """Move a field up (-1) or down (+1) within its section."""
    schema = _editable_schema(actor, version)
    fields, index = _locate(schema, key)
    target = index + offset
    if 0 <= target < len(fields):
        fields[index], fields[target] = fields[target], fields[index]
    return update_draft_schema(actor, version, schema)


# Repeating groups (繰り返し): a top-level field of type "group" whose sub-fields are the
# columns of a table. The schema allows no group inside a group, keys unique within the
# group, and 1 to MAX_GROUP_FIELDS sub-fields.

NESTED_GROUP = "繰り返しの中に繰り返しは作れません。ほかの種類を選んでください。"


def _check_subfield_type(field: dict[str, Any]) -> None:
    if field.get("type") == GROUP:
        raise ValidationError(NESTED_GROUP)


def _group_in(schema: dict[str, Any], group_key: str) -> dict[str, Any]:
    fields, index = _locate(schema, group_key)
    if fields[index].get("type") != GROUP:
        raise KeyError(group_key)
    return fields[index]


def _subfield_index(group: dict[str, Any], key: str) -> int:
    for index, sub in enumerate(group["fields"]):
        if sub.get("key") == key:
            return index
    raise KeyError(key)


@transaction.atomic
def save_group(
    actor: User,
    version: FormVersion,
    group: dict[str, Any],
    *,
    section_key: str | None = None,
    original_key: str | None = None,
) -> FormVersion:
    """Add a repeating group at the end of a section (its first sub-fields in group["fields"]),
    or change the own properties of the group `original_key` (its sub-fields stay)."""
    if group.get("type") != GROUP:
        raise ValueError("save_group saves fields of type group")
    schema = _editable_schema(actor, version)  # the actor may manage forms; still a draft
    if original_key is not None:
        _group_in(schema, original_key)
    for sub in group.get("fields", []):
        _check_subfield_type(sub)
    return save_field(actor, version, group, section_key=section_key, original_key=original_key)


@transaction.atomic
def save_subfield(
    actor: User,
    version: FormVersion,
    group_key: str,
    field: dict[str, Any],
    *,
    original_key: str | None = None,
) -> FormVersion:
    """Add a sub-field at the end of the group `group_key`, or replace its sub-field
    `original_key` in place. Raises ValidationError when the result is not valid."""
    schema = _editable_schema(actor, version)
    group = _group_in(schema, group_key)
    _check_subfield_type(field)
    subfields = group["fields"]
    if original_key is not None:
        field.setdefault("key", original_key)
    elif not field.get("key"):
        field["key"] = generate_key(
            field.get("label", ""), all_keys(schema) | all_keys(_base_schema(version))
        )
    others = {s.get("key") for s in subfields if s.get("key") != original_key}
    if field.get("key") in others:
        raise ValidationError(
            f"この繰り返しには、キー「{field.get('key')}」の項目がすでにあります。"
            "別のキーにしてください。"
        )
    if original_key is not None:
        subfields[_subfield_index(group, original_key)] = field
    elif len(subfields) >= MAX_GROUP_FIELDS:
        raise ValidationError(f"繰り返しの項目は{MAX_GROUP_FIELDS}個までです。")
    else:
        subfields.append(field)
    return update_draft_schema(actor, version, schema)


@transaction.atomic
def delete_subfield(actor: User, version: FormVersion, group_key: str, key: str) -> FormVersion:
    schema = _editable_schema(actor, version)
    group = _group_in(schema, group_key)
    index = _subfield_index(group, key)
    if len(group["fields"]) <= 1:
        raise ValidationError(
            "繰り返しには項目が1つ以上必要なので、最後の項目は削除できません。"
            "不要な場合は繰り返しごと削除してください。"
        )
    del group["fields"][index]
    return update_draft_schema(actor, version, schema)


@transaction.atomic
def move_subfield(
    actor: User, version: FormVersion, group_key: str, key: str, offset: int
) -> FormVersion:
    """Move a sub-field (a column of the table) left/up (-1) or right/down (+1)."""
    schema = _editable_schema(actor, version)
    group = _group_in(schema, group_key)
    subfields = group["fields"]
    index = _subfield_index(group, key)
    target = index + offset
    if 0 <= target < len(subfields):
        subfields[index], subfields[target] = subfields[target], subfields[index]
    return update_draft_schema(actor, version, schema)
