"""What programmes add to the case page (tsunagu.people.timeline): the notes written about the
case's person at a programme session (an attendance with a note).

Read through the scoping with VIEW_CASE (``visible_to``): only roles that may see the case, and
a grantee only when the grant covers contacts. An organisation's member list is never linked to
a person, so none of it reaches a case.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.permissions import Action

from .models import Attendance


def attendance_rows(user: Any, case: Any) -> QuerySet:
    return (
        Attendance.objects.visible_to(user, Action.VIEW_CASE)
        .filter(person_id=case.person_id)
        .exclude(note="")
        .select_related("session", "programme")
    )


def register() -> None:
    from tsunagu.people.timeline import register_timeline_source

    register_timeline_source(
        "programme_attendance",
        _("プログラムの参加"),
        "programmes/timeline/_attendance.html",
        attendance_rows,
        time_field="at",
        order=40,
    )
