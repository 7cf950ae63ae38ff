"""Fixtures shared by every test package."""

import pytest

from tsunagu.testing.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()
