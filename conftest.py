"""Fixtures shared by every test package."""

from pathlib import Path

import pytest
from django.conf import settings

from tsunagu.testing.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fresh_audit_witness() -> None:
    """Each test starts without audit checkpoints in the witness file (test settings give each
    run its own): the database is rolled back after a test, and a witness left by an earlier
    test would describe chains that are gone."""
    Path(settings.TSUNAGU_AUDIT_WITNESS_FILE).unlink(missing_ok=True)
