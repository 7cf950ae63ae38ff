"""The public calendar, programme and session pages: what they show, to whom, in how many
queries, and that they read no personal data."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tsunagu.testing.calendar import KUNITACHI

# The tables a public page may read: reference data and published programme data. Never the
# participants, the attendance, or any case, person or audit table.
PUBLIC_TABLES = {
    "tenancy_prefecture",
    "tenancy_municipality",
    "tenancy_window",
    "tenancy_organization",
    "programmes_programme",
    "programmes_schedule",
    "programmes_session",
    "resources_location",  # the resource directory's public places (address, map pin)
}
TABLE = re.compile(r'(?:FROM|JOIN)\s+"?([a-z_]+)"?', re.I)


def month_param(kunitachi) -> str:
    return f"{kunitachi.next_month:%Y-%m}"


def tables_read(queries) -> set[str]:
    return {t for q in queries for t in TABLE.findall(q["sql"])}


def test_calendar_lists_kunitachi_sessions(client, kunitachi, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(
            "/calendar/", {"municipality": KUNITACHI, "month": month_param(kunitachi)}
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ここから 定例会" in page and "からふらっと" in page
    assert "準備中のグループ" not in page  # not published
    assert "中止" in page
    assert "家族向け" in page and "本人向け" in page
    assert f"/calendar/{KUNITACHI}.ics" in page
    assert "<script" not in page.split("</head>")[1]  # nothing needs JavaScript


def test_calendar_query_count_does_not_grow_with_sessions(
    client, kunitachi, django_assert_max_num_queries
):
    from tsunagu.testing.calendar import session

    for day in range(1, 28):
        session(kunitachi.karafurat, kunitachi.next_month.replace(day=day), 14, 16)
    with django_assert_max_num_queries(3):
        response = client.get("/calendar/", {"month": month_param(kunitachi)})
    assert response.content.decode().count("session__name") >= 30


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"audience": "family"}, ["ここから 定例会"], ["陶芸"]),
        ({"audience": "person"}, ["陶芸"], ["ここから 定例会"]),
        ({"kind": "ibasho"}, ["陶芸"], ["ここから 定例会"]),
        ({"audience": "anyone"}, [], ["ここから 定例会", "陶芸"]),
    ],
)
def test_calendar_filters(client, kunitachi, params, shown, hidden):
    page = client.get("/calendar/", {"month": month_param(kunitachi), **params}).content.decode()
    for text in shown:
        assert text in page
    for text in hidden:
        assert f">{text}" not in page and f"「{text}」" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"municipality": "999999"},
        {"kind": "nonsense"},
        {"month": "2026-13"},
        {"month": "0000-01"},
        {"month": "9999-12"},
        {"month": "x" * 500},
        {"municipality": "\x00"},
    ],
)
def test_calendar_survives_odd_parameters(client, kunitachi, params):
    response = client.get("/calendar/", params)
    assert response.status_code == 200


def test_month_links_keep_the_filters(client, kunitachi):
    page = client.get(
        "/calendar/", {"municipality": KUNITACHI, "month": month_param(kunitachi)}
    ).content.decode()
    assert f"municipality={KUNITACHI}&amp;month=" in page


def test_programme_page_answers_a_parents_questions(
    client, kunitachi, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(f"/calendar/programmes/{kunitachi.kokokara.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "ここから 定例会",
        "どなたのための集まりですか",
        "ご家族",
        "どんなことをしますか",
        "参加のしかた",
        "申し込みはいりません",
        "はじめての方・見学",
        "見学だけでもかまいません。",
        "会場は1階です。車いすで入れます。",
        "かぞくの ひとが あつまって はなしを します。",
        "毎月 第2・第4 土曜 13:30〜15:30",
        "次の予定",
        f"/calendar/programmes/{kunitachi.kokokara.pk}.ics",
    ):
        assert text in page, text
    assert 'lang="ja"' in page  # the やさしい日本語 summary is marked as Japanese


def test_karafurat_lists_its_activities_and_cancelled_session(client, kunitachi):
    page = client.get(f"/calendar/programmes/{kunitachi.karafurat.pk}/").content.decode()
    for activity in ("陶芸", "ゲーム", "ごみ拾い", "畑づくり"):
        assert activity in page
    assert "18歳以上" in page
    assert "中止" in page


def test_session_page(client, kunitachi, django_assert_max_num_queries):
    upcoming = kunitachi.upcoming[1]
    with django_assert_max_num_queries(2):
        page = client.get(f"/calendar/sessions/{upcoming.pk}/").content.decode()
    assert "からふらっと" in page and "陶芸" in page and "10:00" in page
    cancelled = client.get(f"/calendar/sessions/{kunitachi.cancelled.pk}/").content.decode()
    assert "この回は中止です。" in cancelled and "会場の都合" in cancelled


def test_unpublished_programmes_and_their_sessions_are_not_found(client, kunitachi):
    hidden_session = kunitachi.upcoming[2]
    assert client.get(f"/calendar/programmes/{kunitachi.hidden.pk}/").status_code == 404
    assert client.get(f"/calendar/programmes/{kunitachi.hidden.pk}.ics").status_code == 404
    assert client.get(f"/calendar/sessions/{hidden_session.pk}/").status_code == 404
    assert client.get("/calendar/programmes/987654/").status_code == 404


def test_public_pages_never_touch_personal_data(client, kunitachi):
    urls = [
        "/calendar/",
        f"/calendar/?municipality={KUNITACHI}&month={month_param(kunitachi)}",
        f"/calendar/programmes/{kunitachi.kokokara.pk}/",
        f"/calendar/programmes/{kunitachi.karafurat.pk}/",
        f"/calendar/sessions/{kunitachi.upcoming[0].pk}/",
        f"/calendar/sessions/{kunitachi.held[1].pk}/",
        f"/calendar/{KUNITACHI}.ics",
        f"/calendar/programmes/{kunitachi.karafurat.pk}.ics",
        "/calendar/events.csv",
        f"/calendar/{KUNITACHI}.csv",
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        touched = tables_read(queries.captured_queries)
        assert touched, url
        assert touched <= PUBLIC_TABLES, (url, touched - PUBLIC_TABLES)


def test_staff_only_counts_never_reach_public_pages(client, kunitachi):
    held = kunitachi.held[2]  # two unnamed visitors recorded by staff
    page = client.get(f"/calendar/sessions/{held.pk}/").content.decode()
    assert "見学・体験（人数）" not in page


def test_easy_japanese_comes_first_when_chosen(client, kunitachi):
    url = f"/calendar/programmes/{kunitachi.kokokara.pk}/"
    easy = "かぞくの ひとが あつまって はなしを します。"
    plain = client.get(url).content.decode()
    assert plain.index(easy) > plain.index("いつ開いていますか")
    client.cookies["tsunagu_easy"] = "1"
    chosen = client.get(url).content.decode()
    assert chosen.count(easy) == 1
    assert chosen.index(easy) < chosen.index("いつ開いていますか")
