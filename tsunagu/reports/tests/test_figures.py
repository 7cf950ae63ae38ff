"""Every table of the standard report against the hand counts in fixtures.py, in a constant
number of queries."""

from __future__ import annotations

import datetime

import pytest

from tsunagu.reports.engine import ReportResult, run_report
from tsunagu.reports.periods import Period
from tsunagu.reports.sources import Scope
from tsunagu.reports.standard import STANDARD

from .fixtures import jst

MONTHS = ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"]


def report(world, period=None, window=None) -> ReportResult:
    return run_report(
        STANDARD,
        Scope((world.home.municipality.pk,), window.pk if window else None),
        period or Period.fiscal_year(2025),
        scope_label="八王子市",
    )


def table(result: ReportResult, key: str) -> dict[str, list]:
    t = next(t for t in result.tables if t.key == key)
    return {row.label: row.values for row in t.rows}


@pytest.fixture
def fy(world, fy2025, django_assert_max_num_queries):
    # one query per source (contacts, persons, referrals, closures, meetings, agenda items,
    # programme sessions, attendances, participants), whatever the number of tables
    with django_assert_max_num_queries(9):
        return report(world)


def test_real_persons_new_and_continuing(fy):
    summary = table(fy, "summary")["合計"]
    # 実人数, 新規, 継続, 家族等のみ, 延べ件数
    assert summary == [4, 3, 1, 2, 8]


def test_monthly_persons_and_contacts(fy):
    monthly = table(fy, "monthly")
    assert monthly["延べ件数"] == [3, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 8]
    assert monthly["実人数"] == [1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 4]
    # 新規 in the month of a new person's first contact: May P1, Aug P4, Dec P3
    assert monthly["新規"] == [0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 3]
    assert monthly["継続"] == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]


def test_fiscal_year_boundaries_in_japan_time(world, fy2025):
    """2025-03-31 23:59 JST is 年度2024; 2025-04-01 00:00, 08:59 and 09:00 JST are 年度2025;
    2026-04-01 00:00 and 08:59 JST are 年度2026 (a UTC date would misplace the 08:59s)."""
    fy2024 = table(report(world, Period.fiscal_year(2024)), "monthly")["延べ件数"]
    assert fy2024[-2:] == [1, 1]  # March 2025: P2's 23:59 phone call
    april = table(report(world), "monthly")["延べ件数"][0]
    assert april == 3
    fy2026 = table(report(world, Period.fiscal_year(2026)), "monthly")["延べ件数"]
    assert fy2026[0] == 2 and fy2026[-1] == 2


def test_any_date_range(world, fy2025):
    one_day = report(world, Period(datetime.date(2025, 4, 1), datetime.date(2025, 4, 1)))
    assert table(one_day, "summary")["合計"] == [1, 0, 1, 1, 3]
    assert one_day.tables[1].columns == ["4月", "合計"]


def test_channels_including_agency_liaison(fy):
    channel = table(fy, "channel")  # 延べ件数, 実人数
    assert channel["電話"] == [2, 2]
    assert channel["来所・面接"] == [1, 1]
    assert channel["訪問"] == [2, 2]
    assert channel["関係機関連絡"] == [2, 1]
    assert channel["メール"] == [1, 1]
    assert channel["合計"] == [8, 4]  # persons total is distinct, not the column's sum
    by_month = table(fy, "channel_monthly")
    assert by_month["関係機関連絡"][0] == 2
    assert by_month["訪問"] == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2]


def test_person_attributes(fy):
    sex = table(fy, "sex")
    assert sex["男"] == [2, 2, 0] and sex["女"] == [1, 0, 1] and sex["不明"] == [1, 1, 0]
    age = table(fy, "age")
    assert age["30〜39歳"] == [1, 1, 0]  # 34 at the first contact (birthday in June)
    assert age["60〜64歳"] == [1, 1, 0]  # stated 64 in 2025
    assert age["〜19歳"] == [1, 1, 0]
    assert age["不明"] == [1, 0, 1]
    assert age["合計"] == [4, 3, 1]


def test_intake_answers(fy):
    assert table(fy, "consulter")["母"] == [1, 1, 0]
    assert table(fy, "consulter")["不明"] == [3, 2, 1]
    assert table(fy, "duration")["3〜5年"] == [1, 1, 0]
    route = table(fy, "route")
    assert route["市のホームページ"] == [1] and route["広報誌"] == [1]
    assert route["不明"] == [3] and route["合計"] == [4]


def test_referrals_by_hakusho_category(fy):
    referrals = table(fy, "referrals")  # 件数, 受理, 不受理, 回答待ち, 取消
    assert referrals["社会福祉協議会"] == [1, 1, 0, 0, 0]  # by the organisation's type
    assert referrals["ハローワーク"] == [1, 0, 0, 1, 0]  # filed under a category
    assert referrals["合計"] == [2, 1, 0, 1, 0]


def test_closures_and_outreach(fy):
    assert table(fy, "closures")["就労・就学"] == [1]
    outreach = table(fy, "outreach")  # 延べ件数, 実人数
    assert outreach["家族のみ"] == [1, 1]
    assert outreach["不在・応答なし"] == [1, 1]
    assert outreach["合計"] == [2, 2]


def test_one_window(world, fy2025):
    children = report(world, window=world.home.other_window)
    assert table(children, "summary")["合計"] == [1, 1, 0, 0, 1]


def test_meetings(world, fy2025):
    from tsunagu.accounts.roles import Role
    from tsunagu.meetings.models import AgendaItem, Meeting

    home = world.home
    meeting = Meeting.objects.create(
        municipality=home.municipality,
        kind="shien_kaigi",
        title="支援会議",
        starts_at=jst(2025, 10, 1),
        ends_at=jst(2025, 10, 1, 12),
        window=home.window,
        convened_by=world.user(Role.SUPERVISOR),
    )
    for n, case in enumerate(fy2025.values()):
        AgendaItem.objects.create(
            municipality=home.municipality,
            meeting=meeting,
            case=case,
            order=n,
            heading="A",
            prepared_by=world.user(Role.SUPERVISOR),
        )
    meetings = table(report(world), "meetings")
    assert meetings["支援会議（社会福祉法第106条の6）"] == [1, 4]


def test_programmes(world, fy2025):
    """Held sessions (not cancelled), 実参加者数 (distinct), 延べ参加者数 (attended + unnamed
    head count) and 見学・体験 (records + head count), by kind."""
    from tsunagu.programmes.models import Attendance, Participant, Programme, Session

    home = world.home
    group = Programme.objects.create(
        municipality=home.municipality,
        slug="g",
        name="本人グループ",
        kind="persons_group",
        audience="person",
        window=home.window,
    )
    sessions = [
        Session.objects.create(
            programme=group,
            municipality=home.municipality,
            occurrence_date=day.date(),
            starts_at=day,
            ends_at=day + datetime.timedelta(hours=2),
            anonymous_count=n,
            visitor_count=1,
            status=status,
        )
        for day, n, status in (
            (jst(2025, 5, 1), 2, "scheduled"),
            (jst(2025, 6, 1), 0, "scheduled"),
            (jst(2025, 7, 1), 5, "cancelled"),
            (jst(2026, 4, 1), 9, "scheduled"),  # 年度2026
        )
    ]
    members = [
        Participant.objects.create(
            municipality=home.municipality,
            programme=group,
            name=f"参加者{n}",
            requested_at=jst(2025, 4, 1),
            status="enrolled",
        )
        for n in range(3)
    ]
    for session, who in ((sessions[0], members), (sessions[1], members[:2])):
        for member in who:
            Attendance.objects.create(
                municipality=home.municipality,
                session=session,
                programme=group,
                participant=member,
                at=session.starts_at,
            )
    Attendance.objects.create(
        municipality=home.municipality,
        session=sessions[1],
        programme=group,
        kind="visitor",
        visitor_name="見学の方",
        at=sessions[1].starts_at,
    )
    Attendance.objects.create(
        municipality=home.municipality,
        session=sessions[0],
        programme=group,
        participant=None,
        kind="visitor",
        present=False,
        at=sessions[0].starts_at,
    )
    programmes = table(report(world), "programmes")
    # 開催回数 2; 実参加者数 3; 延べ 3 + 2 + 2 unnamed = 7; 見学 1 record + 2 head counts = 3
    assert programmes["当事者グループ"] == [2, 3, 7, 3]
    assert programmes["合計"] == [2, 3, 7, 3]
