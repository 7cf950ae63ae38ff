"""Helpers of the audit tests: a small log in two municipalities' chains, the verify command,
and tampering the way someone with full rights on the database could."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tsunagu.audit import log
from tsunagu.audit.models import GENESIS_HASH, AuditAction, AuditEvent


def verify(*args: str) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def verify_fails(*args: str) -> str:
    """The command's error (exit status 1) and everything it wrote to stderr."""
    err = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify", *args, stdout=StringIO(), stderr=err)
    assert excinfo.value.returncode == 1
    return f"{excinfo.value}\n{err.getvalue()}"


def checkpoint() -> str:
    out = StringIO()
    call_command("audit", "checkpoint", stdout=out)
    return out.getvalue()


@contextlib.contextmanager
def tampering() -> Iterator[None]:
    """Lower the database's own guard (PostgreSQL trigger) the way a superuser could."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute("ALTER TABLE audit_auditcheckpoint DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_auditcheckpoint ENABLE TRIGGER USER")


def make_log(n: int = 10, municipality_id: int | None = 1) -> list[AuditEvent]:
    return [
        log.record(
            AuditAction.VIEW,
            object_type="people.person",
            object_id=i,
            municipality_id=municipality_id,
        )
        for i in range(n)
    ]


def plain_sha256(event: AuditEvent) -> str:
    """What a tamperer without the key can compute: SHA-256 of the row (the old scheme)."""
    return hashlib.sha256(event.canonical().encode()).hexdigest()


def rechain(events: list[AuditEvent], hasher=plain_sha256) -> None:
    """Renumber and re-link `events` as one chain (in this order) with hashes from `hasher`,
    writing them back over the stored rows."""
    prev = GENESIS_HASH
    for seq, event in enumerate(events, start=1):
        event.seq, event.prev_hash = seq, prev
        event.hash = hasher(event)
        prev = event.hash
    with tampering():
        # move the rows out of the way first: (chain, seq) and hash are unique
        for event in events:
            AuditEvent.objects.filter(pk=event.pk).update(seq=10**9 + event.pk, hash=event.pk)
        for event in events:
            AuditEvent.objects.filter(pk=event.pk).update(
                seq=event.seq, prev_hash=event.prev_hash, hash=event.hash
            )
