"""Writing an announcement from the form: who may sign it (a window or an organisation of the
user's), the form built for the user, and the draft saved from its cleaned data — one path for
the staff pages and the API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, municipalities_where

from . import services
from .access import authors_for
from .forms import AnnouncementForm
from .models import Announcement


def author_choices(user: Any) -> list[tuple[str, str]]:
    windows, orgs = authors_for(user)
    choices = [(f"window:{w.pk}", f"{w.name}（窓口）") for w in windows]
    choices += [(f"org:{o.pk}", f"{o.name}（団体）") for o in orgs]
    return choices


def announcement_form(
    user: Any, data: Any = None, files: Any = None, **kw: Any
) -> AnnouncementForm:
    return AnnouncementForm(
        data,
        files,
        authors=author_choices(user),
        municipalities=municipalities_where(user, Action.MANAGE_ANNOUNCEMENTS),
        **kw,
    )


def _apply_author(announcement: Announcement, value: str, user: Any) -> None:
    windows, orgs = authors_for(user)
    kind, _sep, pk = value.partition(":")
    found = None
    if kind == "window" and pk.isdigit():
        found = next((w for w in windows if w.pk == int(pk)), None)
        announcement.window, announcement.organization = found, None
    elif kind == "org" and pk.isdigit():
        found = next((o for o in orgs if o.pk == int(pk)), None)
        announcement.window, announcement.organization = None, found
    if found is None:
        raise ValidationError({"author": _("選べない値です。")})
    announcement.municipality_id = found.municipality_id


def save_from_form(target: Announcement, data: dict[str, Any], user: Any) -> Announcement:
    """Save the draft ``target`` from an AnnouncementForm's cleaned data (ValidationError with
    the rule that failed, as services.save_draft raises it)."""
    _apply_author(target, data["author"], user)
    draft = services.Draft(
        title=data["title"],
        body=data["body"],
        easy_summary=data["easy_summary"],
        audience=data["audience"],
        publish_from=data["publish_from"],
        expire_at=data["expire_at"],
        programme=data["programme"],
        session=data["session"],
        image=data.get("image"),
        remove_image=data.get("remove_image", False),
        image_alt=data["image_alt"],
    )
    return services.save_draft(target, draft, user)
