"""The demo's programmes (issue 9): the seed's groups with realistic schedules."""

import datetime

import pytest
from django.utils import timezone

from tsunagu.demo.loader import load_demo
from tsunagu.programmes.models import Programme, Session, SessionStatus

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def demo(db):
    return load_demo(today=TODAY)


def _upcoming(code: str, slug: str) -> list[Session]:
    return list(
        Session.objects.filter(
            programme__municipality__code=code,
            programme__slug=slug,
            occurrence_date__gte=TODAY,
        ).order_by("starts_at")
    )


def test_the_seed_programmes_in_every_municipality(demo):
    names = {
        (p.municipality.name, p.name) for p in Programme.objects.select_related("municipality")
    }
    assert ("町田市", "当事者グループワーク「マンボウ」") in names
    assert ("町田市", "家族向けグループワーク") in names
    assert ("国立市", "家族会「ここから」定例会") in names
    assert ("国立市", "家族の居場所") in names
    for activity in ("陶芸", "ゲーム部", "地域のごみ拾い", "農園"):
        assert ("国立市", f"からふらっと {activity}") in names
    assert ("日野市", "日野市ひきこもり家族会") in names
    assert ("八王子市", "ひきこもり支援部会") in names
    assert ("大島町", "若者自立サポートステーション「ロケット」") in names


def test_realistic_schedules(demo):
    manbo = _upcoming("132098", "manbo")
    assert {timezone.localtime(s.starts_at).weekday() for s in manbo} == {2}  # 毎週水曜
    picking = [s.occurrence_date for s in _upcoming("132152", "karafurat-gomihiroi")]
    assert all(d.weekday() == 5 and (d.day - 1) // 7 in (1, 3) for d in picking)  # 第2・第4土曜
    rocket = Programme.objects.get(slug="rocket", municipality__code="133612")
    assert (rocket.age_min, rocket.age_max) == (18, 49)
    # the first upcoming litter picking is called off, and stays in the feed as cancelled
    assert _upcoming("132152", "karafurat-gomihiroi")[0].status == SessionStatus.CANCELLED
    # sessions already held exist (attendance and statistics), and none on 年末年始
    assert Session.objects.filter(occurrence_date__lt=TODAY).exists()
    assert not Session.objects.filter(
        occurrence_date__gte=datetime.date(2026, 12, 29),
        occurrence_date__lte=datetime.date(2027, 1, 3),
    ).exists()
    # organisations run their own: 家族会 and 当事者会; windows run the groups and seminars
    assert Programme.objects.get(slug="kazokukai").organization.slug == "family-association"
    assert Programme.objects.get(slug="manbo").window.slug == "hokenjo"


def test_attendance_at_rocket_with_a_visitor_and_a_note_on_a_case(demo):
    from tsunagu.accounts.models import User
    from tsunagu.accounts.permissions import Action
    from tsunagu.people.models import Case
    from tsunagu.people.timeline import timeline_page
    from tsunagu.programmes.models import Attendance, Participant

    rocket = Programme.objects.get(slug="rocket", municipality__code="133612")
    held = rocket.sessions.filter(attendance_taken_at__isnull=False).order_by("starts_at")
    assert held.count() >= 5
    last = Attendance.objects.unscoped("test").filter(session=held.last())
    assert last.filter(kind="visitor").exists() and last.filter(kind="member").count() == 4
    # the 日野 居場所 is full: two people wait, first in first out
    ibasho = Programme.objects.get(slug="ibasho", municipality__code="132128")
    waiting = Participant.objects.unscoped("test").filter(programme=ibasho, status="waiting")
    assert waiting.count() == 2
    # 見本 太郎's note reaches his case timeline for the staff on his case only
    case = Case.objects.unscoped("test").get(person__family_name="見本")
    counsellor = User.objects.get(username="demo-counsellor")
    page = timeline_page(counsellor, case, kind="programme_attendance")
    assert page.entries and "話しかけていた" in page.entries[0].obj.note
    publicity = User.objects.get(username="demo-publicity")
    assert not timeline_page(publicity, case, kind="programme_attendance").entries
    # the family association's member list is its own: never a person, never the supervisor's
    kazokukai = Programme.objects.get(slug="kazokukai")
    members = Participant.objects.visible_to(publicity, Action.VIEW_PARTICIPANTS)
    assert members.filter(programme=kazokukai).count() == 3
    assert not members.filter(person__isnull=False).exists()
    supervisor = User.objects.get(username="demo-supervisor")
    seen = Participant.objects.visible_to(supervisor, Action.VIEW_PARTICIPANTS)
    assert not seen.filter(programme=kazokukai).exists()
