"""Programme statistics: the figures of domain notes §2.3, who may see them, the CSV."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.calendar_public.statistics import Figures, programme_statistics
from tsunagu.programmes.models import Programme
from tsunagu.testing.world import Side, make_user


def _month_end(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def figures_for(kunitachi, django_assert_max_num_queries):
    start = kunitachi.last_month
    with django_assert_max_num_queries(7):
        stats = programme_statistics(
            Programme.objects.filter(municipality=kunitachi.municipality), start, _month_end(start)
        )
    return stats


def test_figures_of_last_month(kunitachi, django_assert_max_num_queries):
    stats = figures_for(kunitachi, django_assert_max_num_queries)
    (block,) = stats.blocks
    rows = {r.programme.name: r.figures for r in block.rows}
    # からふらっと: 3 sessions; A and B came (distinct 2), A three times and B once (延べ 4);
    # a named visitor and two unnamed ones (見学・体験 3), not counted as participants.
    assert rows["からふらっと"] == Figures(
        sessions_held=3, cancelled=0, participants=2, attendance=4, visitors=3
    )
    # ここから: one session held (an open meeting of 9 by head count), one cancelled.
    assert rows["ここから 定例会"] == Figures(
        sessions_held=1, cancelled=1, participants=0, attendance=9, visitors=0
    )
    assert rows["準備中のグループ"] == Figures()
    assert block.total == Figures(
        sessions_held=4, cancelled=1, participants=2, attendance=13, visitors=3
    )
    assert stats.total == block.total


def test_future_sessions_and_other_periods_are_not_counted(kunitachi):
    start = kunitachi.next_month
    stats = programme_statistics(Programme.objects.all(), start, _month_end(start))
    # next month: nothing held yet, one cancellation announced
    assert stats.total == Figures(cancelled=1)


def test_query_count_is_constant(kunitachi, django_assert_max_num_queries):
    from tsunagu.testing.calendar import session

    for day in range(1, 27):
        session(kunitachi.karafurat, kunitachi.last_month.replace(day=day), 14, 16)
    figures_for(kunitachi, django_assert_max_num_queries)


@pytest.fixture
def staff(world, kunitachi):
    """国立市's supervisor, administrator, a counsellor of its window (which runs one programme),
    the からふらっと association's own account, and 八王子's supervisor."""
    from tsunagu.tenancy.models import Organization, Window
    from tsunagu.testing.calendar import session

    m = kunitachi.municipality
    window = Window.objects.create(
        municipality=m, slug="k-window", name="国立市の窓口", kind=Window.Kind.GENERAL
    )
    class_ = Programme.objects.create(
        municipality=m,
        slug="kazoku-kyoshitsu",
        name="窓口の家族教室",
        kind="family_group",
        audience="family",
        window=window,
    )
    session(class_, kunitachi.last_month.replace(day=5), 14, 16)
    peers = Organization.objects.get(municipality=m, slug="karafurat")
    side = Side(m, window, window, peers, peers)
    return {
        "supervisor": make_user("k-supervisor", Role.SUPERVISOR, side),
        "admin": make_user("k-admin", Role.MUNICIPALITY_ADMIN, side),
        "counsellor": make_user("k-counsellor", Role.COUNSELLOR, side),
        "reception": make_user("k-reception", Role.RECEPTION, side),
        "karafurat": make_user("k-karafurat", Role.PUBLICITY, side, organization=peers),
        "away": world.user(Role.SUPERVISOR),
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_for_aggregate_roles_only(kunitachi, staff):
    start, end = kunitachi.last_month, _month_end(kunitachi.last_month)
    params = {"date_from": f"{start:%Y-%m-%d}", "date_to": f"{end:%Y-%m-%d}"}
    page = client_for(staff["supervisor"]).get("/staff/programme-statistics/", params)
    assert page.status_code == 200
    text = page.content.decode()
    assert "からふらっと" in text and "国立市 計" in text
    assert "窓口の家族教室" in text and "ここから 定例会" in text
    assert client_for(staff["admin"]).get("/staff/programme-statistics/").status_code == 200
    assert client_for(staff["reception"]).get("/staff/programme-statistics/").status_code == 403
    # 八王子's supervisor sees 八王子's programmes only: none of 国立市's
    away = client_for(staff["away"]).get("/staff/programme-statistics/", params)
    assert away.status_code == 200 and "からふらっと" not in away.content.decode()
    assert Client().get("/staff/programme-statistics/").status_code == 302


def test_those_who_run_programmes_see_their_own(kunitachi, staff):
    """A window's counsellor sees the window's programme; an association's account its own."""
    counsellor = client_for(staff["counsellor"]).get("/staff/programme-statistics/")
    text = counsellor.content.decode()
    assert counsellor.status_code == 200
    assert "窓口の家族教室" in text and "からふらっと" not in text and "ここから" not in text
    association = client_for(staff["karafurat"]).get("/staff/programme-statistics/")
    text = association.content.decode()
    assert "からふらっと" in text and "ここから" not in text and "窓口の家族教室" not in text


def test_csv_export_is_audited(kunitachi, staff):
    start, end = kunitachi.last_month, _month_end(kunitachi.last_month)
    params = {"date_from": f"{start:%Y-%m-%d}", "date_to": f"{end:%Y-%m-%d}"}
    response = client_for(staff["supervisor"]).get("/staff/programme-statistics/export.csv", params)
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "自治体",
        "プログラム",
        "種類",
        "開催回数",
        "中止",
        "実参加者数",
        "延べ参加者数",
        "見学・体験",
    ]
    assert ["国立市", "からふらっと", "居場所", "3", "0", "2", "4", "3"] in rows
    assert ["国立市", "計", "", "4", "1", "2", "13", "3"] in rows
    assert AuditEvent.objects.filter(
        action="export",
        object_type="programmes.statistics",
        municipality_id=kunitachi.municipality.pk,
    ).exists()


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "2026-12-01", "date_to": "2026-01-01"},
        {"date_from": "令和8年4月1日", "date_to": "R8.4.30"},
        {"date_from": "\x00"},
        {"municipality": "99999999999999999999"},
    ],
)
def test_odd_periods_are_refused_not_crashed(kunitachi, staff, params):
    response = client_for(staff["supervisor"]).get("/staff/programme-statistics/", params)
    assert response.status_code == 200
