import pytest

from tsunagu.testing.booking import add_bookings, make_rule


@pytest.fixture
def bookings(world):
    add_bookings(world)
    return world


@pytest.fixture
def rule(world):
    return make_rule(world.home.window, capacity=1)
