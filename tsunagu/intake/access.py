"""Access helpers: the only way views fetch intakes and form versions (scoped, checked, audited)."""

from __future__ import annotations

from django.http import Http404

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.audit.log import record_denied
from tsunagu.tenancy.access import fetch_for_user, require_in_municipality

from .models import FormDefinition, FormVersion, Intake


def get_intake_for_user(user: User, intake_id: int, *, audit: bool = True) -> Intake:
    return fetch_for_user(
        user,
        Action.CREATE_INTAKE,
        Intake,
        intake_id,
        related=["form_version__definition", "window", "received_by", "municipality"],
        audit=audit,
    )


def get_definition_for_admin(user: User, definition_id: int) -> FormDefinition:
    definition = FormDefinition.objects.filter(pk=definition_id).first()
    if definition is None:
        record_denied(FormDefinition, definition_id)
        raise Http404
    require_in_municipality(
        user,
        Action.MANAGE_FORMS,
        definition.municipality_id,
        model=FormDefinition,
        pk=definition_id,
    )
    return definition


def get_version_for_admin(user: User, version_id: int) -> FormVersion:
    version = FormVersion.objects.select_related("definition").filter(pk=version_id).first()
    if version is None:
        record_denied(FormVersion, version_id)
        raise Http404
    require_in_municipality(
        user,
        Action.MANAGE_FORMS,
        version.definition.municipality_id,
        model=FormVersion,
        pk=version_id,
    )
    return version
