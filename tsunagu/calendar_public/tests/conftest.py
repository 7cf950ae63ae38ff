import pytest

from tsunagu.testing.calendar import Kunitachi, build_kunitachi


@pytest.fixture
def kunitachi(world) -> Kunitachi:
    """国立市's programmes beside the test world (八王子 and 町田, whose 東京都 it shares)."""
    return build_kunitachi()
