"""Who is acting right now: set per request by middleware, or by commands via `acting_as`."""

import contextlib
import contextvars
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class AuditContext:
    user: Any = None
    ip_address: str = ""
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    request: Any = None
    # A denied access of this request is already in the log (with the record it concerned).
    denied_recorded: bool = False
    # Added to the `extra` of every entry written meanwhile (see `noting`).
    note: dict[str, Any] = field(default_factory=dict)

    @property
    def actor(self) -> Any:
        """The request's user as it is now (it changes when someone logs in mid-request)."""
        if self.request is not None:
            return getattr(self.request, "user", None)
        return self.user


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "tsunagu_audit_context", default=None
)


def current() -> AuditContext:
    return _current.get() or AuditContext()


@contextlib.contextmanager
def acting_as(user: Any = None, ip_address: str = "") -> Iterator[AuditContext]:
    ctx = AuditContext(user=user, ip_address=ip_address)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


@contextlib.contextmanager
def noting(**values: Any) -> Iterator[AuditContext]:
    """Add `values` to every entry written inside the block — how automatic entries (the
    registry's) learn the path that caused them, e.g. `noting(via="logout_all")`. Names and
    codes only: never personal data."""
    ctx = _current.get()
    token = None
    if ctx is None:
        ctx = AuditContext()
        token = _current.set(ctx)
    previous = ctx.note
    ctx.note = {**previous, **values}
    try:
        yield ctx
    finally:
        ctx.note = previous
        if token is not None:
            _current.reset(token)
