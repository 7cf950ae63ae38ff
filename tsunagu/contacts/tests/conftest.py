import pytest

from tsunagu.accounts.models import User
from tsunagu.testing.contacts import add_contacts


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
def logged(world):
    return add_contacts(world)
