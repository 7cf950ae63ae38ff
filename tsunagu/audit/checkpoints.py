"""Signed checkpoints of the chain heads: in the database and in a witness file outside it.

`tsunagu audit checkpoint` (run every few minutes by cron or a systemd timer) writes, for every
chain whose head moved, (chain, seq, head hash, time) signed with TSUNAGU_AUDIT_KEY to the
AuditCheckpoint table and appends the same line to TSUNAGU_AUDIT_WITNESS_FILE. In production
the witness file lives where the database administrator cannot write, so deleting the newest
rows of a chain (and the newest checkpoint rows with them) is still detected by verification.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .chain import chain_head, database_label, signature_ok
from .models import AuditCheckpoint, AuditEvent


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint read back from the table or the witness file (signature not yet checked)."""

    municipality_id: int | None
    seq: int
    head_hash: str
    at: str
    signature: str
    source: str  # 「チェックポイント ID 12」「証人ファイル 34 行目」

    def is_signed(self) -> bool:
        return signature_ok(self.municipality_id, self.seq, self.head_hash, self.at, self.signature)


def witness_path() -> Path:
    return Path(settings.TSUNAGU_AUDIT_WITNESS_FILE)


# The distinct municipalities of the log, two index lookups per chain (a "loose index scan";
# SELECT DISTINCT would read the whole index of a log of tens of millions of rows).
_CHAINS_SQL = """
WITH RECURSIVE chain(m) AS (
    SELECT MIN(municipality_id) FROM audit_auditevent WHERE municipality_id IS NOT NULL
    UNION ALL
    SELECT (SELECT MIN(municipality_id) FROM audit_auditevent WHERE municipality_id > chain.m)
    FROM chain WHERE chain.m IS NOT NULL
)
SELECT m FROM chain WHERE m IS NOT NULL
"""


def chains_in_log() -> set[int | None]:
    """Every chain that has rows (None: the system chain)."""
    with connection.cursor() as cursor:
        cursor.execute(_CHAINS_SQL)
        chains: set[int | None] = {row[0] for row in cursor.fetchall()}
    if AuditEvent.objects.in_chain(None).exists():
        chains.add(None)
    return chains


def known_chains() -> set[int | None]:
    """The chains in the log and those a checkpoint was written for before (a chain whose rows
    were all deleted stays checked)."""
    chains = chains_in_log()
    chains.update(AuditCheckpoint.objects.values_list("municipality_id", flat=True).distinct())
    return chains


def write_checkpoints() -> list[AuditCheckpoint]:
    """Checkpoint every chain whose head differs from its newest checkpoint; returns them."""
    written: list[AuditCheckpoint] = []
    now = timezone.now()
    for municipality_id in sorted(known_chains(), key=lambda c: (c is not None, c or 0)):
        head = chain_head(municipality_id)
        if head is None:
            continue
        newest = AuditCheckpoint.objects.in_chain(municipality_id).order_by("-seq", "-id").first()
        if newest is not None and (newest.seq, newest.head_hash) == head:
            continue
        checkpoint = AuditCheckpoint(
            municipality_id=municipality_id, seq=head[0], head_hash=head[1], created_at=now
        )
        checkpoint.signature = checkpoint.sign()
        written.append(checkpoint)
    if not written:
        return written
    _append_to_witness(written)
    with transaction.atomic():
        AuditCheckpoint.objects.bulk_create(written)
    return written


def _append_to_witness(checkpoints: list[AuditCheckpoint]) -> None:
    db = database_label()
    lines = "".join(
        json.dumps(
            {
                "db": db,
                "chain": c.municipality_id,
                "seq": c.seq,
                "hash": c.head_hash,
                "at": c.at(),
                "sig": c.signature,
            },
            ensure_ascii=False,
        )
        + "\n"
        for c in checkpoints
    )
    path = witness_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write with O_APPEND, then fsync: a checkpoint that was reported written is on disk.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, lines.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def stored_checkpoints() -> Iterator[Checkpoint]:
    for c in AuditCheckpoint.objects.order_by("id").iterator(chunk_size=5000):
        yield Checkpoint(
            c.municipality_id,
            c.seq,
            c.head_hash,
            c.at(),
            c.signature,
            f"チェックポイント ID {c.pk}",
        )


def witness_checkpoints() -> tuple[list[Checkpoint], list[str]]:
    """The witness file's checkpoints for this database, and the lines that could not be read."""
    path = witness_path()
    if not path.exists():
        return [], []
    db = database_label()
    found: list[Checkpoint] = []
    unreadable: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            source = f"証人ファイル {number} 行目"
            try:
                entry = json.loads(line)
                if entry["db"] != db:
                    continue
                chain = entry["chain"]
                found.append(
                    Checkpoint(
                        None if chain is None else int(chain),
                        int(entry["seq"]),
                        str(entry["hash"]),
                        str(entry["at"]),
                        str(entry["sig"]),
                        source,
                    )
                )
            except (ValueError, KeyError, TypeError):
                unreadable.append(source)
    return found, unreadable
