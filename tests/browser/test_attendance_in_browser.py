"""Taking attendance on a phone (360 px), as at 大島's youth station ロケット: three members
marked present or absent, a note for one, a 見学・体験 visitor by name and one more by count —
the page never scrolls sideways, before or after saving. TSUNAGU_SCREENSHOTS=1 writes
docs/screenshots/programme-attendance-360.png."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.programmes import services
from tsunagu.programmes.models import Attendance, Audience, Kind, Programme, Session
from tsunagu.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def _rocket(world) -> tuple[Session, list]:
    counsellor = world.user(Role.COUNSELLOR)
    programme = Programme.objects.create(
        municipality=world.home.municipality,
        window=world.home.window,
        slug="rocket",
        name="ユースステーション ロケット",
        kind=Kind.YOUTH_STATION,
        audience=Audience.PERSON,
        age_min=18,
        age_max=49,
        activities=["看板づくり", "裁縫", "畑仕事"],
        place="ユースステーション ロケット（旧公民館2階）",
        is_published=True,
    )
    joined = timezone.now() - datetime.timedelta(days=30)
    members = [
        services.enrol(counsellor, programme, name=name, now=joined)
        for name in ("ソラさん", "カイさん", "ミナトさん（とても長い呼び名の参加者さん）")
    ]
    start = timezone.localtime().replace(hour=13, minute=0, second=0, microsecond=0)
    start -= datetime.timedelta(days=1)
    session = Session.objects.create(
        programme=programme,
        municipality=programme.municipality,
        occurrence_date=start.date(),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        is_extra=True,
    )
    return session, members


def test_attendance_with_a_visitor_at_360px(live_server, browser, world, tmp_path):
    session, (sora, kai, minato) = _rocket(world)
    path = f"/staff/programmes/sessions/{session.pk}/attendance/"
    context, page = sign_in(browser, live_server, world.user(Role.COUNSELLOR), path)
    assert page.evaluate(FITS), "the attendance page scrolls sideways at 360 px"
    row = page.locator(".attendance-row", has_text="ソラさん")
    row.get_by_label("出席").check()
    row.locator("summary").click()
    row.get_by_label("様子のメモ ソラさん").fill("看板の文字入れを最後まで仕上げた")
    page.locator(".attendance-row", has_text="ミナトさん").get_by_label("出席").check()
    page.get_by_label("見学・体験（名前を記録しない人数）").fill("1")
    page.get_by_label("名前を記録する見学・体験者（呼び名）").fill("見学のハルさん")
    assert page.evaluate(FITS)
    page.get_by_role("button", name="出欠を保存する").click()
    page.wait_for_url(f"**{path}")
    assert "出欠を記録しました" in page.content()
    assert page.evaluate(FITS), "the saved attendance page scrolls sideways at 360 px"
    folder = SCREENSHOTS if os.environ.get("TSUNAGU_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "programme-attendance-360.png"), full_page=True)
    context.close()
    rows = Attendance.objects.unscoped("test").filter(session=session)
    present = {(r.kind, r.participant_id, r.visitor_name, r.present) for r in rows}
    assert present == {
        ("member", sora.pk, "", True),
        ("member", kai.pk, "", False),
        ("member", minato.pk, "", True),
        ("visitor", None, "見学のハルさん", True),
    }
    assert rows.get(participant=sora).note == "看板の文字入れを最後まで仕上げた"
    session.refresh_from_db()
    assert session.visitor_count == 1 and session.attendance_taken_at is not None
