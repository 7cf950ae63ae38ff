"""The tamper table: every way of rewriting the audit log that the issue names is detected by
`tsunagu audit verify` (exit status 1, a Japanese message naming the chain and the row).

The tamperer here has every right on the database (the PostgreSQL trigger is switched off the
way a superuser could) but not TSUNAGU_AUDIT_KEY and not the witness file. What the application's
own database role cannot do at all (UPDATE, DELETE, TRUNCATE, triggers) is in test_db_roles.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tsunagu.audit.chain import row_hash
from tsunagu.audit.models import AuditAction, AuditCheckpoint, AuditEvent

from .tamper import checkpoint, make_log, plain_sha256, rechain, tampering, verify, verify_fails

CHAIN = "自治体ID 1 の連鎖"
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "column,value",
    [
        ("actor_username", "someone_else"),
        ("changed_fields", ["notes"]),
        ("ip_address", "10.0.0.1"),
        ("action", AuditAction.EXPORT),
        ("municipality_id", 2),  # moved to another municipality's chain
    ],
)
def test_edited_row_is_detected(column, value):
    events = make_log()
    make_log(3, municipality_id=2)
    target = events[4]
    with tampering():
        AuditEvent.objects.filter(pk=target.pk).update(**{column: value})
    message = verify_fails()
    assert f"第{target.seq}行（ID {target.pk}）" in message
    assert "改ざんの疑い" in message


def test_edited_row_with_a_plain_hash_is_detected():
    """Recomputing the row's own hash without the key does not help."""
    events = make_log()
    target = AuditEvent.objects.get(pk=events[4].pk)
    target.actor_username = "someone_else"
    with tampering():
        AuditEvent.objects.filter(pk=target.pk).update(
            actor_username=target.actor_username, hash=plain_sha256(target)
        )
    message = verify_fails()
    assert f"{CHAIN} 第5行（ID {target.pk}）：内容が鍵つきハッシュと一致しません" in message
    assert "第6行" in message  # and the next row no longer links to it


def _forged(seq: int, prev_hash: str, municipality_id: int | None = 1) -> AuditEvent:
    event = AuditEvent(
        seq=seq,
        created_at=timezone.now(),
        actor_username="forger",
        municipality_id=municipality_id,
        action=AuditAction.VIEW,
        object_type="people.person",
        object_id="1",
        prev_hash=prev_hash,
    )
    event.hash = plain_sha256(event)
    return event


def test_inserted_row_at_the_end_is_detected():
    """Inserting needs no trigger bypass; linking to the real head is easy, the keyed hash not."""
    events = make_log()
    forged = _forged(events[-1].seq + 1, prev_hash=events[-1].hash)
    forged.save(force_insert=True)
    message = verify_fails()
    assert f"第11行（ID {forged.pk}）：内容が鍵つきハッシュと一致しません" in message


def test_inserted_row_in_the_middle_is_detected():
    """Squeezing a row in means renumbering the following ones: their links break."""
    events = make_log(6)
    with tampering():
        for event in reversed(events[3:]):
            AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq + 1)
    forged = _forged(events[3].seq, prev_hash=events[2].hash)
    forged.save(force_insert=True)
    message = verify_fails()
    assert f"第4行（ID {forged.pk}）" in message
    assert f"第5行（ID {events[3].pk}）：直前の行とのつながりが一致しません" in message


def test_deleted_middle_row_is_detected():
    events = make_log()
    with tampering():
        AuditEvent.objects.filter(pk=events[3].pk).delete()
    message = verify_fails()
    assert f"{CHAIN} 第5行（ID {events[4].pk}）：第4行が欠落しています（削除の疑い）" in message


def test_deleted_tail_is_detected_through_the_checkpoint():
    events = make_log()
    checkpoint()
    with tampering():
        AuditEvent.objects.filter(pk__in=[e.pk for e in events[7:]]).delete()
    message = verify_fails()
    assert f"{CHAIN}：末尾の行が削除されています" in message
    assert "第10行まであったのに、現在は第7行までしかありません" in message


def test_deleted_tail_and_checkpoints_are_detected_through_the_witness_file():
    events = make_log()
    checkpoint()
    make_log(2)
    checkpoint()
    with tampering():
        AuditEvent.objects.filter(pk__in=[e.pk for e in events[5:]]).delete()
        AuditEvent.objects.filter(seq__gt=10).delete()
        AuditCheckpoint.objects.all().delete()
    message = verify_fails()
    assert "末尾の行が削除されています：証人ファイル 2 行目" in message
    assert "第12行まであったのに、現在は第5行までしかありません" in message


def test_deleted_whole_chain_is_detected():
    make_log(3, municipality_id=2)
    make_log(4)
    checkpoint()
    with tampering():
        AuditEvent.objects.filter(municipality_id=1).delete()
    message = verify_fails()
    assert f"{CHAIN}：末尾の行が削除されています" in message
    assert "現在は第0行までしかありません" in message


def test_full_rechain_with_plain_hashes_is_detected():
    """Deleting rows and recomputing every hash (as the old, unkeyed chain allowed)."""
    events = make_log()
    with tampering():
        AuditEvent.objects.filter(pk=events[2].pk).delete()
    kept = [e for e in events if e.pk != events[2].pk]
    rechain(kept)
    message = verify_fails()
    assert f"{CHAIN} 第1行（ID {kept[0].pk}）：内容が鍵つきハッシュと一致しません" in message
    # nothing else is wrong with the chain, but no row carries the key
    assert "TSUNAGU_AUDIT_KEY が書き込み時と同じ鍵か確認" in message


def test_full_rechain_with_the_key_is_detected_by_the_checkpoints():
    """Even someone who has the key cannot rewrite what a checkpoint in the witness file saw."""
    events = make_log()
    checkpoint()
    make_log(1)
    with tampering():
        AuditCheckpoint.objects.all().delete()
        AuditEvent.objects.filter(pk=events[2].pk).delete()
    kept = list(AuditEvent.objects.order_by("seq"))
    rechain(kept, hasher=lambda e: row_hash(e.canonical()))
    message = verify_fails()
    assert f"{CHAIN} 第10行（ID {kept[9].pk}）：証人ファイル 1 行目" in message
    assert "記録されたハッシュと一致しません" in message


def test_forged_checkpoint_is_detected():
    events = make_log()
    checkpoint()
    forged = AuditCheckpoint.objects.get()
    with tampering():
        AuditCheckpoint.objects.filter(pk=forged.pk).update(seq=events[5].seq)
    message = verify_fails()
    assert f"{CHAIN} 第6行：チェックポイント ID {forged.pk} の署名が一致しません" in message
    assert "偽造の疑い" in message


def test_forged_checkpoint_cannot_hide_a_deleted_tail():
    """A checkpoint inserted without the key (claiming the chain was shorter) is ignored."""
    events = make_log()
    checkpoint()
    with tampering():
        AuditEvent.objects.filter(pk__in=[e.pk for e in events[7:]]).delete()
        AuditCheckpoint.objects.all().delete()
    AuditCheckpoint.objects.create(
        municipality_id=1,
        seq=7,
        head_hash=events[6].hash,
        created_at=timezone.now(),
        signature="0" * 64,
    )
    message = verify_fails()
    assert "偽造の疑い" in message
    assert "末尾の行が削除されています：証人ファイル 1 行目" in message


def test_forged_or_unreadable_witness_lines_are_detected():
    make_log()
    checkpoint()
    witness = Path(settings.TSUNAGU_AUDIT_WITNESS_FILE)
    entry = json.loads(witness.read_text().splitlines()[0])
    entry["seq"] = 3
    witness.write_text(witness.read_text() + json.dumps(entry) + "\n{not json\n")
    message = verify_fails()
    assert f"{CHAIN} 第3行：証人ファイル 2 行目 の署名が一致しません" in message
    assert "証人ファイル 3 行目 を読み取れません" in message


def test_untouched_log_with_checkpoints_verifies():
    make_log()
    make_log(3, municipality_id=None)
    checkpoint()
    make_log(2)
    out = verify()
    assert f"{CHAIN}：12 行、チェックポイント 第10行まで照合 … 正常" in out
    assert "システムの連鎖（自治体なし）：3 行" in out
    assert "監査ログは正常です（2 本の連鎖、15 行を検証）" in out
