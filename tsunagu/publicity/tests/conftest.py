from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tsunagu.accounts.mfa import has_mfa
from tsunagu.testing.line_server import LineContractServer

TOKEN = "test-channel-access-token"
SECRET = "test-channel-secret"


@pytest.fixture
def login():
    """login(user) → a Client logged in as user."""

    def _login(user) -> Client:
        if not has_mfa(user):
            TOTP.activate(user, generate_totp_secret())
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def line_server(settings, world):
    """The LINE contract server, with the home municipality's channel set up to use it."""
    with LineContractServer(token=TOKEN) as server:
        settings.TSUNAGU_LINE_API_BASE = server.url
        settings.TSUNAGU_LINE_CHANNELS = {
            world.home.municipality.code: {"access_token": TOKEN, "channel_secret": SECRET}
        }
        yield server
