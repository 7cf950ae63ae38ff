import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tsunagu.accounts.mfa import has_mfa
from tsunagu.accounts.roles import Role
from tsunagu.tenancy.models import Organization
from tsunagu.testing.world import make_user


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


@pytest.fixture
def agencies(world):
    """Two agency users of two more organisations, with no grant to any case (unlike the
    world's agency, which holds a referral grant to the home case)."""
    home = world.home
    users = []
    for n, name in ((1, "地域包括支援センター"), (2, "就労支援センター")):
        org = Organization.objects.create(
            municipality=home.municipality,
            slug=f"home-agency-{n}",
            name=name,
            org_type=Organization.Type.AGENCY,
        )
        users.append(make_user(f"agency{n}", Role.AGENCY_STAFF, home, organization=org))
    return users
