"""/api/v1/announcements: the list and one announcement with its delivery status, reached
like the staff pages."""

from __future__ import annotations

from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.publicity import services
from tsunagu.publicity.models import Status
from tsunagu.testing.api import bearer
from tsunagu.testing.publicity import make_announcement


def test_announcements_and_their_deliveries(world):
    home = world.home
    mine = make_announcement(home, status=Status.DRAFT)
    services.publish(mine)
    agency = make_announcement(home, organization=home.agency, title="団体", status=Status.DRAFT)
    away = make_announcement(world.away)
    client = Client()
    supervisor = world.user(Role.SUPERVISOR)
    listing = client.get("/api/v1/announcements", **bearer(supervisor)).json()
    assert {a["id"] for a in listing["items"]} == {mine.pk, agency.pk}
    detail = client.get(f"/api/v1/announcements/{mine.pk}", **bearer(supervisor)).json()
    assert detail["state"] == "published" and detail["has_image"] is False
    statuses = {d["channel"]: d["status"] for d in detail["deliveries"]}
    assert statuses == {
        "website": "scheduled",
        "signage": "scheduled",
        "flyer": "scheduled",
        "line": "not_configured",
        "x": "not_configured",
    }
    line = next(d for d in detail["deliveries"] if d["channel"] == "line")
    assert line["payload"]["body"]["messages"][0]["type"] == "text"
    assert client.get(f"/api/v1/announcements/{away.pk}", **bearer(supervisor)).status_code == 404
    publicity = world.user(Role.PUBLICITY)
    own = client.get("/api/v1/announcements", **bearer(publicity)).json()
    assert [a["id"] for a in own["items"]] == [agency.pk]
    reception = world.user(Role.RECEPTION)
    assert client.get("/api/v1/announcements", **bearer(reception)).status_code == 403


def test_a_draft_written_published_and_withdrawn_through_the_api(
    world, django_capture_on_commit_callbacks
):
    home = world.home
    client = Client()
    supervisor = world.user(Role.SUPERVISOR)
    body = {
        "author": f"window:{home.window.pk}",
        "title": "家族会のお知らせ",
        "body": "第3日曜に家族会を開きます。",
        "easy_summary": "かぞくかい が あります。",
        "audience": "family",
        "publish_from": "令和8年12月1日 9:00",
    }
    post = client.post(
        "/api/v1/announcements", body, content_type="application/json", **bearer(supervisor)
    )
    assert post.status_code == 201, post.content
    created = post.json()
    assert created["status"] == "draft" and created["deliveries"] == []
    edited = client.put(
        f"/api/v1/announcements/{created['id']}",
        {**body, "title": "家族会（12月）のお知らせ"},
        content_type="application/json",
        **bearer(supervisor),
    ).json()
    assert edited["title"] == "家族会（12月）のお知らせ"
    with django_capture_on_commit_callbacks():
        published = client.post(
            f"/api/v1/announcements/{created['id']}/publish", **bearer(supervisor)
        ).json()
    assert published["status"] == "published" and len(published["deliveries"]) == 5
    again = client.put(
        f"/api/v1/announcements/{created['id']}",
        body,
        content_type="application/json",
        **bearer(supervisor),
    )
    assert again.status_code == 422 and "編集できません" in again.json()["detail"][0]["msg"]
    withdrawn = client.post(
        f"/api/v1/announcements/{created['id']}/withdraw", **bearer(supervisor)
    ).json()
    assert withdrawn["status"] == "withdrawn"


def test_bad_input_and_another_municipalitys_author_are_422(world):
    client = Client()
    supervisor = world.user(Role.SUPERVISOR)
    body = {
        "author": f"window:{world.away.window.pk}",
        "title": "x" * 500,
        "body": "本文",
        "audience": "nobody",
        "publish_from": "きのう",
    }
    answer = client.post(
        "/api/v1/announcements", body, content_type="application/json", **bearer(supervisor)
    )
    assert answer.status_code == 422
    fields = {"/".join(map(str, e["loc"])) for e in answer.json()["detail"]}
    for field in ("author", "title", "audience", "publish_from"):
        assert any(field in f for f in fields), fields
    publicity_less = world.user(Role.RECEPTION)
    denied = client.post(
        "/api/v1/announcements", body, content_type="application/json", **bearer(publicity_less)
    )
    assert denied.status_code == 403
