"""A pytest plugin that runs the suite on a moved clock, to find tests that pass only at some
hours or until some date (a fixed date the calendar passes, a slot before 09:00 JST):

    TSUNAGU_TEST_CLOCK=2027-04-01T08:30:00+09:00 uv run pytest -p tsunagu.testing.moved_clock

The clock of this process starts at that instant and runs on (tests that travel in time still
do); the browser's clock and the database's own now() are not moved. Without the variable the
plugin does nothing."""

from __future__ import annotations

import datetime
import os

import pytest
import time_machine


def pytest_configure(config: pytest.Config) -> None:
    instant = os.environ.get("TSUNAGU_TEST_CLOCK")
    if instant:
        travel = time_machine.travel(datetime.datetime.fromisoformat(instant), tick=True)
        travel.start()
        config.add_cleanup(travel.stop)
