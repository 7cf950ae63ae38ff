"""Running a delivery: one attempt per task run, with back-off between attempts.

A task (tasks.deliver) runs ``run``: it takes the delivery (locked, so two workers never send
it twice), checks that the announcement is still published and due, marks it 送信中, calls the
channel's adapter outside the transaction (a slow network holds no lock), and records 送信済,
or 失敗 with the reason — queueing the next attempt after BACKOFF_SECONDS·2ⁿ while attempts
remain. The adapter's idempotency (LINE's retry key) makes a retry after a lost answer safe.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from .channels import PermanentFailure, TemporaryFailure, adapters
from .models import Delivery, DeliveryStatus, Status

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60
# A delivery left 送信中 this long (its worker died mid-send) may be tried again.
STALE_SENDING = datetime.timedelta(minutes=10)


def enqueue(delivery: Delivery, when: datetime.datetime) -> None:
    """Queue the delivery's task to run at `when`, once the current transaction commits."""
    from .tasks import deliver

    run_after = when if when > timezone.now() else None
    transaction.on_commit(lambda: deliver.using(run_after=run_after).enqueue(delivery.pk))


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempts - 1))


def _take(delivery_id: int) -> Delivery | None:
    """Lock the delivery and mark it 送信中 if it is due; None when there is nothing to do."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("announcement", "announcement__municipality")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        waiting = delivery.status in (DeliveryStatus.SCHEDULED, DeliveryStatus.FAILED)
        stale = (
            delivery.status == DeliveryStatus.SENDING and delivery.updated_at < now - STALE_SENDING
        )
        if not (waiting or stale) or delivery.next_attempt_at is None:
            return None  # sent, cancelled, given up, or another worker has it
        if delivery.announcement.status != Status.PUBLISHED:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.CANCELLED, None
            delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
            return None
        if delivery.next_attempt_at > now:  # run early (a worker's clock, a moved schedule)
            enqueue(delivery, delivery.next_attempt_at)
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.save(update_fields=["status", "attempts", "updated_at"])
    return delivery


def run(delivery_id: int) -> None:
    delivery = _take(delivery_id)
    if delivery is None:
        return
    adapter = adapters()[delivery.channel]
    try:
        external_id = adapter.send(delivery)
    except TemporaryFailure as error:
        _failed(delivery, str(error), retry=delivery.attempts < MAX_ATTEMPTS)
    except PermanentFailure as error:
        _failed(delivery, str(error), retry=False)
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.external_id = external_id[:100]
        delivery.next_attempt_at = None
        delivery.error = ""
        fields = ["status", "sent_at", "external_id", "next_attempt_at", "error", "updated_at"]
        delivery.save(update_fields=fields)


def _failed(delivery: Delivery, reason: str, *, retry: bool) -> None:
    log.warning("delivery %s (%s) failed: %s", delivery.pk, delivery.channel, reason)
    with transaction.atomic():
        delivery.status = DeliveryStatus.FAILED
        delivery.error = reason[:1000]
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts) if retry else None
        delivery.save(update_fields=["status", "error", "next_attempt_at", "updated_at"])
        if retry:
            enqueue(delivery, delivery.next_attempt_at)
