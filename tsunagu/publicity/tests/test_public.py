"""The public side of announcements: the news list and pages (current ones only), the image,
the Atom feed per municipality, the flyer PDF, the signage screen and its hours, and the X text
fitted to X's weighted count."""

from __future__ import annotations

import datetime
import re
import subprocess
import xml.etree.ElementTree as ET

from django.test import Client
from django.utils import timezone

from tsunagu.publicity.channels.x import LIMIT, post_text, weighted_length
from tsunagu.publicity.flyer import QUIET_ZONE, flyer_context
from tsunagu.publicity.models import Status
from tsunagu.testing.pdf_text import pdf_text
from tsunagu.testing.publicity import make_announcement, png_bytes

ATOM = "{http://www.w3.org/2005/Atom}"


def _variety(world):
    now = timezone.now()
    home = world.home
    return {
        "current": make_announcement(
            home,
            title="いまのお知らせ",
            image=png_bytes(),
            image_type="image/png",
            image_alt="写真",
        ),
        "draft": make_announcement(home, title="下書き", status=Status.DRAFT),
        "scheduled": make_announcement(
            home, title="来週から出るお知らせ", publish_from=now + datetime.timedelta(days=2)
        ),
        "expired": make_announcement(
            home,
            title="終了",
            publish_from=now - datetime.timedelta(days=9),
            expire_at=now - datetime.timedelta(days=1),
        ),
        "withdrawn": make_announcement(home, title="取り下げ", status=Status.WITHDRAWN),
        "away": make_announcement(world.away, title="町田のお知らせ"),
    }


def test_only_current_announcements_are_public(world, django_assert_max_num_queries):
    found = _variety(world)
    client = Client()
    with django_assert_max_num_queries(4):
        listing = client.get("/news/")
    assert "いまのお知らせ" in listing.text and "町田のお知らせ" in listing.text
    for hidden in ("下書き", "来週から出るお知らせ", "終了", "取り下げ"):
        assert hidden not in listing.text
    home_only = client.get(f"/news/?municipality={world.home.municipality.code}")
    assert "町田のお知らせ" not in home_only.text
    current = found["current"]
    page = client.get(f"/news/{current.pk}/")
    assert page.status_code == 200 and "かぞくかい が あります。" in page.text
    assert f'src="/news/{current.pk}/image/" alt="写真"' in page.text
    image = client.get(f"/news/{current.pk}/image/")
    assert image["Content-Type"] == "image/png" and image.content == png_bytes()
    for name in ("draft", "scheduled", "expired", "withdrawn"):
        assert client.get(f"/news/{found[name].pk}/").status_code == 404, name
        assert client.get(f"/news/{found[name].pk}/flyer.pdf").status_code == 404, name
    assert client.get(f"/news/{found['draft'].pk}/image/").status_code == 404


def test_the_atom_feed_of_a_municipality(world):
    found = _variety(world)
    response = Client().get(f"/news/{world.home.municipality.code}.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "link"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["いまのお知らせ"]
    [entry] = entries
    for required in ("id", "title", "updated", "link", "summary", "author"):
        assert entry.find(f"{ATOM}{required}") is not None, required
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/news/{found['current'].pk}/")
    assert Client().get("/news/999999.atom").status_code == 404


def test_the_flyer_is_an_a4_pdf_with_the_qr_code_and_the_short_url(world, settings):
    settings.TSUNAGU_PUBLIC_BASE_URL = "https://tsunagu.example.jp"
    announcement = make_announcement(world.home, title="家族会のチラシ")
    response = Client().get(f"/news/{announcement.pk}/flyer.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    info = subprocess.run(["/usr/bin/pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    assert "(A4)" in info.stdout.decode()
    text = pdf_text(pdf)
    assert "家族会のチラシ" in text and "QRコードは株式会社デンソーウェーブの登録商標です" in text
    assert f"tsunagu.example.jp/news/{announcement.pk}/" in text.replace(" ", "")
    svg = str(flyer_context(announcement)["qr"])
    width = int(float(re.search(r'width="([\d.]+)"', svg).group(1)))
    modules = width // 3 - 2 * QUIET_ZONE  # scale 3; the quiet zone on both sides
    assert QUIET_ZONE == 4 and (modules - 17) % 4 == 0  # a whole QR symbol inside


def test_the_signage_screen_rotates_and_keeps_its_hours(world, settings):
    settings.TSUNAGU_SIGNAGE_HOURS = {"*": "00:00-23:59"}
    make_announcement(world.home, title="一枚目")
    make_announcement(
        world.home, title="二枚目", publish_from=timezone.now() - datetime.timedelta(days=2)
    )
    client = Client()
    code = world.home.municipality.code
    first = client.get(f"/signage/{code}/")
    assert "一枚目" in first.text and 'data-next="?slide=1"' in first.text
    assert '<meta http-equiv="refresh" content="15;url=?slide=1">' in first.text  # no-JS
    second = client.get(f"/signage/{code}/?slide=1")
    assert "二枚目" in second.text and 'data-next="?slide=2"' in second.text
    assert "一枚目" in client.get(f"/signage/{code}/?slide=2").text  # round again
    assert client.get(f"/signage/{code}/?slide=abc").status_code == 200
    settings.TSUNAGU_SIGNAGE_HOURS = {code: "00:00-00:01", "*": "08:30-17:15"}
    closed = client.get(f"/signage/{code}/")
    assert "一枚目" not in closed.text and "signage__clock" in closed.text
    assert client.get("/signage/000000/").status_code == 404


def test_the_x_text_fits_the_weighted_count(world, settings):
    settings.TSUNAGU_PUBLIC_BASE_URL = "https://tsunagu.example.jp"
    assert weighted_length("abc") == 3 and weighted_length("あいう") == 6
    assert weighted_length("見て https://example.jp/a/very/long/path/indeed") == 4 + 1 + 23
    long = make_announcement(
        world.home, title="家族会" * 5, body="ひきこもり" * 200, easy_summary=""
    )
    text = post_text(long)
    assert weighted_length(text) <= LIMIT and weighted_length(text) > LIMIT - 4
    assert text.endswith(f"https://tsunagu.example.jp/news/{long.pk}/") and "…" in text
    huge = make_announcement(world.home, title="長" * 80, body="本文")
    assert weighted_length(post_text(huge)) <= LIMIT
