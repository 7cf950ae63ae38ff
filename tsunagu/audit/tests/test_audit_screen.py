"""The audit-log screen: filters (person, case, user, action, local date range), paging, a CSV
export (UTF-8 with BOM) that is itself audited; only the reader's municipalities."""

from __future__ import annotations

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.audit.log import record, record_view
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.routing_concerns import login
from tsunagu.testing.world import make_user

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def admin_client(world, settings):
    return login(Client(), settings, world.user(Role.MUNICIPALITY_ADMIN))


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_filters_by_person_case_user_action_and_local_dates(world, admin_client):
    home = world.home
    counsellor = world.user(Role.COUNSELLOR)
    # 08:30 JST on 4月2日 is 23:30 UTC on 4月1日: it belongs to 4月2日
    with time_machine.travel(datetime.datetime(2026, 4, 2, 8, 30, tzinfo=TOKYO), tick=False):
        record_view(home.person, via="test")
    with time_machine.travel(datetime.datetime(2026, 4, 3, 10, 0, tzinfo=TOKYO), tick=False):
        record(AuditAction.VIEW, obj=home.case, user=counsellor)
    record_view(world.away.person)  # 町田's: never shown to 八王子's admin

    def shown(**query) -> str:
        response = admin_client.get("/staff/audit/", query)
        assert response.status_code == 200, response.content.decode()[-2000:]
        return response.content.decode()

    page = shown(person=home.person.pk)
    assert f"people.person {home.person.pk}" in page and "people.case" not in page
    page = shown(case=home.case.pk, user="home_counsellor")
    assert f"people.case {home.case.pk}" in page
    assert "people.case" not in shown(case=home.case.pk, user="someone_else")
    person = f"people.person {home.person.pk}"
    assert person in shown(action="view", date_from="2026-04-02", date_to="令和8年4月2日")
    assert person not in shown(action="view", date_from="2026-04-03")
    assert person not in shown(action="view", date_to="2026-04-01")
    assert "people.case" in shown(action="view", date_from="2026-04-03", date_to="2026-04-03")
    assert f"people.person {world.away.person.pk}" not in shown(action="view")


@pytest.mark.parametrize(
    "query,message",
    [
        ({"person": "abc"}, "本人IDは数字で"),
        ({"case": "9" * 30}, "以下でなければなりません"),
        ({"date_from": "2026-13-45"}, "日付"),
        ({"date_to": "9999-12-31"}, "までで入力してください"),
        ({"date_from": "2026-04-05", "date_to": "2026-04-01"}, "開始日は終了日より前"),
        ({"action": "drop_table"}, "正しく選択"),
        ({"user": "\x00"}, ""),
    ],
)
def test_hostile_filters_get_japanese_errors(admin_client, query, message):
    response = admin_client.get("/staff/audit/", query)
    assert response.status_code == 422 and message in response.content.decode()
    assert admin_client.get("/staff/audit/export.csv", query).status_code == 422


def test_paging_and_query_count(world, admin_client, django_assert_max_num_queries):
    for n in range(120):
        record(
            AuditAction.UPDATE,
            object_type="tenancy.window",
            object_id=n + 1,
            municipality_id=world.home.municipality.pk,
        )
    with django_assert_max_num_queries(10):
        first = admin_client.get("/staff/audit/", {"action": "update"})
    assert first.context["page"].paginator.count == 120
    assert "tenancy.window 120" in first.content.decode() and "3 ページ" in first.content.decode()
    with django_assert_max_num_queries(10):
        last = admin_client.get("/staff/audit/", {"action": "update", "page": "3"})
    assert [e.object_id for e in last.context["page"]][-1] == "1"
    assert admin_client.get("/staff/audit/", {"page": "zzz"}).status_code == 200


def test_csv_export_is_utf8_with_bom_and_audited(world, admin_client):
    record_view(world.home.person)
    record(
        AuditAction.UPDATE,
        object_type="=cmd()",
        municipality_id=world.home.municipality.pk,
        changed_fields=["name"],
    )
    response = admin_client.get("/staff/audit/export.csv", {"user": ""})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:3] == ["連番", "日時", "職員"]
    assert any(r[5] == "people.person" and r[4] == "閲覧" for r in rows[1:])
    assert any(r[5] == "'=cmd()" for r in rows[1:])  # no spreadsheet formula
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert export.object_type == "audit.auditevent"
    assert export.municipality_id == world.home.municipality.pk
    assert export.actor_username == "home_municipality_admin"


def test_only_the_readers_municipalities(world, settings):
    away_admin = make_user("away_admin", Role.MUNICIPALITY_ADMIN, world.away, totp=False)
    record_view(world.home.person)
    client = login(Client(), settings, away_admin)
    page = client.get("/staff/audit/", {"person": world.home.person.pk}).content.decode()
    assert f"people.person {world.home.person.pk}" not in page
    rows = _rows(client.get("/staff/audit/export.csv"))
    assert not any(r[5] == "people.person" and r[6] == str(world.home.person.pk) for r in rows)
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).municipality_id == (
        world.away.municipality.pk
    )
    counsellor = login(Client(), settings, world.user(Role.COUNSELLOR))
    assert counsellor.get("/staff/audit/").status_code == 403
    assert counsellor.get("/staff/audit/export.csv").status_code == 403
