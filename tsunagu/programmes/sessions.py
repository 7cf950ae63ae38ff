"""Actions on sessions (public data): cancel, reinstate, add a one-off session, edit one.

A session keeps its iCalendar UID for life; a change a subscriber must see (time, place, status)
raises its SEQUENCE so that calendar apps replace their copy (RFC 5545 §3.8.7.4). Each function
checks the actor's permission itself (``may_manage``: the programme's runner); writes of
sessions are audited by the audit registry.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core.validation.text import clean_model_text

from .access import may_manage
from .models import Programme, Session
from .schedules import cancel, reinstate

if TYPE_CHECKING:
    from tsunagu.accounts.models import User


def check_manage(user: User, programme: Programme) -> None:
    if not may_manage(user, programme):
        raise PermissionDenied(_("このプログラムを編集する権限がありません。"))


def cancel_session(actor: User, session: Session, reason: str) -> Session:
    check_manage(actor, session.programme)
    if not reason.strip():
        raise ValidationError({"reason": _("中止の理由を入力してください。")})
    if session.is_cancelled:
        raise ValidationError(_("すでに中止になっています。"))
    return cancel(session, reason.strip())


def reinstate_session(actor: User, session: Session) -> Session:
    check_manage(actor, session.programme)
    if not session.is_cancelled:
        raise ValidationError(_("中止になっていない回です。"))
    return reinstate(session)


def add_extra_session(
    actor: User,
    programme: Programme,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    title: str = "",
    place: str = "",
    note: str = "",
    capacity: int | None = None,
) -> Session:
    """A one-off session (a seminar, a forum, an extra meeting)."""
    check_manage(actor, programme)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("終了は開始より後にしてください。")})
    session = Session(
        programme=programme,
        municipality_id=programme.municipality_id,
        occurrence_date=timezone.localtime(starts_at).date(),
        starts_at=starts_at,
        ends_at=ends_at,
        is_extra=True,
        title=title.strip(),
        place=place.strip() or programme.place,
        note=note.strip(),
        capacity=capacity,
    )
    session.full_clean(exclude=["programme", "municipality", "schedule"])
    session.save()
    return session


# What a subscriber's calendar must replace its copy for (the rest is the page's text).
SEQUENCED = ("starts_at", "ends_at", "place")
EDITABLE = ("starts_at", "ends_at", "title", "place", "note", "capacity", "apply_until")


@transaction.atomic
def edit_session(
    actor: User,
    session: Session,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    title: str = "",
    place: str = "",
    note: str = "",
    capacity: int | None = None,
    apply_until: datetime.datetime | None = None,
) -> Session:
    """Change one session (move it, another room, a theme, a notice). The UID stays; a new
    time or place raises the SEQUENCE. ``occurrence_date`` stays the rule's date, so expanding
    the rule again neither recreates nor cancels a moved session."""
    check_manage(actor, session.programme)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError(_("中止になった回は変更できません（先に中止を取り消してください）。"))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("終了は開始より後にしてください。")})
    if apply_until is not None and apply_until > starts_at:
        raise ValidationError({"apply_until": _("申込の締切は開始より前にしてください。")})
    if session.attendance_taken_at and (starts_at, ends_at) != (session.starts_at, session.ends_at):
        raise ValidationError(
            {"starts_at": _("出欠を記録した回の日時は変えられません（記録と合わなくなります）。")}
        )
    values = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "title": clean_model_text(Session, "title", title),
        "place": clean_model_text(Session, "place", place) or session.programme.place,
        "note": clean_model_text(Session, "note", note),
        "capacity": capacity,
        "apply_until": apply_until,
    }
    changed = [name for name in EDITABLE if getattr(session, name) != values[name]]
    if not changed:
        return session
    for name in changed:
        setattr(session, name, values[name])
    if any(name in SEQUENCED for name in changed):
        session.sequence += 1
        changed.append("sequence")
    session.full_clean(exclude=["programme", "municipality", "schedule"])
    session.save(update_fields=[*changed, "updated_at"])
    return session
