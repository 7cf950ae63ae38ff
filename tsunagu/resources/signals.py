"""A window's directory entry follows the window (its name, ages and operator are the window's)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from tsunagu.tenancy.models import Window


@receiver(post_save, sender=Window, dispatch_uid="resources-window-entry")
def window_saved(sender: type[Window], instance: Window, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from .services import sync_window_service

    sync_window_service(instance)
