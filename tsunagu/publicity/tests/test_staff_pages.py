"""The staff pages of announcements: write a draft (validated), publish (deliveries in the same
transaction), withdraw; who reaches which announcement."""

from __future__ import annotations

import datetime
import html

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.core import public_cache
from tsunagu.publicity.models import Announcement, Delivery, DeliveryStatus, Status
from tsunagu.testing.publicity import make_announcement, png_bytes


def _form(world, **extra) -> dict:
    data = {
        "author": f"window:{world.home.window.pk}",
        "title": "家族会のお知らせ",
        "body": "第3日曜に家族会を開きます。",
        "easy_summary": "かぞくかい が あります。",
        "audience": "family",
        "publish_from": "令和8年12月1日 9:00",
        "expire_at": "",
        "image_alt": "",
    }
    return data | extra


def test_a_draft_is_written_checked_and_published(world, login, django_capture_on_commit_callbacks):
    client = login(world.user(Role.COUNSELLOR))
    page = client.get("/staff/announcements/new/")
    assert page.status_code == 200 and "お知らせを書く" in page.text

    image = SimpleUploadedFile("kai.png", png_bytes(), content_type="image/png")
    refused = client.post("/staff/announcements/new/", _form(world, image=image))
    assert refused.status_code == 200 and "画像の内容を文章で入力してください" in refused.text
    bad = client.post(
        "/staff/announcements/new/",
        _form(world, title="家\x00族", expire_at="令和8年11月1日 9:00"),
    )
    assert bad.status_code == 200 and "使用できない文字" in bad.text
    assert not Announcement.objects.exists()

    image = SimpleUploadedFile("kai.png", png_bytes(), content_type="image/png")
    saved = client.post(
        "/staff/announcements/new/", _form(world, image=image, image_alt="会場の入口の写真")
    )
    announcement = Announcement.objects.get()
    assert saved.status_code == 302 and announcement.status == Status.DRAFT
    assert (
        announcement.image_type == "image/png"
        and announcement.municipality == world.home.municipality
    )

    detail = client.get(f"/staff/announcements/{announcement.pk}/")
    shown = html.unescape(detail.text)
    assert '"type": "text"' in shown and "X の数え方で" in shown

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(f"/staff/announcements/{announcement.pk}/publish/")
    deliveries = {d.channel: d.status for d in Delivery.objects.filter(announcement=announcement)}
    assert deliveries == {
        "website": DeliveryStatus.SCHEDULED,
        "signage": DeliveryStatus.SCHEDULED,
        "flyer": DeliveryStatus.SCHEDULED,
        "line": DeliveryStatus.NOT_CONFIGURED,
        "x": DeliveryStatus.NOT_CONFIGURED,
    }
    # one task per configured channel, queued after the commit (besides the public pages'
    # version, which moves once more when the transaction commits: core.public_cache)
    tasks = [c for c in callbacks if c is not public_cache.bump_version]
    assert len(tasks) == 3
    again = client.post(f"/staff/announcements/{announcement.pk}/publish/", follow=True)
    assert "下書きのお知らせだけを公開できます" in again.text
    assert client.get(f"/staff/announcements/{announcement.pk}/edit/").status_code == 302

    client.post(f"/staff/announcements/{announcement.pk}/withdraw/")
    announcement.refresh_from_db()
    assert announcement.status == Status.WITHDRAWN
    statuses = set(
        Delivery.objects.filter(announcement=announcement).values_list("status", flat=True)
    )
    assert statuses == {DeliveryStatus.CANCELLED, DeliveryStatus.NOT_CONFIGURED}


def test_who_reaches_which_announcement(world, login):
    home, away = world.home, world.away
    by_window = make_announcement(home, status=Status.DRAFT)
    by_agency = make_announcement(home, organization=home.agency, title="団体", status=Status.DRAFT)
    by_away = make_announcement(away, status=Status.DRAFT)
    publicity = login(world.user(Role.PUBLICITY))  # the agency's 団体・広報担当
    assert publicity.get(f"/staff/announcements/{by_agency.pk}/").status_code == 200
    assert publicity.get(f"/staff/announcements/{by_window.pk}/").status_code == 404
    form = publicity.get("/staff/announcements/new/").text
    assert f"org:{home.agency.pk}" in form and f"window:{home.window.pk}" not in form
    supervisor = login(world.user(Role.SUPERVISOR))
    for own in (by_window, by_agency):
        assert supervisor.get(f"/staff/announcements/{own.pk}/").status_code == 200
    assert supervisor.get(f"/staff/announcements/{by_away.pk}/").status_code == 404
    forged = supervisor.post(
        "/staff/announcements/new/", _form(world, author=f"window:{away.window.pk}")
    )
    assert forged.status_code == 200 and "選べない値です" in forged.text
    reception = login(world.user(Role.RECEPTION))
    assert reception.get("/staff/announcements/").status_code == 403


def test_the_list_takes_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.user(Role.SUPERVISOR))
    for i in range(3):
        make_announcement(world.home, title=f"お知らせ{i}")
    client.get("/staff/announcements/")
    for i in range(5):
        make_announcement(world.home, organization=world.home.agency, title=f"団体{i}")
    with django_assert_max_num_queries(12):
        page = client.get("/staff/announcements/")
    assert page.text.count("/staff/announcements/") >= 8


def test_scheduled_and_expired_states(world):
    now = timezone.now()
    later = make_announcement(world.home, publish_from=now + datetime.timedelta(days=1))
    gone = make_announcement(
        world.home,
        publish_from=now - datetime.timedelta(days=3),
        expire_at=now - datetime.timedelta(days=1),
    )
    assert later.state_label() == "予約（公開待ち）" and gone.state_label() == "掲載終了"
