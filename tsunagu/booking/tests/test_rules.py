"""予約の設定: the text lines for hours and overrides, and the screen (MANAGE_WINDOWS only,
another municipality's rule answers 404)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.booking.models import AvailabilityRule, DateOverride
from tsunagu.booking.rules import parse_hours, parse_overrides
from tsunagu.testing.booking import make_rule
from tsunagu.testing.routing_concerns import login

pytestmark = pytest.mark.django_db
T = datetime.time


def test_lines_are_parsed_or_refused_with_the_line_number():
    assert parse_hours("火 10:00-12:00\n\n木 13:00〜16:30") == [
        (1, T(10), T(12)),
        (3, T(13), T(16, 30)),
    ]
    overrides = parse_overrides(
        "2026-12-29 休み\n2026/12/12 10:00-16:00 @ 公民館\n2027-1-9 9:00-12:00"
    )
    assert [o["kind"] for o in overrides] == ["closed", "outreach", "extra"]
    assert overrides[1]["place"] == "公民館"
    for bad, parse in (
        ("火曜 10-12", parse_hours),
        ("火 12:00-10:00", parse_hours),
        ("2026-02-30 休み", parse_overrides),
    ):
        with pytest.raises(ValidationError, match="1行目"):
            parse(bad)


def test_an_administrator_sets_a_rule(client, settings, world):
    c = login(client, settings, world.user(Role.MUNICIPALITY_ADMIN))
    data = {
        "window": world.home.window.pk,
        "name": "土曜の相談会",
        "modes": ["in_person", "phone"],
        "slot_minutes": 45,
        "buffer_minutes": 15,
        "min_notice_hours": 24,
        "horizon_days": 30,
        "capacity": 1,
        "cancel_cutoff_hours": 24,
        "reminder_hours": 24,
        "closed_on_holidays": "on",
        "closed_year_end": "on",
        "is_active": "on",
        "hours": "土 10:00-12:00",
        "overrides": "2026-12-12 休み\n2026-12-19 13:00-16:00 @ 市民センター",
    }
    assert c.post(reverse("staff-booking-rule-new"), data).status_code == 302
    rule = AvailabilityRule.objects.get(name="土曜の相談会")
    assert [(h.weekday, h.opens) for h in rule.hours.all()] == [(5, T(10))]
    assert rule.overrides.get(kind=DateOverride.Kind.OUTREACH).place == "市民センター"
    page = c.get(reverse("staff-booking-rule", args=[rule.pk])).content.decode()
    assert "土 10:00-12:00" in page and "2026-12-19 13:00-16:00 @ 市民センター" in page
    online = {**data, "modes": ["online"], "meeting_url": ""}
    refused = c.post(reverse("staff-booking-rule", args=[rule.pk]), online)
    assert refused.status_code == 200 and "URLを入力してください" in refused.content.decode()


def test_other_municipalities_and_roles_are_refused(client, settings, world):
    away_rule = make_rule(world.away.window)
    c = login(client, settings, world.user(Role.MUNICIPALITY_ADMIN))
    assert c.get(reverse("staff-booking-rule", args=[away_rule.pk])).status_code == 404
    c = login(client, settings, world.user(Role.COUNSELLOR))
    assert c.get(reverse("staff-booking-rules")).status_code == 403
