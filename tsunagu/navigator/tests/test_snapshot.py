"""The navigator's copy of the public data (tsunagu.navigator.snapshot) and the cards kept with
it (tsunagu.navigator.fragments): a change shows on the next request, wherever it was written;
a kept card never shows a stale open/closed state; nothing a visitor answered is kept."""

from __future__ import annotations

import datetime
import pickle

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from tsunagu.core.public_cache import VERSION_KEY
from tsunagu.navigator.snapshot import navigator_data
from tsunagu.tenancy.models import OpeningHours, Window

from .conftest import KUNITACHI

pytestmark = pytest.mark.django_db

RESULT = f"/navi/result/?m={KUNITACHI}&who=family&age=45"


def fukufuku() -> Window:
    return Window.objects.get(municipality__code=KUNITACHI, slug="fukufuku")


def test_a_window_change_shows_on_the_next_request(demo, client):
    assert "ふくふく窓口" in client.get(RESULT).content.decode()
    window = fukufuku()
    window.name = "名前を変えた窓口"
    window.save()  # the signal moves the version
    body = client.get(RESULT).content.decode()
    assert "名前を変えた窓口" in body and "ふくふく窓口" not in body
    window.is_public = False
    window.save()
    assert "名前を変えた窓口" not in client.get(RESULT).content.decode()


def test_a_change_written_by_another_process_shows_on_the_next_request(demo, client):
    client.get(RESULT)
    # Another app server saves the window: no signal here, the shared version moves.
    Window.objects.filter(pk=fukufuku().pk).update(address="東京都国立市移転先0-0-9")
    cache.incr(VERSION_KEY)
    assert "東京都国立市移転先0-0-9" in client.get(RESULT).content.decode()


def test_the_open_state_flips_at_opening_time_with_a_card_kept(demo, client):
    monday = datetime.date(2026, 12, 7)
    opens = OpeningHours.objects.filter(window=fukufuku(), weekday=monday.weekday()).earliest(
        "opens"
    )
    tokyo = timezone.get_default_timezone()
    at_opening = datetime.datetime.combine(monday, opens.opens, tzinfo=tokyo)
    with time_machine.travel(at_opening - datetime.timedelta(minutes=1), tick=False):
        assert "いまは受付時間外です" in client.get(RESULT).content.decode()
        kept = dict(navigator_data().fragments)
    assert kept  # the closed card is kept
    with time_machine.travel(at_opening, tick=False):
        body = client.get(RESULT).content.decode()
        assert navigator_data().fragments.items() >= kept.items()  # same copy, same cards
    assert "いま受付中です" in body and "いまは受付時間外です" not in body


def test_no_key_or_value_holds_the_answers(demo, client):
    body = client.get(f"/navi/result/?m={KUNITACHI}&who=family&age=87&topic=job").content
    assert "87歳" in body.decode() and "ご家族だけで相談できます" in body.decode()
    data = navigator_data()
    assert data.fragments
    kept = [repr(key) for key in data.fragments] + list(data.fragments.values())
    # LocMem, as in the demo and the tests (Redis holds the same keys and values)
    kept += [repr(key) for key in cache._cache]
    kept += [repr(pickle.loads(value)) for value in cache._cache.values()]  # noqa: S301 (our own)
    for text in kept:
        assert "87歳" not in text and "age=87" not in text and "topic=job" not in text
        assert "ご家族だけで相談できます" not in text and "who=family" not in text
