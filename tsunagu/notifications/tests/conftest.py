import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tsunagu.accounts.mfa import has_mfa


@pytest.fixture
def login():
    """login(user) → a Client logged in as user (with a real TOTP authenticator)."""

    def _login(user) -> Client:
        if not has_mfa(user):
            TOTP.activate(user, generate_totp_secret())
        client = Client()
        client.force_login(user)
        return client

    return _login
