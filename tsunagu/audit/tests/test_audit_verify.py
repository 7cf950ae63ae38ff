"""`tsunagu audit verify`: the hash chain detects edited, deleted and forged rows.

On PostgreSQL a trigger refuses UPDATE and DELETE on the log; to simulate a tamperer with
superuser rights these tests switch the user triggers off for the duration of the edit.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tsunagu.audit import log
from tsunagu.audit.models import GENESIS_HASH, AuditAction, AuditEvent
from tsunagu.audit.verify import verify_chain

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out, stderr=StringIO())
    return out.getvalue()


def verify_fails() -> str:
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify", stdout=StringIO(), stderr=StringIO())
    return str(excinfo.value)


@contextlib.contextmanager
def tampering():
    """Lower the database's own guard (PostgreSQL trigger) the way a superuser could."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def make_log(n: int = 10) -> list[AuditEvent]:
    return [
        log.record(AuditAction.VIEW, object_type="people.person", object_id=i, municipality_id=1)
        for i in range(n)
    ]


@pytest.mark.django_db
def test_empty_and_clean_logs_verify():
    assert "0 行" in verify()
    make_log(5)
    assert "5 行" in verify()


def test_world_log_verifies(world):
    assert AuditEvent.objects.count() > 10
    checked, problems = verify_chain()
    assert problems == []
    assert checked == AuditEvent.objects.count()
    verify()


@pytest.mark.django_db
def test_chain_links_every_row_to_the_previous():
    events = make_log(5)
    assert events[0].prev_hash == GENESIS_HASH
    for prev, event in itertools.pairwise(events):
        assert event.prev_hash == prev.hash
        assert event.pk == prev.pk + 1
    for event in AuditEvent.objects.all():
        assert event.compute_hash() == event.hash


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column,value",
    [
        ("actor_username", "someone_else"),
        ("changed_fields", ["notes"]),
        ("ip_address", "10.0.0.1"),
        ("action", AuditAction.EXPORT),
    ],
)
def test_edited_row_is_detected(column, value):
    events = make_log()
    target = events[4]
    with tampering():
        AuditEvent.objects.filter(pk=target.pk).update(**{column: value})
    message = verify_fails()
    assert f"#{target.pk}" in message
    assert "改ざん" in message


@pytest.mark.django_db
def test_edited_row_with_recomputed_own_hash_breaks_the_next_link():
    events = make_log()
    target = AuditEvent.objects.get(pk=events[4].pk)
    target.actor_username = "someone_else"
    target.hash = target.compute_hash()
    with tampering():
        AuditEvent.objects.filter(pk=target.pk).update(
            actor_username=target.actor_username, hash=target.hash
        )
    message = verify_fails()
    assert f"#{events[5].pk}" in message


@pytest.mark.django_db
def test_deleted_row_is_detected():
    events = make_log()
    gone = events[3]
    with tampering():
        AuditEvent.objects.filter(pk=gone.pk).delete()
    message = verify_fails()
    assert f"#{events[4].pk}" in message  # the row after the gap
    assert f"ID {gone.pk}" in message  # and the missing id


def _forged(pk: int, prev_hash: str, **fields) -> AuditEvent:
    event = AuditEvent(
        id=pk,
        created_at=timezone.now(),
        actor_username="forger",
        action=AuditAction.VIEW,
        object_type="people.person",
        object_id="1",
        prev_hash=prev_hash,
        **fields,
    )
    event.hash = event.compute_hash()
    return event


@pytest.mark.django_db
def test_forged_row_appended_with_a_made_up_link_is_detected():
    events = make_log()
    forged = _forged(events[-1].pk + 1, prev_hash="f" * 64)
    forged.save(force_insert=True)  # inserting needs no trigger bypass
    assert f"#{forged.pk}" in verify_fails()


@pytest.mark.django_db
def test_forged_row_with_a_wrong_hash_is_detected():
    events = make_log()
    forged = _forged(events[-1].pk + 1, prev_hash=events[-1].hash)
    forged.hash = "0" * 63 + "1"
    forged.save(force_insert=True)
    assert f"#{forged.pk}" in verify_fails()


@pytest.mark.django_db
def test_forged_row_before_the_first_is_detected():
    make_log()
    forged = _forged(0, prev_hash=GENESIS_HASH)
    forged.save(force_insert=True)
    message = verify_fails()
    assert "#0" in message


@pytest.mark.django_db
def test_forged_row_in_the_middle_is_detected():
    """Squeezing a row in means renumbering the following ones: their hashes break."""
    events = make_log(6)
    with tampering():
        for event in reversed(events[3:]):
            AuditEvent.objects.filter(pk=event.pk).update(id=event.pk + 1)
    forged = _forged(events[3].pk, prev_hash=events[2].hash)
    forged.save(force_insert=True)
    message = verify_fails()
    assert f"#{events[3].pk + 1}" in message


@pytest.mark.django_db
def test_fifty_records_in_a_loop_verify():
    for i in range(50):
        log.record(AuditAction.VIEW, object_type="people.case", object_id=i, municipality_id=1)
    assert AuditEvent.objects.count() == 50
    assert list(AuditEvent.objects.values_list("id", flat=True)) == list(range(1, 51))
    assert "50 行" in verify()


@on_postgres
@pytest.mark.django_db
def test_postgres_trigger_refuses_update_and_delete():
    event = make_log(3)[1]
    for sql in (
        "UPDATE audit_auditevent SET actor_username = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
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
def test_concurrent_appends_keep_one_chain():
    """Several connections appending at once (the advisory lock serialises them)."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(15):
                with transaction.atomic():
                    log.record(AuditAction.VIEW, object_type="people.case", object_id=n * 100 + i)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() == 60
    checked, problems = verify_chain()
    assert (checked, problems) == (60, [])
