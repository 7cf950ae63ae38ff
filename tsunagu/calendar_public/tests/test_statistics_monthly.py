"""Programme statistics by month, in 年度 blocks (April–March): the figures of each month, a 年度's
distinct participants counted over the year, the page, the CSV, and a constant query count."""

from __future__ import annotations

import csv
import datetime
import io

from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.calendar_public.monthly import by_month
from tsunagu.calendar_public.statistics import Figures
from tsunagu.programmes.models import Attendance, Programme
from tsunagu.testing.calendar import at, session
from tsunagu.testing.world import Side, make_user

MARCH, APRIL, MAY = (datetime.date(2026, m, d) for m, d in ((3, 20), (4, 10), (5, 8)))


def _spring(kunitachi) -> None:
    """からふらっと held in March (年度 2025), April and May (年度 2026); Aさん came all three
    times, Bさん in April only; an unnamed visitor in May and a cancelled session in May."""
    a, b = kunitachi.participants
    programme = kunitachi.karafurat
    for day, present in ((MARCH, [a]), (APRIL, [a, b]), (MAY, [a])):
        held = session(programme, day, 10, 12, attendance_taken_at=at(day, 13))
        for participant in present:
            Attendance.objects.create(
                municipality=programme.municipality,
                session=held,
                programme=programme,
                participant=participant,
                at=held.starts_at,
            )
    session(programme, MAY.replace(day=22), 10, 12, status="cancelled")
    session(
        programme, MAY.replace(day=15), 10, 12, visitor_count=2, attendance_taken_at=at(MAY, 13)
    )


def test_months_in_fiscal_year_blocks(kunitachi, django_assert_max_num_queries):
    _spring(kunitachi)
    programmes = Programme.objects.filter(municipality=kunitachi.municipality)
    with django_assert_max_num_queries(4):
        blocks = by_month(programmes, datetime.date(2026, 3, 1), datetime.date(2026, 5, 31))
    assert [b.year for b in blocks] == [2025, 2026]
    assert blocks[0].label == "令和7年度（2025年度）"
    march, april, may = blocks[0].months[0], *blocks[1].months
    assert march.label == "2026年3月"
    assert march.figures == Figures(sessions_held=1, participants=1, attendance=1)
    assert april.figures == Figures(sessions_held=1, participants=2, attendance=2)
    assert may.figures == Figures(
        sessions_held=2, cancelled=1, participants=1, attendance=1, visitors=2
    )
    # the 年度's distinct participants: A and B, not 2 + 1
    assert blocks[1].total == Figures(
        sessions_held=3, cancelled=1, participants=2, attendance=3, visitors=2
    )
    assert blocks[0].total == march.figures


def test_query_count_does_not_grow_with_months(kunitachi, django_assert_max_num_queries):
    _spring(kunitachi)
    with django_assert_max_num_queries(4):
        blocks = by_month(
            Programme.objects.all(), datetime.date(2024, 4, 1), datetime.date(2026, 11, 30)
        )
    assert [b.year for b in blocks] == [2024, 2025, 2026]
    assert sum(len(b.months) for b in blocks) == 32


def _supervisor(kunitachi):
    m = kunitachi.municipality
    org = kunitachi.karafurat.organization
    from tsunagu.tenancy.models import Window

    window = Window.objects.create(municipality=m, slug="kw", name="窓口", kind=Window.Kind.GENERAL)
    client = Client()
    client.force_login(make_user("k-sup", Role.SUPERVISOR, Side(m, window, window, org, org)))
    return client


def test_page_and_csv_carry_the_months(kunitachi):
    _spring(kunitachi)
    client = _supervisor(kunitachi)
    params = {"date_from": "2026-03-01", "date_to": "2026-05-31"}
    page = client.get("/staff/programme-statistics/", params).content.decode()
    assert "月ごとの実績" in page and "2026年4月" in page and "令和8年度（2026年度） 計" in page
    response = client.get("/staff/programme-statistics/export.csv", params)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    start = rows.index(
        ["年度", "月", "開催回数", "中止", "実参加者数", "延べ参加者数", "見学・体験"]
    )
    assert rows[start - 1] == []
    monthly = rows[start + 1 :]
    assert ["令和7年度（2025年度）", "2026年3月", "1", "0", "1", "1", "0"] in monthly
    assert ["令和8年度（2026年度）", "2026年5月", "2", "1", "1", "1", "2"] in monthly
    assert ["令和8年度（2026年度）", "計", "3", "1", "2", "3", "2"] in monthly
