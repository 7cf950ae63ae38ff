import pytest
from django.test import Client

from tsunagu.testing.consent import add_consents


@pytest.fixture
def login():
    """login(user) → a Client logged in as user (the world's users have a TOTP authenticator)."""

    def _login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def consents(world):
    """world.home.consent (home case), world.home.other_consent (children's case), away ones,
    and one disclosure per side."""
    add_consents(world)
    return world
