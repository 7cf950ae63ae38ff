"""`tsunagu audit verify` and `tsunagu audit checkpoint`: one keyed chain per municipality, and
signed checkpoints in the database and the witness file. (Tampering: test_audit_tamper.py.)"""

from __future__ import annotations

import itertools
import json
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tsunagu.audit import log
from tsunagu.audit.chain import database_label, signature_ok
from tsunagu.audit.context import noting
from tsunagu.audit.models import GENESIS_HASH, AuditAction, AuditCheckpoint, AuditEvent
from tsunagu.audit.verify import verify as verify_report

from .tamper import checkpoint, make_log, tampering, verify, verify_fails

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


@pytest.mark.django_db
def test_empty_and_clean_logs_verify():
    assert "0 本の連鎖、0 行" in verify()
    make_log(5)
    assert "1 本の連鎖、5 行" in verify()


def test_world_log_verifies(world):
    report = verify_report()
    assert report.problems == []
    assert report.rows == AuditEvent.objects.count() > 10
    home = world.home.municipality
    assert f"{home.name}（{home.code}）の連鎖：" in verify()


@pytest.mark.django_db
def test_each_municipality_has_its_own_chain():
    """Appends interleaved across municipalities: each chain counts and links on its own."""
    events = {1: [], 2: [], None: []}
    for chain in [1, 2, 1, None, 2, 1, None, 1]:
        events[chain] += make_log(1, municipality_id=chain)
    for chain_events in events.values():
        assert [e.seq for e in chain_events] == list(range(1, len(chain_events) + 1))
        assert chain_events[0].prev_hash == GENESIS_HASH
        for prev, event in itertools.pairwise(chain_events):
            assert event.prev_hash == prev.hash
    for event in AuditEvent.objects.all():
        assert event.compute_hash() == event.hash
    assert "3 本の連鎖、8 行" in verify()


@pytest.mark.django_db
def test_fifty_records_in_a_loop_verify():
    for i in range(50):
        log.record(AuditAction.VIEW, object_type="people.case", object_id=i, municipality_id=1)
    assert list(AuditEvent.objects.order_by("id").values_list("seq", flat=True)) == list(
        range(1, 51)
    )
    assert "50 行" in verify()


def test_verify_one_municipality(world):
    home, away = world.home.municipality, world.away.municipality
    away_event = AuditEvent.objects.in_chain(away.pk).order_by("seq")[1]
    with tampering():
        AuditEvent.objects.filter(pk=away_event.pk).update(actor_username="x")
    out = verify("--municipality", home.code)
    assert f"{home.name}（{home.code}）の連鎖" in out and away.name not in out
    assert "1 本の連鎖" in out
    message = verify_fails("--municipality", away.code)
    assert f"{away.name}（{away.code}）の連鎖 第2行（ID {away_event.pk}）" in message
    assert f"{away.name}（{away.code}）の連鎖 第2行" in verify_fails()  # and in the full run
    with pytest.raises(CommandError, match="地方公共団体コード「999999」の自治体が見つかりません"):
        call_command("audit", "verify", "--municipality", "999999", stdout=StringIO())


@pytest.mark.django_db
def test_checkpoint_signs_each_chain_head_in_the_table_and_the_witness(settings):
    make_log(3)
    make_log(2, municipality_id=None)
    assert "チェックポイントを 2 件記録しました" in checkpoint()
    stored = {c.municipality_id: c for c in AuditCheckpoint.objects.all()}
    assert {k: (c.seq, c.head_hash) for k, c in stored.items()} == {
        1: (3, AuditEvent.objects.in_chain(1).get(seq=3).hash),
        None: (2, AuditEvent.objects.in_chain(None).get(seq=2).hash),
    }
    lines = [json.loads(line) for line in Path(settings.TSUNAGU_AUDIT_WITNESS_FILE).open()]
    assert [(e["chain"], e["seq"], e["db"]) for e in lines] == [
        (None, 2, database_label()),
        (1, 3, database_label()),
    ]
    for entry in lines:
        assert signature_ok(entry["chain"], entry["seq"], entry["hash"], entry["at"], entry["sig"])
        assert entry["sig"] == stored[entry["chain"]].signature
    # nothing moved: nothing written; one chain moved: one checkpoint
    assert "0 件" in checkpoint()
    make_log(1)
    assert "1 件" in checkpoint()
    assert AuditCheckpoint.objects.count() == 3
    assert "チェックポイント 第4行まで照合" in verify()


@pytest.mark.django_db
def test_witness_file_of_another_database_is_ignored(settings):
    make_log(3)
    checkpoint()
    witness = Path(settings.TSUNAGU_AUDIT_WITNESS_FILE)
    entry = json.loads(witness.read_text())
    entry.update(db="sqlite:/elsewhere.sqlite3", seq=99)
    witness.write_text(witness.read_text() + json.dumps(entry) + "\n")
    assert "正常" in verify()


@pytest.mark.django_db
def test_missing_witness_file_is_reported_as_a_warning(settings):
    make_log(3)
    checkpoint()
    Path(settings.TSUNAGU_AUDIT_WITNESS_FILE).unlink()
    err = StringIO()
    call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert "このデータベースのチェックポイントがありません" in err.getvalue()


@pytest.mark.django_db
def test_unwritable_witness_file_fails_the_checkpoint(settings, tmp_path):
    make_log(1)
    settings.TSUNAGU_AUDIT_WITNESS_FILE = str(tmp_path)  # a directory
    with pytest.raises(CommandError, match=r"証人ファイル .* に書き込めません"):
        call_command("audit", "checkpoint", stdout=StringIO())


@pytest.mark.django_db
def test_a_different_key_is_named_as_the_likely_cause(settings):
    make_log(3)
    settings.TSUNAGU_AUDIT_KEY = "another-key-" + "x" * 40
    message = verify_fails()
    assert "TSUNAGU_AUDIT_KEY が書き込み時と同じ鍵か確認してください" in message


@on_postgres
@pytest.mark.django_db
def test_postgres_trigger_refuses_update_and_delete():
    event = make_log(3)[1]
    checkpoint()
    for sql in (
        "UPDATE audit_auditevent SET actor_username = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "UPDATE audit_auditcheckpoint SET seq = 1",
        "DELETE FROM audit_auditcheckpoint",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk] if "%s" in sql else None)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        e = AuditEvent.objects.get(pk=event.pk)
        e.ip_address = "10.0.0.1"
        e.save()
    # the trigger is back on after a tampering simulation
    with tampering():
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_every_chain_whole():
    """Six connections appending at once, two per chain (the chain locks serialise each chain
    and let the chains proceed side by side)."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(15):
                with transaction.atomic():
                    log.record(
                        AuditAction.VIEW,
                        object_type="people.case",
                        object_id=n * 100 + i,
                        municipality_id=[1, 2, None][n % 3],
                    )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for chain in (1, 2, None):
        seqs = AuditEvent.objects.in_chain(chain).order_by("seq").values_list("seq", flat=True)
        assert list(seqs) == list(range(1, 31))
    report = verify_report()
    assert (report.rows, report.problems) == (90, [])


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_eight_connections_on_one_chain_lock_and_read_the_head_in_one_statement():
    """The lock and the head read are one round trip (chain.locked_head); the head is read
    after the lock is held, so eight writers queued on one chain still append 1, 2, 3, …"""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        log.record(AuditAction.VIEW, object_type="people.case", object_id=0, municipality_id=1)
    lock_and_head, insert = [
        q["sql"] for q in ctx.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")
    ]
    assert "tsunagu_audit_locked_head" in lock_and_head and insert.startswith("INSERT")
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(20):
                with transaction.atomic():
                    log.record(AuditAction.VIEW, object_type="people.case",
                               object_id=n * 100 + i, municipality_id=1)  # fmt: skip
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = AuditEvent.objects.in_chain(1).order_by("seq").values_list("seq", flat=True)
    assert list(seqs) == list(range(1, 162))
    assert verify_report().problems == []


@pytest.mark.django_db
def test_entries_written_in_bulk_verify_and_read_back_as_written():
    """record_rows (COPY on PostgreSQL, core.bulk_insert): every value as the hash saw it,
    the JSON fields included, and the chain continues from single entries on both sides."""
    make_log(2, municipality_id=7)
    with noting(via="import", import_job=12):
        log.record_rows(
            AuditAction.CREATE,
            AuditEvent,
            [(101, 7), (102, 8), (103, 7)],
            ["b_field", "a_field"],
        )
    make_log(1, municipality_id=7)
    bulk = list(AuditEvent.objects.filter(object_id__in=["101", "102", "103"]).order_by("id"))
    assert [(e.object_id, e.municipality_id, e.seq) for e in bulk] == [
        ("101", 7, 3),
        ("103", 7, 4),
        ("102", 8, 1),
    ]
    for event in bulk:
        assert event.changed_fields == ["a_field", "b_field"]
        assert event.extra == {"via": "import", "import_job": 12}
        assert event.created_at.tzinfo is not None
        assert event.compute_hash() == event.hash
    assert verify_report().problems == []


@pytest.mark.django_db
def test_buffered_entries_are_written_in_batches_and_when_the_block_fails():
    def read(n):
        log.record(
            AuditAction.SEARCH, object_type="people.person", municipality_id=5, extra={"n": n}
        )

    def count():
        return AuditEvent.objects.filter(municipality_id=5).count()

    with log.buffered(limit=2):
        read(1)
        assert count() == 0
        read(2)
        assert count() == 2
        read(3)
        assert count() == 2
    assert count() == 3
    with pytest.raises(ZeroDivisionError), log.buffered():
        read(4)
        1 / 0  # noqa: B018
    events = list(AuditEvent.objects.filter(municipality_id=5).order_by("seq"))
    assert [(e.seq, e.extra["n"]) for e in events] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert verify_report().problems == []
