"""The keys of the audit log: keyed row hashes, signed checkpoints, and the lock of a chain.

There is one chain per municipality (``municipality_id``) and one for events without a
municipality (logins, staff accounts). Each row carries its chain's sequence number and the
previous row's hash, and its own hash is an HMAC-SHA256 over the row with TSUNAGU_AUDIT_KEY, a
key kept outside the database: someone who can write the database but has not got the key can
neither edit a row nor recompute the chain after deleting some.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

GENESIS_HASH = "0" * 64
# The class id of the chain locks (pg_advisory_xact_lock(class, chain)): an arbitrary constant.
_LOCK_CLASS = 7_243_002
# Domain separation: a row's hash can never be replayed as a checkpoint signature or back.
_ROW = b"tsunagu-audit-row-v2\n"
_CHECKPOINT = b"tsunagu-audit-checkpoint-v1\n"


def audit_key() -> bytes:
    key = getattr(settings, "TSUNAGU_AUDIT_KEY", None)
    if not key:
        raise ImproperlyConfigured(
            "TSUNAGU_AUDIT_KEY を設定してください（監査ログの鍵） (TSUNAGU_AUDIT_KEY must be set)."
        )
    return key.encode()


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def row_payload(row: Any) -> dict[str, Any]:
    """The content a row's hash covers: every column but the hash itself and the row id (the id
    is a surrogate; a row's place is its chain and seq). `row` is an AuditEvent (or the
    migration's historical model of it)."""
    return {
        "seq": row.seq,
        "created_at": row.created_at.isoformat(timespec="microseconds"),
        "actor_id": row.actor_id,
        "actor_username": row.actor_username,
        "actor_role": row.actor_role,
        "municipality_id": row.municipality_id,
        "ip_address": row.ip_address,
        "request_id": row.request_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "changed_fields": row.changed_fields,
        "extra": row.extra,
        "prev_hash": row.prev_hash,
    }


def row_hash(canonical: str) -> str:
    return hmac.new(audit_key(), _ROW + canonical.encode(), hashlib.sha256).hexdigest()


def sign_checkpoint(municipality_id: int | None, seq: int, head_hash: str, at: str) -> str:
    payload = canonical_json({"chain": municipality_id, "seq": seq, "hash": head_hash, "at": at})
    return hmac.new(audit_key(), _CHECKPOINT + payload.encode(), hashlib.sha256).hexdigest()


def signature_ok(municipality_id: int | None, seq: int, head_hash: str, at: str, sig: str) -> bool:
    expected = sign_checkpoint(municipality_id, seq, head_hash, at)
    return hmac.compare_digest(expected, str(sig))


def locked_head(municipality_id: int | None) -> tuple[int, str] | None:
    """Lock the chain until the end of the transaction, then read its head (as chain_head):
    appends to one chain are serialised, appends to other municipalities' chains do not wait.
    PostgreSQL: one round trip, the function of migration 0008 (the advisory lock
    (_LOCK_CLASS, chain id mod 2³¹), then the head read with a snapshot taken once the lock is held).
    SQLite serialises every write transaction anyway (BEGIN IMMEDIATE)."""
    if connection.vendor != "postgresql":
        return chain_head(municipality_id)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT head_seq, head_hash FROM tsunagu_audit_locked_head(%s, %s, %s)",
            [_LOCK_CLASS, (municipality_id or 0) % 2**31, municipality_id],
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def chain_head(municipality_id: int | None) -> tuple[int, str] | None:
    """(seq, hash) of the chain's newest row. Plain SQL: it runs on every audited action, and
    both forms are answered by the chain's unique index (audit_chain_seq / audit_system_seq)."""
    with connection.cursor() as cursor:
        if municipality_id is None:
            cursor.execute(
                "SELECT seq, hash FROM audit_auditevent WHERE municipality_id IS NULL"
                " ORDER BY seq DESC LIMIT 1"
            )
        else:
            cursor.execute(
                "SELECT seq, hash FROM audit_auditevent WHERE municipality_id = %s"
                " ORDER BY seq DESC LIMIT 1",
                [municipality_id],
            )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def database_label() -> str:
    """Which database a witness line is about (from this process's settings, which the database
    administrator cannot change): one witness file may serve several databases."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:{s['NAME']}"
    return f"{connection.vendor}://{s.get('HOST') or ''}:{s.get('PORT') or ''}/{s['NAME']}"
