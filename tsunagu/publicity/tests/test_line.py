"""LINE deliveries against the local contract server (tsunagu/testing/line_server.py): every
request is checked the way the Messaging API defines it; a failed delivery is retried with
back-off to success, and never posts twice."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tsunagu.programmes.models import Audience
from tsunagu.publicity import services
from tsunagu.publicity.channels.line import MULTICAST_LIMIT, TEXT_LIMIT
from tsunagu.publicity.delivery import MAX_ATTEMPTS, run
from tsunagu.publicity.models import Delivery, DeliveryStatus, LineFollower, Status
from tsunagu.testing.publicity import make_announcement


def _published(world, **kw) -> Delivery:
    announcement = make_announcement(world.home, status=Status.DRAFT, **kw)
    services.publish(announcement)
    return Delivery.objects.get(announcement=announcement, channel="line")


def _due(delivery: Delivery) -> None:
    """As if the back-off had passed."""
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_an_announcement_for_everyone_is_a_broadcast(world, line_server):
    delivery = _published(world, body="本文" * 3000)  # cut to fit one text message
    assert delivery.status == DeliveryStatus.SCHEDULED
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.external_id
    assert line_server.violations == []
    [post] = line_server.posts
    assert post["kind"] == "broadcast" and post["key"] == str(delivery.retry_key)
    [message] = post["body"]["messages"]
    assert len(message["text"]) <= TEXT_LIMIT and message["text"].endswith(
        f"/news/{delivery.announcement_id}/"
    )
    assert delivery.payload["body"] == {"messages": post["body"]["messages"]}


def test_a_topic_goes_to_the_followers_who_chose_it_500_at_a_time(world, line_server):
    municipality = world.home.municipality
    rows = [
        LineFollower(municipality=municipality, line_user_id=f"U{i:032x}", topics=["family"])
        for i in range(MULTICAST_LIMIT + 3)
    ]
    rows.append(LineFollower(municipality=municipality, line_user_id="Uperson", topics=["person"]))
    rows.append(
        LineFollower(
            municipality=municipality, line_user_id="Ugone", topics=["family"], is_following=False
        )
    )
    LineFollower.objects.in_municipality(municipality).bulk_create(rows)
    delivery = _published(world, audience=Audience.FAMILY)
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT, delivery.error
    assert line_server.violations == []
    assert [p["kind"] for p in line_server.posts] == ["multicast", "multicast"]
    sent_to = [u for p in line_server.posts for u in p["body"]["to"]]
    assert (
        len(sent_to) == MULTICAST_LIMIT + 3 and "Uperson" not in sent_to and "Ugone" not in sent_to
    )
    assert len({p["key"] for p in line_server.posts}) == 2  # one stable key per request


def test_a_failed_delivery_is_retried_to_success_without_posting_twice(world, line_server):
    delivery = _published(world)
    line_server.script = ["429", "lost"]  # rate-limited, then accepted but the answer lost
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and "LINE 429" in delivery.error
    assert delivery.next_attempt_at > timezone.now()  # back-off
    run(delivery.pk)  # too early: nothing happens
    assert len(line_server.requests) == 1
    _due(delivery)
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert len(line_server.posts) == 1  # LINE has it already
    _due(delivery)
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 3
    assert len(line_server.posts) == 1  # the retry was answered 409: not posted again
    assert [r["key"] for r in line_server.requests] == [str(delivery.retry_key)] * 3
    assert line_server.violations == []


def test_server_errors_are_given_up_after_the_last_attempt(world, line_server):
    delivery = _published(world)
    line_server.script = ["500"] * MAX_ATTEMPTS
    for _ in range(MAX_ATTEMPTS):
        _due(delivery)
        run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
    assert delivery.attempts == MAX_ATTEMPTS and "LINE 500" in delivery.error
    assert line_server.posts == []


def test_a_refused_request_is_not_retried(world, line_server, settings):
    settings.TSUNAGU_LINE_CHANNELS[world.home.municipality.code]["access_token"] = "wrong"
    delivery = _published(world)
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
    assert "LINE 400" in delivery.error and line_server.posts == []


def test_the_worker_sends_the_deliveries(
    world, line_server, django_capture_on_commit_callbacks, monkeypatch
):
    # The worker runs in this process, inside the test's transaction (as in imports' tests).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with django_capture_on_commit_callbacks(execute=True):
        delivery = _published(world)
    assert DBTaskResult.objects.count() == 4  # website, signage, flyer, LINE
    call_command("worker", batch=True, interval=0)
    statuses = dict(
        Delivery.objects.filter(announcement=delivery.announcement).values_list("channel", "status")
    )
    assert statuses == {
        "website": "sent",
        "signage": "sent",
        "flyer": "sent",
        "line": "sent",
        "x": "not_configured",
    }
    assert len(line_server.posts) == 1


def test_a_withdrawn_announcement_is_not_sent(world, line_server):
    delivery = _published(world)
    services.withdraw(delivery.announcement)
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.CANCELLED and line_server.requests == []
