"""The time that scope conditions compare with (an access grant is active until its end).

``now()`` is ``timezone.now()``, except while ``tsunagu.core.fixed_query`` builds a query it
keeps: then it is a placeholder that each run of the query replaces with the time of that run.
Code whose SQL must hold the current time gets it here, so that a kept query never carries the
time it was built at.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar

from django.utils import timezone

_fixed: ContextVar[datetime.datetime | None] = ContextVar("tsunagu_clock", default=None)


def now() -> datetime.datetime:
    return _fixed.get() or timezone.now()


@contextlib.contextmanager
def fixed(value: datetime.datetime) -> Iterator[None]:
    token = _fixed.set(value)
    try:
        yield
    finally:
        _fixed.reset(token)
