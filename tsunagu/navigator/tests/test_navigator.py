"""The navigator through its pages: one question per page, answers in the query string,
the routing rules' windows on the result, nothing stored."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tsunagu.audit.models import AuditEvent
from tsunagu.tenancy.models import Window

from .conftest import KUNITACHI

pytestmark = pytest.mark.django_db


def follow_answers(client, steps: list[dict[str, str]]):
    """Answer each question as a person would (GET form with its hidden inputs) and return the
    final response (the result page)."""
    url = "/navi/municipality/"
    for answer in steps:
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        hidden = dict(
            (name, value)
            for name, value in page.context["hidden"]
            if name not in answer  # the page's own question is answered below
        )
        response = client.get(url, {**hidden, **answer, "next": "1"})
        assert response.status_code == 302, (url, response.status_code)
        url = response["Location"]
    return client.get(url)


def test_a_parent_asking_about_a_45_year_old_in_kunitachi(demo, client):
    start = client.get("/navi/")
    assert start.status_code == 200
    assert start["Cache-Control"] == "public, max-age=300"
    result = follow_answers(
        client, [{"m": KUNITACHI}, {"who": "family"}, {"age": "45"}, {"topic": "job"}]
    )
    assert result.status_code == 200
    assert urlsplit(result.request["PATH_INFO"]).path == "/navi/result/"
    body = result.content.decode()
    assert "ふくふく窓口" in body and "くにサポ" not in body  # 18歳以上 → ふくふく窓口
    assert "042-100-0502" in body and 'href="tel:+81421000502"' in body
    assert "ご家族だけで相談できます" in body
    assert "東京都ひきこもりサポートネット" in body and "0120-529-528" in body
    assert "いのちの電話" in body
    assert "受付中です" in body or "受付時間外です" in body
    assert result["Cache-Control"] == "no-store"
    assert result["Referrer-Policy"] == "no-referrer"
    # the change links go back to each question with the answers kept
    change = parse_qs(urlsplit(result.context["change"]["age"]).query)
    assert change == {"m": [KUNITACHI], "who": ["family"], "age": ["45"], "topic": ["job"]}


def test_age_unknown_lists_the_windows_by_age_band(demo, client):
    response = client.get(
        "/navi/age/", {"m": KUNITACHI, "who": "family", "age_unknown": "1", "next": "1"}
    )
    assert response.status_code == 302
    assert "age=unknown" in response["Location"]
    result = client.get("/navi/result/", {"m": KUNITACHI, "who": "family", "age": "unknown"})
    body = result.content.decode()
    assert "年齢によって、相談先が変わります" in body
    assert "くにサポ" in body and "ふくふく窓口" in body


def test_each_step_offers_dont_know_and_a_back_link(demo, client):
    query = {"m": KUNITACHI, "who": "self", "age": "30"}
    pages = {
        "/navi/municipality/": "わからない",
        "/navi/asker/": "わからない",
        "/navi/age/": "年齢がわからない",
        "/navi/worries/": "わからない",
    }
    for url, dont_know in pages.items():
        body = client.get(url, query).content.decode()
        assert dont_know in body, url
        assert 'class="back-link' in body, url
        assert "このページをすぐ閉じる" in body, url
        assert f'href="{settings.TSUNAGU_EXIT_URL}"' in body, url


def test_a_wrong_age_is_asked_again_with_the_reason(demo, client):
    response = client.get("/navi/age/", {"m": KUNITACHI, "who": "self", "age": "abc", "next": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "0から120までの数字" in body and 'aria-invalid="true"' in body
    assert "<title>エラー：" in body
    fullwidth = client.get(
        "/navi/age/", {"m": KUNITACHI, "who": "self", "age": "４５歳", "next": "1"}
    )
    assert fullwidth.status_code == 302 and "age=45" in fullwidth["Location"]
    for bad in ("121", "-1", "1e2", "٣"):
        response = client.get(
            "/navi/age/", {"m": KUNITACHI, "who": "self", "age": bad, "next": "1"}
        )
        assert response.status_code == 200, bad


def test_nothing_chosen_is_an_error_on_the_same_page(demo, client):
    response = client.get("/navi/municipality/", {"next": "1"})
    assert response.status_code == 200
    assert "お住まいの市区町村を選んでください" in response.content.decode()
    response = client.get("/navi/asker/", {"m": KUNITACHI, "next": "1"})
    assert "相談する方を選んでください" in response.content.decode()


def test_a_skipped_or_forged_answer_goes_back_to_its_question(demo, client):
    assert client.get("/navi/result/")["Location"] == "/navi/municipality/"
    response = client.get("/navi/result/", {"m": KUNITACHI, "who": "nobody", "age": "40"})
    assert response.status_code == 302
    assert response["Location"] == f"/navi/asker/?m={KUNITACHI}&age=40"
    response = client.get("/navi/age/", {"m": "999999", "who": "self"})
    assert response["Location"].startswith("/navi/municipality/")


def test_municipality_unknown_gives_the_tokyo_lines(demo, client):
    result = client.get("/navi/result/", {"m": "unknown", "who": "unknown", "age": "unknown"})
    body = result.content.decode()
    assert result.status_code == 200
    assert "東京都ひきこもりサポートネット" in body
    assert "住んでいるところがわからないとき" in body


def test_nothing_answered_is_stored_or_set(demo, client):
    writes: list[str] = []

    def no_writes(execute, sql, params, many, context):
        if sql.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(sql)
        return execute(sql, params, many, context)

    audit_before = AuditEvent.objects.count()
    with connection.execute_wrapper(no_writes):
        result = follow_answers(
            client, [{"m": KUNITACHI}, {"who": "family"}, {"age": "45"}, {"topic": "unknown"}]
        )
        memo = client.get("/navi/memo.pdf", {"m": KUNITACHI, "who": "family", "age": "45"})
    assert result.status_code == 200 and memo.status_code == 200
    assert writes == []
    assert AuditEvent.objects.count() == audit_before
    assert not client.cookies  # no session, no CSRF token, nothing
    assert "csrfmiddlewaretoken" not in result.content.decode()


def test_the_request_log_leaves_the_answers_out(demo):
    import logging

    logger = logging.getLogger("django.server")
    line = '"GET /navi/result/?m=132152&who=family&age=45 HTTP/1.1"'
    record = logger.makeRecord(
        "django.server", logging.INFO, __file__, 1, "%s %s %s", (line, "200", "9"), None
    )
    assert logger.handlers, "django.server logs through the configured handler"
    for handler in logger.handlers:
        assert handler.filter(record)
        text = handler.format(record)
        assert "age=45" not in text and "132152" not in text and "/navi/result/" in text
    back = '"GET /language/?lang=en&next=/navi/age/%3Fm%3D132152%26age%3D45 HTTP/1.1"'
    record = logger.makeRecord("django.server", logging.INFO, __file__, 1, "%s", (back,), None)
    assert all(h.filter(record) for h in logger.handlers)
    assert "132152" not in record.getMessage()


def test_the_memo_pdf_lists_the_window(demo, client):
    from tsunagu.testing.pdf_text import pdf_text

    response = client.get("/navi/memo.pdf", {"m": KUNITACHI, "who": "family", "age": "45"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = pdf_text(response.content)
    assert "ふくふく窓口" in text and "相談メモ" in text


def test_open_now_follows_the_hours_holidays_and_exceptions(demo):
    from tsunagu.tenancy.models import OpeningException, window_is_open_at

    window = Window.objects.prefetch_related("opening_hours", "opening_exceptions").get(
        municipality__code=KUNITACHI, slug="fukufuku"
    )
    tokyo = timezone.get_default_timezone()
    monday = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=tokyo)
    assert window_is_open_at(window, monday)
    assert not window_is_open_at(window, monday.replace(hour=7))
    assert not window_is_open_at(window, datetime.datetime(2026, 12, 6, 10, 0, tzinfo=tokyo))
    assert not window_is_open_at(window, datetime.datetime(2026, 12, 30, 10, 0, tzinfo=tokyo))
    assert not window_is_open_at(window, datetime.datetime(2026, 11, 23, 10, 0, tzinfo=tokyo))
    OpeningException.objects.create(window=window, date=monday.date(), is_closed=True)
    window = Window.objects.prefetch_related("opening_hours", "opening_exceptions").get(
        pk=window.pk
    )
    assert not window_is_open_at(window, monday)


def test_support_line_hours():
    from tsunagu.navigator.support_lines import SUPPORT_LINES

    lines = {line.key: line for line in SUPPORT_LINES}
    tokyo = timezone.get_default_timezone()
    weekday_noon = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=tokyo)
    saturday_noon = datetime.datetime(2026, 12, 5, 12, 0, tzinfo=tokyo)
    assert lines["tokyo-hikikomori-support-net"].is_open_at(weekday_noon)
    assert not lines["tokyo-hikikomori-support-net"].is_open_at(saturday_noon)
    assert lines["yorisoi"].is_open_at(saturday_noon)
    assert not lines["inochi-free"].is_open_at(weekday_noon)


def test_the_exit_component_is_reusable():
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/booking/")
    html = render_to_string("components/exit_this_page.html", request=request)
    assert f'href="{settings.TSUNAGU_EXIT_URL}"' in html
    assert "exit-this-page.js" in html


def test_the_access_log_format_leaves_the_answers_out():
    """gunicorn's own atoms for a navigator request, formatted as `tsunagu demo` logs them."""
    import datetime as dt
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from tsunagu.navigator.logging import ACCESS_LOG_FORMAT

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/navi/result/?m=132152&who=family&age=45",
        "PATH_INFO": "/navi/result/",
        "QUERY_STRING": "m=132152&who=family&age=45",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "http://127.0.0.1/navi/worries/?m=132152&who=family&age=45",
    }
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = Logger(Config()).atoms(response, request, environ, dt.timedelta(seconds=0.01))
    line = ACCESS_LOG_FORMAT % atoms
    assert "/navi/result/" in line and "200" in line
    assert "132152" not in line and "age" not in line and "family" not in line
