"""X deliveries against the local contract server (tsunagu/testing/x_server.py): off without an
account; with one, the text is posted once, a failed delivery is retried with back-off to
success, and a retry after a lost answer never posts twice."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tsunagu.publicity import services
from tsunagu.publicity.channels.x import LIMIT, weighted_length
from tsunagu.publicity.delivery import run
from tsunagu.publicity.models import Delivery, DeliveryStatus, Status
from tsunagu.testing.publicity import make_announcement
from tsunagu.testing.x_server import XContractServer

TOKEN = "test-x-user-token"


@pytest.fixture
def x_server(settings, world):
    with XContractServer(token=TOKEN) as server:
        settings.TSUNAGU_X_API_BASE = server.url
        settings.TSUNAGU_X_ACCOUNTS = {world.home.municipality.code: {"access_token": TOKEN}}
        yield server


def _published(side, **kw) -> Delivery:
    announcement = make_announcement(side, status=Status.DRAFT, **kw)
    services.publish(announcement)
    return Delivery.objects.get(announcement=announcement, channel="x")


def _due(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_without_an_account_x_is_not_set_up_and_nothing_is_sent(world, x_server):
    delivery = _published(world.away)
    assert delivery.status == DeliveryStatus.NOT_CONFIGURED
    run(delivery.pk)
    assert x_server.requests == []


def test_the_text_is_posted_once_within_the_weighted_limit(world, x_server):
    delivery = _published(world.home, body="本文。" * 400, easy_summary="")
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.external_id == x_server.posts[0]["id"]
    text = x_server.posts[0]["text"]
    assert weighted_length(text) <= LIMIT and text.endswith(f"/news/{delivery.announcement_id}/")
    assert x_server.violations == []


def test_a_failed_delivery_is_retried_to_success_without_posting_twice(world, x_server):
    delivery = _published(world.home)
    x_server.script = ["429", "lost"]  # rate-limited, then posted but the answer lost
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and "X 429" in delivery.error
    assert delivery.next_attempt_at > timezone.now()
    _due(delivery)
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and len(x_server.posts) == 1
    _due(delivery)
    run(delivery.pk)  # X refuses the same text again: the post is there, once
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 3
    assert len(x_server.posts) == 1 and len(x_server.requests) == 3


def test_a_refused_token_is_not_retried(world, x_server, settings):
    settings.TSUNAGU_X_ACCOUNTS[world.home.municipality.code]["access_token"] = "wrong"
    delivery = _published(world.home)
    run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
    assert "X 401" in delivery.error and x_server.posts == []
