"""Notifications: sending (notify), the header count, the list, opening (marks read) and privacy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.notifications.models import Notification
from tsunagu.notifications.services import notify, unread_count


def _send(user, world, n: int = 1, **extra) -> list[Notification]:
    fields = {
        "municipality_id": world.home.municipality.pk,
        "kind": "referral_received",
        "message": "おつなぎが届きました（ケース #12）",
        "url": reverse("case-detail", args=[world.home.case.pk]),
    }
    fields.update(extra)
    return [notify(user, **fields) for _ in range(n)]


def test_notify_stores_a_reference_and_refuses_bad_input(world):
    user = world.user(Role.COUNSELLOR)
    (sent,) = _send(user, world, target=world.home.case)
    assert sent.target_id == world.home.case.pk and sent.target_type.model == "case"
    assert sent.kind_label == "おつなぎの受信" and not sent.is_read
    for bad in (
        {"kind": ""},
        {"kind": "Bad Kind"},
        {"message": ""},
        {"message": "あ" * 201},
        {"url": "https://evil.example/"},
        {"url": "//evil.example/x"},
    ):
        with pytest.raises(ValidationError):
            _send(user, world, **bad)
    assert unread_count(user) == 1


def test_header_shows_the_unread_count_on_staff_pages(world, login):
    user = world.user(Role.COUNSELLOR)
    client = login(user)
    body = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="notification-count"' in body and "未読" not in body
    _send(user, world, 3)
    _send(world.user(Role.SUPERVISOR), world, 5)  # someone else's: not counted
    body = client.get(reverse("dashboard")).content.decode()
    assert "未読 3 件" in body


def test_header_count_costs_one_statement(world, login, django_assert_num_queries):
    """The header's count is one COUNT, however many notifications."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world.user(Role.COUNSELLOR)
    client = login(user)
    url = reverse("notification-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _send(user, world, 40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few) + 1  # the page's own list (empty before) adds its paginator count
    counts = [q["sql"] for q in many if "COUNT" in q["sql"].upper() and "notification" in q["sql"]]
    assert len(counts) == 2  # the header's unread count and the paginator's
    assert response.content.decode().count("notification-list__item--unread") == 30


def test_list_is_newest_first_paged_and_only_the_recipients(
    world, login, django_assert_max_num_queries
):
    user = world.user(Role.COUNSELLOR)
    other = world.user(Role.SUPERVISOR)
    for i in range(35):
        _send(user, world, message=f"お知らせ{i:02d}")
    _send(other, world, message="ほかの人のお知らせ")
    client = login(user)
    client.get(reverse("notification-list"))
    with django_assert_max_num_queries(10):
        body = client.get(reverse("notification-list")).content.decode()
    assert body.index("お知らせ34") < body.index("お知らせ33")
    assert "お知らせ04" not in body and "ほかの人のお知らせ" not in body
    page2 = client.get(reverse("notification-list"), {"page": 2}).content.decode()
    assert "お知らせ04" in page2 and "お知らせ00" in page2


def test_opening_marks_read_and_goes_to_the_object(world, login):
    user = world.user(Role.COUNSELLOR)
    (sent,) = _send(user, world)
    client = login(user)
    url = reverse("notification-open", args=[sent.pk])
    assert client.get(url).status_code == 405  # no GET side effects (prefetch, previews)
    sent.refresh_from_db()
    assert sent.read_at is None
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("case-detail", args=[world.home.case.pk])
    sent.refresh_from_db()
    assert sent.read_at is not None
    first_read = sent.read_at
    client.post(url)  # opening again keeps the first reading time
    sent.refresh_from_db()
    assert sent.read_at == first_read
    assert unread_count(user) == 0


def test_another_users_notification_is_404(world, login):
    (theirs,) = _send(world.user(Role.SUPERVISOR), world)
    for role in (Role.COUNSELLOR, Role.RECEPTION, Role.SYSTEM_ADMIN):
        client = login(world.user(role))
        assert client.post(reverse("notification-open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    away = login(world.away.users[Role.SUPERVISOR])
    assert away.post(reverse("notification-open", args=[theirs.pk])).status_code == 404


def test_mark_all_read_touches_only_my_notifications(world, login):
    user = world.user(Role.COUNSELLOR)
    _send(user, world, 4)
    _send(world.user(Role.SUPERVISOR), world, 2)
    client = login(user)
    assert client.get(reverse("notification-mark-all-read")).status_code == 405
    response = client.post(reverse("notification-mark-all-read"), follow=True)
    assert "4 件のお知らせを既読にしました" in response.content.decode()
    assert unread_count(user) == 0 and unread_count(world.user(Role.SUPERVISOR)) == 2


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("notification-list"))
    assert response.status_code == 302 and "login" in response["Location"]
