import pytest

from tsunagu.accounts.models import User


@pytest.fixture
def login(client, settings, world):
    """Demo mode for every world user, so RequireMFAMiddleware lets force_login through."""
    settings.TSUNAGU_DEMO_MODE = True
    User.objects.update(is_demo=True)

    def _login(user):
        user.refresh_from_db()
        client.force_login(user)
        return client

    return _login
