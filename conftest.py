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


@pytest.fixture(autouse=True)
def _fresh_public_data_version() -> None:
    """Each test starts under a new version of the public data: the database is rolled back
    after a test (no signal says so), and the navigator's copy of an earlier test's public
    data (tsunagu.navigator.snapshot) would describe rows that are gone."""
    from tsunagu.core.public_cache import bump_version

    bump_version()
