"""Template filters: dates shown are local (Asia/Tokyo) dates."""

import datetime

from django.template import Context, Template


def render(text: str, **context: object) -> str:
    return Template("{% load tsunagu_format %}" + text).render(Context(context))


def test_wareki_of_a_datetime_is_its_local_date():
    # 2026-03-31 20:30 UTC is 2026-04-01 05:30 in Tokyo: the new fiscal year, not the old.
    utc = datetime.datetime(2026, 3, 31, 20, 30, tzinfo=datetime.UTC)
    assert render("{{ t|wareki }}", t=utc) == "令和8年4月1日（2026年）"
    assert render("{{ d|wareki }}", d=datetime.date(2026, 3, 31)) == "令和8年3月31日（2026年）"
    assert render("{{ d|wareki }}", d=None) == ""
