"""Migration 0006: a log written in the previous format (one unkeyed SHA-256 chain) is verified
as it is, then moved into per-municipality keyed chains; a log that fails is not re-signed."""

from __future__ import annotations

import contextlib
import datetime
import importlib

import pytest
from django.db import connection

from tsunagu.audit.models import AuditEvent
from tsunagu.testing.migrations import migrate_to, migrate_to_latest

from .tamper import verify

BEFORE = [("audit", "0005_more_actions")]
AFTER = [("audit", "0006_keyed_chains")]


def _legacy_log(apps, municipalities) -> list:
    """Rows as the previous code wrote them (ids from 1, SHA-256 over the row with its id)."""
    legacy_hash = importlib.import_module("tsunagu.audit.migrations.0006_keyed_chains")._legacy_hash
    Event = apps.get_model("audit", "AuditEvent")
    prev, rows = "0" * 64, []
    for pk, municipality_id in enumerate(municipalities, start=1):
        row = Event(
            id=pk,
            created_at=datetime.datetime(2026, 4, 1, 9, pk, tzinfo=datetime.UTC),
            actor_username="legacy",
            municipality_id=municipality_id,
            action="view",
            object_type="people.person",
            object_id=str(pk),
            prev_hash=prev,
        )
        row.hash = prev = legacy_hash(row)
        row.save(force_insert=True)
        rows.append(row)
    return rows


@contextlib.contextmanager
def legacy_trigger_off():
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    yield
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


@pytest.fixture
def legacy_apps(transactional_db):
    apps = migrate_to(BEFORE)
    yield apps
    migrate_to_latest()


def test_a_verified_legacy_log_moves_into_keyed_chains(legacy_apps):
    _legacy_log(legacy_apps, [1, 2, 1, None, 1])
    migrate_to(AFTER)
    rows = list(AuditEvent.objects.order_by("id").values_list("municipality_id", "seq"))
    assert rows == [(1, 1), (2, 1), (1, 2), (None, 1), (1, 3)]
    assert "3 本の連鎖、5 行" in verify()


def test_a_tampered_legacy_log_stops_the_migration(legacy_apps):
    rows = _legacy_log(legacy_apps, [1, 1, 1])
    Event = legacy_apps.get_model("audit", "AuditEvent")
    with legacy_trigger_off():
        Event.objects.filter(pk=rows[1].pk).update(actor_username="someone_else")
    with pytest.raises(RuntimeError, match=r"既存の監査ログ（ID 2）が検証に失敗したため"):
        migrate_to(AFTER)
    with legacy_trigger_off():
        Event.objects.all().delete()
