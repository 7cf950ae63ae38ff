"""The write rules shared by assessments and support plans (versioning.py's one rule)."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import require
from tsunagu.core.validation import clean_planned_date
from tsunagu.core.validation.errors import invalid
from tsunagu.people.models import Case

from .versioning import FROZEN_MESSAGE, OPEN, SENSITIVE, CaseVersion, FrozenVersionError

V = TypeVar("V", bound=CaseVersion)


def require_document_of(actor: User, action: str, case: Case) -> None:
    """The actor may do `action` on this case's document: the action in its municipality, and
    the case within the actor's scope — through a grant, one that covers S-class data."""
    require(actor, action, case.municipality_id)
    reach = Case.objects.visible_to(actor, action, needs=SENSITIVE)
    if not reach.filter(pk=case.pk).exists():
        raise PermissionDenied(_("このケースのアセスメント・支援計画を扱う権限がありません。"))


def lock_case(case: Case) -> Case:
    """Serialise the versions of one case (their numbers) on the case row."""
    return Case.objects.in_municipality(case.municipality_id).select_for_update().get(pk=case.pk)


def start_version(model: type[V], case: Case) -> tuple[int, V | None]:
    """(the next version's number, the newest version to copy) — or a ValidationError while an
    earlier version is still open (下書き, 差し戻し or 承認待ち)."""
    newest = model.newest_of(case)
    if newest is None:
        return 1, None
    if newest.status in OPEN:
        raise ValidationError(
            _("第%(n)s版が「%(status)s」です。その版を仕上げてから新しい版を作成してください。")
            % {"n": newest.number, "status": newest.get_status_display()}
        )
    return newest.number + 1, newest


def lock_editable(version: V) -> V:
    """The version re-read under a lock, refused unless it may still be edited."""
    fresh = (
        type(version)
        .objects.in_municipality(version.municipality_id)
        .select_for_update()
        .get(pk=version.pk)
    )
    if not fresh.is_editable:
        raise FrozenVersionError(FROZEN_MESSAGE)
    return fresh


def set_status(version: V, status: str) -> V:
    """Change only the status (allowed on a frozen version: an approval's decision)."""
    version.status = status
    version.status_changed_at = timezone.now()
    version.save(update_fields=["status", "status_changed_at", "updated_at"])
    return version


def clean_past_date(value: Any, *, field: str, today: datetime.date | None = None) -> datetime.date:
    """A date that has come (a version's date): the records' beginning … today; required."""
    today = today or timezone.localdate()
    day = clean_planned_date(value, field=field, today=today)
    if day is None:
        raise invalid(field, "日付を入力してください。", "required")
    if day > today:
        raise invalid(field, "まだ来ていない日付は入力できません。", "future")
    return day
