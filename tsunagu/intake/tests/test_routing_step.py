"""The next-step page's routing: the suggested window, and another window only with a reason."""

from __future__ import annotations

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.routing.models import RoutingDecision
from tsunagu.testing.intake import take_intake

CHILD_CALL = {
    "channel": "phone",
    "consulter_relation": "mother",
    "summary": "中学生の息子が学校に行けず部屋から出ない。",
    "person_birth_date": "平成24年5月1日",
}


@pytest.fixture
def child_intake(world, sheet):
    # world's routing: under 18 → other_window (子ども), everyone → window (priority 20)
    return take_intake(world.user(Role.SUPERVISOR), world.home, answers=CHILD_CALL)


def test_page_preselects_the_suggested_window(world, child_intake, login):
    page = login(Role.SUPERVISOR).get(f"/staff/intake/{child_intake.pk}/next/")
    body = page.content.decode()
    other = world.home.other_window
    assert f'name="window" value="{other.pk}" checked' in body
    assert "18歳未満" in body or "17歳以下" in body or other.name in body


def test_accepting_the_suggestion_needs_no_reason(world, child_intake, login):
    client = login(Role.SUPERVISOR)
    other = world.home.other_window
    response = client.post(f"/staff/intake/{child_intake.pk}/route/", {"window": other.pk})
    assert response.status_code == 302
    child_intake.refresh_from_db()
    assert child_intake.window == other
    decision = RoutingDecision.objects.unscoped("test").get(intake_id=child_intake.pk)
    assert decision.suggested_window == other and not decision.is_override
    assert AuditEvent.objects.filter(
        object_type="routing.routingdecision", object_id=str(decision.pk)
    )
    # the case then opens at the decided window
    client.post(f"/staff/intake/{child_intake.pk}/create-person/")
    child_intake.refresh_from_db()
    assert child_intake.case.window == other


def test_override_without_reason_is_refused_and_nothing_changes(world, child_intake, login):
    client = login(Role.SUPERVISOR)
    before = child_intake.window_id
    response = client.post(
        f"/staff/intake/{child_intake.pk}/route/", {"window": world.home.window.pk, "reason": " "}
    )
    assert response.status_code == 400
    assert "理由を入力してください" in response.content.decode()
    child_intake.refresh_from_db()
    assert child_intake.window_id == before
    assert not RoutingDecision.objects.unscoped("test").filter(intake_id=child_intake.pk).exists()


def test_override_with_reason_is_recorded_and_shown(world, child_intake, login):
    client = login(Role.SUPERVISOR)
    reason = "本人が18歳の兄と一緒の相談を希望"
    response = client.post(
        f"/staff/intake/{child_intake.pk}/route/",
        {"window": world.home.window.pk, "reason": reason},
    )
    assert response.status_code == 302
    decision = RoutingDecision.objects.unscoped("test").get(intake_id=child_intake.pk)
    assert decision.is_override and decision.reason == reason
    page = client.get(f"/staff/intake/{child_intake.pk}/next/").content.decode()
    assert reason in page and world.home.other_window.name in page


def test_window_of_another_municipality_is_refused(world, child_intake, login):
    client = login(Role.SUPERVISOR)
    response = client.post(
        f"/staff/intake/{child_intake.pk}/route/",
        {"window": world.away.window.pk, "reason": "x"},
    )
    assert response.status_code == 400
    child_intake.refresh_from_db()
    assert child_intake.window.municipality_id == world.home.municipality.pk


def test_no_person_before_the_window_is_decided(world, child_intake, login):
    client = login(Role.SUPERVISOR)
    page = client.get(f"/staff/intake/{child_intake.pk}/next/").content.decode()
    assert 'id="decide-window-first"' in page and "新しい人として登録" not in page
    response = client.post(f"/staff/intake/{child_intake.pk}/create-person/")
    assert response.status_code == 302
    child_intake.refresh_from_db()
    assert child_intake.case_id is None  # no silent default window
    page = client.get(response["Location"]).content.decode()
    assert "先に担当窓口を決めてください" in page


def test_no_rerouting_after_the_case_is_open(world, child_intake, login):
    client = login(Role.SUPERVISOR)
    client.post(f"/staff/intake/{child_intake.pk}/route/", {"window": world.home.other_window.pk})
    client.post(f"/staff/intake/{child_intake.pk}/create-person/")
    child_intake.refresh_from_db()
    assert child_intake.case_id is not None
    response = client.post(
        f"/staff/intake/{child_intake.pk}/route/",
        {"window": world.home.window.pk, "reason": "後から変更"},
    )
    assert response.status_code == 400
    assert "引き継ぎ" in response.content.decode()


def test_conditional_questions_carry_their_condition_for_the_screen(world, sheet, login):
    intake = take_intake(world.user(Role.SUPERVISOR), world.home, answers={}, submit=False)
    page = login(Role.SUPERVISOR).get(f"/staff/intake/{intake.pk}/").content.decode()
    assert 'id="id-f-referrer-field" data-show-if="f-route" data-show-if-values="agency"' in page
    assert "tsunagu/js/intake" in page and "関係機関の紹介」の場合" in page
