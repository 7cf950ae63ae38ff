"""The staff pages: who may open which view, the charts, the exports (opened back), audit."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.routing_concerns import login
from tsunagu.web.navigation import staff_nav

URL = "/staff/reports/"
PREF = "/staff/reports/prefecture/"


def params(world, **extra) -> dict[str, str]:
    return {
        "report": "annual",
        "municipality": str(world.home.municipality.pk),
        "fiscal_year": "2025",
        **extra,
    }


def pref_params(world) -> dict[str, str]:
    return {
        "report": "annual",
        "prefecture": str(world.home.municipality.prefecture_id),
        "fiscal_year": "2025",
    }


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MUNICIPALITY_ADMIN])
def test_report_page_with_tables_and_charts(client, settings, world, fy2025, role):
    login(client, settings, world.user(role))
    response = client.get(URL, params(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "相談実人数・延べ件数" in html and "おつなぎ先" in html
    assert html.count("<svg") >= 10
    assert 'role="img"' in html and "url(#chart-age-hatch)" in html  # hatching, not colour
    assert "集計" in html and "山田" not in html  # counts, never names
    event = AuditEvent.objects.filter(object_type="reports.report").latest("id")
    assert event.action == AuditAction.VIEW
    assert event.municipality_id == world.home.municipality.pk
    assert event.extra["period"] == "FY2025"


def test_navigation_links_the_reports_for_the_roles_that_may_see_them(world):
    for role in (Role.SUPERVISOR, Role.MUNICIPALITY_ADMIN, Role.PREFECTURE_ANALYST):
        assert URL in [i["url"] for i in staff_nav(world.user(role), "/staff/")]
    for role in (Role.COUNSELLOR, Role.RECEPTION, Role.AGENCY_STAFF):
        assert URL not in [i["url"] for i in staff_nav(world.user(role), "/staff/")]


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.RECEPTION, Role.AGENCY_STAFF])
def test_casework_roles_have_no_reports(client, settings, world, role):
    login(client, settings, world.user(role))
    assert client.get(URL, params(world)).status_code == 403
    assert client.get(URL + "export.xlsx", params(world)).status_code == 403
    assert client.get(PREF, pref_params(world)).status_code == 403


def test_other_municipality_is_not_a_choice(client, settings, world, fy2025):
    login(client, settings, world.away.users[Role.SUPERVISOR])
    response = client.get(URL, params(world))
    assert response.status_code == 400
    assert "選べない値です" in response.content.decode()
    assert client.get(URL + "export.csv", params(world)).status_code == 400


def test_bad_input_is_a_japanese_message(client, settings, world):
    login(client, settings, world.user(Role.SUPERVISOR))
    for bad in ({"start": "令和7年13月1日", "end": "2025-04-01"}, {"start": "2025-04-01"},
                {"start": "2026-04-01", "end": "2025-04-01"}, {"fiscal_year": "1800"}):  # fmt: skip
        response = client.get(URL, params(world, **bad))
        assert response.status_code == 400, bad
    ok = client.get(URL, params(world, start="R7.4.1", end="令和7年4月30日"))
    assert ok.status_code == 200 and "4月" in ok.content.decode()


def test_supervisor_cannot_open_the_prefecture_view(client, settings, world):
    login(client, settings, world.user(Role.SUPERVISOR))
    assert client.get(PREF, pref_params(world)).status_code == 403


def test_analyst_sees_only_the_suppressed_prefecture_view(client, settings, world, fy2025):
    login(client, settings, world.user(Role.PREFECTURE_ANALYST))
    response = client.get(URL, params(world))
    assert response.status_code == 302 and response["Location"].endswith(PREF)
    assert client.get(URL + "export.xlsx", params(world)).status_code == 403
    response = client.get(PREF, pref_params(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "秘匿" in html and "八王子市" in html
    assert "山田" not in html and "集計" in html
    # every count of the municipality is 1–4 here: nothing but 0 and 秘匿 is shown
    book = load_workbook(io.BytesIO(client.get(PREF + "export.xlsx", pref_params(world)).content))
    sheet = book["相談実人数・延べ件数"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "自治体")
    assert list(header[:4]) == ["自治体", "新規", "継続", "合計"]
    municipality = next(r for r in rows if r and r[0] == "八王子市")
    assert list(municipality[1:4]) == ["秘匿", "秘匿", "秘匿"]
    event = AuditEvent.objects.filter(object_type="reports.report").latest("id")
    assert event.action == AuditAction.EXPORT and event.extra["view"] == "prefecture"


def test_excel_export_opened_back(client, settings, world, fy2025):
    login(client, settings, world.user(Role.SUPERVISOR))
    response = client.get(URL + "export.xlsx", params(world))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "概要"
    assert "相談実人数・延べ件数" in book.sheetnames and "本人の年齢" in book.sheetnames
    assert len(book.sheetnames) == 1 + 16  # a sheet per table
    rows = list(book["相談実人数・延べ件数"].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "項目")
    assert list(header[1:6]) == [
        "実人数",
        "新規",
        "継続",
        "うち本人と会えていない（家族等のみ）",
        "延べ件数",
    ]
    assert list(next(r for r in rows if r and r[0] == "合計")[1:6]) == [4, 3, 1, 2, 8]
    monthly = list(book["月別の実人数・延べ件数"].iter_rows(values_only=True))
    assert next(r for r in monthly if r and r[0] == "延べ件数")[1] == 3  # April
    event = AuditEvent.objects.filter(object_type="reports.report").latest("id")
    assert event.action == AuditAction.EXPORT and event.extra["format"] == "xlsx"


def test_csv_export_has_a_bom(client, settings, world, fy2025):
    login(client, settings, world.user(Role.MUNICIPALITY_ADMIN))
    response = client.get(URL + "export.csv", params(world))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert ["相談実人数・延べ件数"] in lines
    start = lines.index(["相談実人数・延べ件数"])
    assert lines[start + 2] == ["合計", "4", "3", "1", "2", "8"]
