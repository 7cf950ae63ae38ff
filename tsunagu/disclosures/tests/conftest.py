import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.testing.disclosures import build_disclosure


@pytest.fixture
def disclosure(world):
    """The home person's filled record and an open request on it (world.home.disclosure_request)."""
    return build_disclosure(world)


@pytest.fixture
def supervisor_client(world) -> Client:
    client = Client()
    client.force_login(world.user(Role.SUPERVISOR))
    return client
