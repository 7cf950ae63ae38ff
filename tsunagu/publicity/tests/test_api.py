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
