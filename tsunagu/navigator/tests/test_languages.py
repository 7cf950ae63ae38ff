"""The language is chosen on the page (Japanese, やさしい日本語, English), never taken from the
browser; やさしい日本語 shows the texts written for it."""

from __future__ import annotations

import pytest

from tsunagu.tenancy.models import Window

from .conftest import KUNITACHI

pytestmark = pytest.mark.django_db

RESULT = f"/navi/result/?m={KUNITACHI}&who=family&age=45"


def test_the_browser_language_does_not_choose(demo, client):
    response = client.get("/navi/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "ja"
    assert "どこに相談すればいいか調べる" in response.content.decode()


def test_choosing_english_on_the_page(demo, client):
    response = client.get("/language/", {"lang": "en", "next": RESULT})
    assert response.status_code == 302 and response["Location"] == RESULT
    assert response["Cache-Control"] == "no-store"
    page = client.get(RESULT)
    assert page["Content-Language"] == "en"
    body = page.content.decode()
    assert "Where you can get help" in body and 'lang="en"' in body
    back = client.get("/language/", {"lang": "ja", "next": "/navi/"})
    assert back["Location"] == "/navi/"
    assert client.get("/navi/")["Content-Language"] == "ja"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_the_switch_only_returns_to_this_site(demo, client, target):
    response = client.get("/language/", {"lang": "en", "next": target})
    assert response["Location"] == "/"


def test_easy_japanese_shows_the_texts_written_for_it(demo, client):
    Window.objects.filter(municipality__code=KUNITACHI, slug="fukufuku").update(
        summary_easy="18さい いじょうの ひとの そうだんを ききます。"
    )
    assert "18さい いじょうの" not in client.get(RESULT).content.decode()
    client.get("/language/", {"lang": "easy", "next": "/"})
    body = client.get(RESULT).content.decode()
    assert "18さい いじょうの" in body
    assert 'lang="ja"' in body and 'aria-current="true">やさしい日本語' in body
    detail = client.get(f"/windows/{KUNITACHI}/fukufuku/").content.decode()
    assert "18さい いじょうの" in detail
    # back to standard Japanese: the easy cookie goes
    client.get("/language/", {"lang": "ja", "next": "/"})
    assert "18さい いじょうの" not in client.get(RESULT).content.decode()


def test_the_result_page_costs_a_fixed_number_of_queries(
    demo, client, django_assert_max_num_queries, django_assert_num_queries
):
    path = f"/navi/result/?m={KUNITACHI}&who=family&age=unknown"
    with django_assert_max_num_queries(6):  # the first reads the public data for the process
        assert client.get(path).status_code == 200
    with django_assert_num_queries(0):  # then a result is built from the copy
        response = client.get(path)
    assert response.status_code == 200
    with django_assert_num_queries(0):
        assert client.get(f"/navi/age/?m={KUNITACHI}&who=family").status_code == 200
