"""Access helpers of the import pages: a source mapping (configuration of a municipality where
the user may import) and a job (personal data: scoped, `fetch_for_user`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, municipalities_where
from tsunagu.tenancy.access import fetch_for_user, get_config_for_admin
from tsunagu.tenancy.models import Municipality

from .models import ImportJob, ImportMapping


def import_municipalities(user: User) -> list[Municipality]:
    """Where the user may import; 403 where nowhere."""
    ids = municipalities_where(user, Action.IMPORT_RECORDS)
    if not ids:
        raise PermissionDenied("この操作を行う権限がありません。")
    return list(Municipality.objects.filter(pk__in=ids).order_by("code"))


def mappings_for(user: User) -> QuerySet[ImportMapping]:
    ids = municipalities_where(user, Action.IMPORT_RECORDS)
    return ImportMapping.objects.filter(municipality_id__in=ids).select_related(
        "municipality", "default_window"
    )


def get_mapping_for_user(user: User, pk: int) -> ImportMapping:
    return get_config_for_admin(user, Action.IMPORT_RECORDS, ImportMapping, pk)


def jobs_for(user: User) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.visible_to(user, Action.IMPORT_RECORDS)
        .select_related("mapping", "created_by")
        .defer("content")
    )


def get_job_for_user(user: User, pk: int, *, audit: bool = True) -> ImportJob:
    return fetch_for_user(
        user, Action.IMPORT_RECORDS, ImportJob, pk, related=("mapping", "created_by"), audit=audit
    )
