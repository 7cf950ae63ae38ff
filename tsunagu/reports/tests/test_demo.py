"""The demo: the 年度 report for 日野市 has every table filled and its charts."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.demo.loader import load_demo
from tsunagu.jp.wareki import fiscal_year
from tsunagu.reports.engine import run_report
from tsunagu.reports.periods import Period
from tsunagu.reports.sources import Scope
from tsunagu.reports.standard import STANDARD
from tsunagu.tenancy.models import Municipality

TODAY = datetime.date(2026, 11, 26)


def test_demo_hino_fiscal_year_report_is_filled(db, settings):
    load_demo(today=TODAY)
    hino = Municipality.objects.get(code="132128")
    # the 年度 of the loader's date, stretched to today: what the demo records through its
    # services (the referral, the meeting) is dated by the clock, which moves on
    year = Period.fiscal_year(fiscal_year(TODAY))
    period = Period(year.start, max(year.end, timezone.localdate()))
    result = run_report(STANDARD, Scope((hino.pk,)), period, scope_label="日野市")
    for table in result.tables:
        totals = next((r for r in table.rows if r.total), table.rows[0]).values
        assert any(totals), table.key
    summary = result.tables[0].rows[0].values
    assert summary[0] >= 30 and summary[1] > 0 and summary[2] > 0  # 実人数, 新規, 継続

    settings.TSUNAGU_DEMO_MODE = True
    client = Client()
    client.force_login(User.objects.get(username="demo-supervisor"))
    page = client.get(
        "/staff/reports/",
        {"report": "annual", "municipality": hino.pk, "fiscal_year": fiscal_year(TODAY)},
    )
    assert page.status_code == 200
    assert page.content.decode().count("<svg") >= 12
    analyst = Client()
    analyst.force_login(User.objects.get(username="demo-analyst"))
    page = analyst.get(
        "/staff/reports/prefecture/",
        {"report": "annual", "prefecture": hino.prefecture_id, "fiscal_year": fiscal_year(TODAY)},
    )
    assert page.status_code == 200 and "秘匿" in page.content.decode()
