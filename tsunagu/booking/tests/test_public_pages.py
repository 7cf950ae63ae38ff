"""The public booking pages through the Django client: live availability, the form with its
proof of work (and the no-script path), the confirmation e-mail with its .ics, the manage link,
rate limits."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tsunagu.booking import guard
from tsunagu.booking.models import Booking, BookingMessage
from tsunagu.testing.booking import solve, tomorrow_slot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def window_url(window) -> str:
    return reverse("booking-window", args=[window.municipality.code, window.slug])


def form_url(rule) -> str:
    window = rule.window
    slot = tomorrow_slot(rule)
    url = reverse("booking-book", args=[window.municipality.code, window.slug])
    return f"{url}?rule={rule.pk}&start={slot.key}"


def answers(page: str, **extra) -> dict:
    import re

    challenge = re.search(r'name="challenge" value="([^"]+)"', page).group(1)
    rule = re.search(r'name="rule" value="(\d+)"', page).group(1)
    start = re.search(r'name="start" value="([^"]+)"', page).group(1)
    return {
        "rule": rule,
        "start": start,
        "challenge": challenge,
        "solution": solve(challenge),
        "nickname": "みかん",
        "contact_method": "email",
        "contact": "mikan@example.jp",
        "consulter": "family",
        "mode": "online",
        "note": "",
        **extra,
    }


def test_index_and_window_pages_show_live_slots(client, rule, django_assert_max_num_queries):
    index = client.get(reverse("booking-index")).content.decode()
    assert rule.window.name in index and "このページをすぐ閉じる" in index
    with django_assert_max_num_queries(6):
        page = client.get(window_url(rule.window)).content.decode()
    assert form_url(rule).replace("&", "&amp;") in page
    assert "このページをすぐ閉じる" in page


def test_booking_with_proof_of_work_sends_mail_with_ics(client, rule):
    page = client.get(form_url(rule))
    assert page["Cache-Control"] == "no-store" and not page.cookies
    response = client.post(page.request["PATH_INFO"], answers(page.content.decode()))
    assert response.status_code == 302
    manage = client.get(response["Location"]).content.decode()
    assert "予約を受け付けました" in manage
    booking = Booking.objects.unscoped("test").get()
    assert booking.mode == "online" and booking.nickname == "みかん"
    [message] = mail.outbox
    assert message.to == ["mikan@example.jp"]
    assert response["Location"].split("?")[0] in message.body
    _name, ics, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    text = ics.decode() if isinstance(ics, bytes) else ics
    assert "METHOD:REQUEST" in text and f"UID:booking-{booking.pk}@tsunagu" in text
    assert "https://meet.example.jp/test" in text
    log = BookingMessage.objects.unscoped("test").get()
    assert (log.kind, log.status) == ("confirmation", "sent")


def test_the_same_challenge_cannot_book_twice(client, world):
    from tsunagu.testing.booking import make_rule

    rule = make_rule(world.home.window, capacity=5)
    page = client.get(form_url(rule))
    data = answers(page.content.decode())
    assert client.post(page.request["PATH_INFO"], data).status_code == 302
    again = client.post(page.request["PATH_INFO"], data)
    assert again.status_code == 200 and "もう一度「予約する」を押して" in again.content.decode()
    assert Booking.objects.unscoped("test").count() == 1


def test_without_script_the_form_waits_then_books(client, rule, monkeypatch):
    page = client.get(form_url(rule))
    data = answers(page.content.decode(), solution="")
    early = client.post(page.request["PATH_INFO"], data)
    assert early.status_code == 200 and "秒ほど待ってから" in early.content.decode()
    assert "みかん" in early.content.decode()  # what was typed stays
    later = time.time() + guard.NO_SCRIPT_WAIT_SECONDS + 1
    monkeypatch.setattr(guard.time, "time", lambda: later)
    assert client.post(page.request["PATH_INFO"], data).status_code == 302


def test_bad_answers_come_back_with_japanese_errors(client, rule):
    page = client.get(form_url(rule))
    data = answers(page.content.decode(), nickname="", contact="abc", contact_method="email")
    response = client.post(page.request["PATH_INFO"], data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "入力内容を確認してください" in body and "メールアドレス" in body
    assert not Booking.objects.unscoped("test").exists()


def test_a_full_slot_answers_409(client, rule):
    from tsunagu.testing.booking import book_tomorrow

    url = form_url(rule)
    book_tomorrow(rule)
    assert client.get(url).status_code == 409


def test_too_many_bookings_from_one_address(client, world, monkeypatch):
    from tsunagu.testing.booking import make_rule

    monkeypatch.setattr(guard, "BOOKINGS_PER_HOUR", 1)
    rule = make_rule(world.home.window, capacity=5)
    for expected in (302, 429):
        page = client.get(form_url(rule))
        response = client.post(page.request["PATH_INFO"], answers(page.content.decode()))
        assert response.status_code == expected
    assert response["Retry-After"] == "3600"


def test_manage_link_cancels_and_reschedules(client, world):
    from tsunagu.testing.booking import make_rule

    rule = make_rule(world.home.window, cancel_cutoff_hours=1)
    page = client.get(form_url(rule))
    manage_url = client.post(page.request["PATH_INFO"], answers(page.content.decode()))["Location"]
    manage_url = manage_url.split("?")[0]
    token = manage_url.rstrip("/").rsplit("/", 1)[1]
    booking = Booking.objects.unscoped("test").get()
    # reschedule: the slot an hour later the same day
    later = timezone.localtime(booking.starts_at + timezone.timedelta(hours=1))
    choose = client.get(reverse("booking-reschedule", args=[token])).content.decode()
    key = later.strftime("%Y-%m-%dT%H:%M")
    assert key in choose
    moved = client.post(reverse("booking-reschedule", args=[token]), {"start": key})
    assert moved.status_code == 302
    booking.refresh_from_db()
    assert timezone.localtime(booking.starts_at) == later
    response = client.post(reverse("booking-cancel", args=[token]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    page = client.get(manage_url)
    assert "キャンセルされました" in page.content.decode()
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "no-referrer"
    kinds = [m.subject for m in mail.outbox]
    assert len(kinds) == 3 and "キャンセル" in kinds[-1]
    assert "METHOD:CANCEL" in str(mail.outbox[-1].attachments[0][1])
    assert client.get(reverse("booking-manage", args=["junk"])).status_code == 404


def test_the_manage_token_is_kept_out_of_request_logs():
    from tsunagu.navigator.logging import redact

    line = '"POST /booking/manage/Ab-c_9xyz/cancel/ HTTP/1.1" 302'
    assert redact(line) == '"POST /booking/manage/[redacted]/cancel/ HTTP/1.1" 302'
