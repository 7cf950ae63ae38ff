import pytest

from tsunagu.accounts.models import User
from tsunagu.accounts.roles import Role
from tsunagu.testing.referrals import give_consent, referable_case


@pytest.fixture
def demo(settings, world):
    """Demo mode for every world user, so RequireMFAMiddleware lets force_login through."""
    settings.TSUNAGU_DEMO_MODE = True
    User.objects.update(is_demo=True)
    return world


@pytest.fixture
def login(client, demo):
    def _login(user):
        user.refresh_from_db()
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def case(world):
    """A case at the home window (the counsellor's), with no referral yet."""
    return referable_case(world)


@pytest.fixture
def consent(world, case):
    """The person's consent to share everything with the home agency."""
    return give_consent(case, [world.home.agency], recorded_by=world.user(Role.COUNSELLOR))
