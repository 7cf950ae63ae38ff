"""The demo commands never run under production settings."""

import os

from django.conf import settings
from django.core.management.base import CommandError


def refuse_production_settings(what: str) -> None:
    """Raise CommandError under production settings (TSUNAGU_ENV=production), whether the
    settings loaded are production's or the environment names them (a command started with
    production's environment must not write demo data either)."""
    modules = (os.environ.get("DJANGO_SETTINGS_MODULE", ""), settings.SETTINGS_MODULE or "")
    if settings.TSUNAGU_PRODUCTION or any(m.endswith(".production") for m in modules):
        raise CommandError(f"本番設定（TSUNAGU_ENV=production）では{what}。")
