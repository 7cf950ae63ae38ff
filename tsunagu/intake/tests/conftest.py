"""Fixtures for the intake tests: the default sheet in both world municipalities, and staff
logged in through demo mode (RequireMFAMiddleware lets demo accounts in without TOTP)."""

from __future__ import annotations

import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.intake.form_services import default_version, install_default_sheet


@pytest.fixture
def sheet(world):
    """The default sheet installed as published version 1 in home and away."""
    install_default_sheet(world.home.municipality)
    install_default_sheet(world.away.municipality)
    return default_version(world.home.municipality)


@pytest.fixture
def demo_mode(settings, world):
    settings.TSUNAGU_DEMO_MODE = True
    for side in (world.home, world.away):
        for user in side.users.values():
            user.is_demo = True
            user.save(update_fields=["is_demo"])
    return settings


@pytest.fixture
def login(demo_mode, world):
    def as_role(role: str = Role.RECEPTION, side: str = "home") -> Client:
        client = Client()
        client.force_login(getattr(world, side).users[role])
        return client

    return as_role
