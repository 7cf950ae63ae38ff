import pytest

from .fixtures import build_fy2025


@pytest.fixture
def fy2025(world):
    return build_fy2025(world)
