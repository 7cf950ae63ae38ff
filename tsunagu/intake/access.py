"""Access helpers: the only way views fetch intakes and form versions (scoped, checked, audited)."""

from __future__ import annotations

from django.http import Http404

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, memberships_for, require
from tsunagu.audit.log import record_view

from .models import FormDefinition, FormVersion, Intake


def get_intake_for_user(user: User, intake_id: int, *, audit: bool = True) -> Intake:
    intake = (
        Intake.objects.visible_to(user)
        .select_related("form_version__definition", "window", "received_by", "municipality")
        .filter(pk=intake_id)
        .first()
    )
    if intake is None:
        raise Http404
    require(user, Action.CREATE_INTAKE, intake.municipality_id)
    if audit:
        record_view(intake)
    return intake


def _check_municipality(user: User, municipality_id: int) -> None:
    # Another municipality's configuration answers 404 (as its records do), not 403.
    if not memberships_for(user, municipality_id):
        raise Http404
    require(user, Action.MANAGE_FORMS, municipality_id)


def get_definition_for_admin(user: User, definition_id: int) -> FormDefinition:
    definition = FormDefinition.objects.filter(pk=definition_id).first()
    if definition is None:
        raise Http404
    _check_municipality(user, definition.municipality_id)
    return definition


def get_version_for_admin(user: User, version_id: int) -> FormVersion:
    version = FormVersion.objects.select_related("definition").filter(pk=version_id).first()
    if version is None:
        raise Http404
    _check_municipality(user, version.definition.municipality_id)
    return version
