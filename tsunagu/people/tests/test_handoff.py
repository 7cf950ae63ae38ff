"""Handoff (引き継ぎ): offer, accept, decline with a reason, history, and what access follows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.people import grants, handoff
from tsunagu.people.handoff_views import case_panel_context
from tsunagu.people.models import Case, CaseAccess, Person
from tsunagu.people.panels import case_panels
from tsunagu.routing.models import HandoffEvent
from tsunagu.testing.world import make_user

NOTE = "母親からの相談。本人とはまだ会えていない（申し送り）"


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # memberships are cached per user object


def sees(user: User, case: Case) -> bool:
    return Case.objects.visible_to(fresh(user), Action.VIEW_CASE).filter(pk=case.pk).exists()


@pytest.fixture
def offered(world):
    """The children's window case handed by a supervisor to the contracted counsellor."""
    return handoff.hand_off(
        world.user(Role.SUPERVISOR),
        world.home.other_case,
        to_user=world.user(Role.CONTRACTED_COUNSELLOR),
        note=NOTE,
    )


def test_pending_and_declined_handoffs_grant_no_access(world, offered):
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    case = world.home.other_case
    assert offered.status == CaseAccess.Status.PENDING and offered.reason == NOTE
    assert not sees(contracted, case)
    assert case.person not in Person.objects.visible_to(fresh(contracted), Action.VIEW_PERSON)
    assert list(handoff.pending_handoffs_for(fresh(contracted))) == [offered]

    with pytest.raises(ValidationError) as error:
        handoff.decline(contracted, offered, "  ")
    assert "辞退する理由を入力してください。" in str(error.value)
    handoff.decline(contracted, offered, "担当件数が上限のため")
    offered.refresh_from_db()
    assert offered.status == CaseAccess.Status.DECLINED and offered.answered_at
    assert not sees(contracted, case)
    assert list(handoff.pending_handoffs_for(fresh(contracted))) == []
    events = HandoffEvent.objects.in_municipality(world.home.municipality).filter(
        access_id=offered.pk
    )
    assert [(e.event, e.note) for e in events] == [
        ("offered", ""),
        ("declined", "担当件数が上限のため"),
    ]
    with pytest.raises(ValidationError):
        handoff.accept(contracted, offered)  # already answered


def test_accept_grants_access_and_keeps_history(world, offered):
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    handoff.accept(contracted, offered)
    offered.refresh_from_db()
    assert offered.status == CaseAccess.Status.ACCEPTED
    assert sees(contracted, world.home.other_case)
    assert world.home.other_case.person in Person.objects.visible_to(
        fresh(contracted), Action.VIEW_PERSON
    )
    history = handoff.handoffs_of(fresh(contracted), world.home.other_case)
    assert [e.event for e in history[0].events] == ["offered", "accepted"]
    # every write was audited
    assert AuditEvent.objects.filter(
        object_type="people.caseaccess", object_id=str(offered.pk), action="update"
    ).exists()
    assert AuditEvent.objects.filter(object_type="routing.handoffevent", action="create").exists()
    # ending its grant removes the access and ends the handoff; the rows stay
    offered.refresh_from_db()
    grants.end_grant(world.user(Role.SUPERVISOR), offered.grant, "支援終了")
    assert not sees(contracted, world.home.other_case)
    offered.refresh_from_db()
    assert offered.status == CaseAccess.Status.ENDED
    history = handoff.handoffs_of(fresh(world.user(Role.SUPERVISOR)), world.home.other_case)
    assert [(e.event, e.note) for e in history[0].events][-1] == ("ended", "支援終了")


def test_only_the_receiver_answers(world, offered):
    for role in (Role.COUNSELLOR, Role.SUPERVISOR, Role.AGENCY_STAFF, Role.RECEPTION):
        with pytest.raises(PermissionDenied):
            handoff.accept(world.user(role), offered)
        with pytest.raises(PermissionDenied):
            handoff.decline(world.user(role), offered, "理由")
    with pytest.raises(PermissionDenied):
        handoff.accept(world.away.users[Role.COUNSELLOR], offered)
    offered.refresh_from_db()
    assert offered.status == CaseAccess.Status.PENDING


def test_handoff_to_an_organisation(world):
    access = handoff.hand_off(
        world.user(Role.COUNSELLOR),
        world.home.case,
        to_organization=world.home.contractor,
        note=NOTE,
    )
    # members of the organisation with ACCEPT_HANDOFF receive it
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    assert access in handoff.pending_handoffs_for(fresh(contracted))
    assert access not in handoff.pending_handoffs_for(fresh(world.user(Role.AGENCY_STAFF)))
    handoff.accept(contracted, access)
    assert access.organization == world.home.contractor


def test_information_leaves_the_team_only_with_a_recorded_basis(world):
    """An agency is outside the case's team: neither a handoff nor a direct grant reaches it
    (only おつなぎ, which records the basis); a contractor and the team's staff are inside."""
    home = world.home
    counsellor, supervisor = world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)
    for attempt in (
        lambda: handoff.hand_off(counsellor, home.case, to_organization=home.agency, note=NOTE),
        lambda: grants.grant_access(supervisor, home.case, organization=home.agency),
        lambda: grants.grant_access(
            supervisor, home.case, user=world.user(Role.AGENCY_STAFF), reason="確認"
        ),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "関係機関" in str(error.value) or "ケースを扱える職員" in str(error.value)
    assert "おつなぎ" in str(grants.OUTSIDE_TEAM_MESSAGE)
    assert (
        not CaseAccess.objects.in_municipality(home.municipality)
        .filter(case=home.case, organization=home.agency, kind=CaseAccess.Kind.HANDOFF)
        .exists()
    )
    assert list(grants.team_organizations(home.case)) == [home.contractor]
    assert grants.within_case_team(home.contractor) and not grants.within_case_team(home.agency)


def test_hand_off_page_offers_no_agency(world, login):
    c = login(world.user(Role.COUNSELLOR))
    url = f"/staff/cases/{world.home.case.pk}/handoff/"
    body = c.get(url).content.decode()
    assert f'value="org:{world.home.contractor.pk}"' in body
    assert f'value="org:{world.home.agency.pk}"' not in body
    response = c.post(url, {"target": f"org:{world.home.agency.pk}", "note": NOTE})
    assert response.status_code == 200
    assert "引き継ぎ先を一覧から選んでください。" in response.content.decode()
    assert (
        not CaseAccess.objects.in_municipality(world.home.municipality)
        .filter(case=world.home.case, organization=world.home.agency, kind=CaseAccess.Kind.HANDOFF)
        .exists()
    )


def test_handoff_to_another_window(world):
    home = world.home
    children_counsellor = make_user(
        "children_counsellor", Role.COUNSELLOR, home, window=home.other_window
    )
    counsellor = world.user(Role.COUNSELLOR)
    access = handoff.hand_off(counsellor, home.case, to_window=home.other_window, note=NOTE)
    assert access.user is None and access.organization is None
    assert not sees(children_counsellor, home.case)
    assert access in handoff.pending_handoffs_for(fresh(children_counsellor))
    assert access not in handoff.pending_handoffs_for(fresh(counsellor))
    handoff.accept(fresh(children_counsellor), access)
    home.case.refresh_from_db()
    assert home.case.window == home.other_window
    assert sees(children_counsellor, home.case)
    accepted = HandoffEvent.objects.in_municipality(home.municipality).get(
        access_id=access.pk, event="accepted"
    )
    assert accepted.to_window == home.other_window


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"note": NOTE}, "引き継ぎ先を1つ選んでください。"),
        ({"to_user": "reception", "note": NOTE}, "委託相談員または相談員"),
        ({"to_user": "contracted", "note": " "}, "申し送り事項を入力してください。"),
        ({"to_organization": "away", "note": NOTE}, "同じ自治体"),
        ({"to_window": "own", "note": NOTE}, "別の窓口"),
        ({"to_window": "away", "note": NOTE}, "同じ自治体"),
    ],
)
def test_hand_off_validation(world, kwargs, message):
    values = {
        "reception": world.user(Role.RECEPTION),
        "contracted": world.user(Role.CONTRACTED_COUNSELLOR),
        "away": None,
        "own": world.home.window,
    }
    resolved = {}
    for key, value in kwargs.items():
        if key == "to_organization" and value == "away":
            resolved[key] = world.away.contractor
        elif key == "to_window" and value == "away":
            resolved[key] = world.away.window
        else:
            resolved[key] = values.get(value, value) if key != "note" else value
    with pytest.raises(ValidationError) as error:
        handoff.hand_off(world.user(Role.COUNSELLOR), world.home.case, **resolved)
    assert message in str(error.value)


def test_no_duplicate_pending_and_no_hand_off_without_access(world, offered):
    with pytest.raises(ValidationError) as error:
        handoff.hand_off(
            world.user(Role.SUPERVISOR),
            world.home.other_case,
            to_user=world.user(Role.CONTRACTED_COUNSELLOR),
            note=NOTE,
        )
    assert "受諾待ちの引き継ぎがあります" in str(error.value)
    # the window counsellor is not on the children's case; reception may not edit cases
    for role in (Role.COUNSELLOR, Role.RECEPTION, Role.WELFARE_COMMISSIONER):
        with pytest.raises(PermissionDenied):
            handoff.hand_off(
                world.user(role), world.home.other_case, to_window=world.home.window, note=NOTE
            )


def test_inbox_shows_the_note_but_not_the_case(
    world, offered, login, django_assert_max_num_queries
):
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    for i in range(5):  # more pending handoffs: the inbox query count stays fixed
        case = Case.objects.create(
            municipality=world.home.municipality,
            person=world.home.other_person,
            window=world.home.other_window,
            opened_on=world.home.other_case.opened_on,
        )
        handoff.hand_off(world.user(Role.SUPERVISOR), case, to_user=contracted, note=f"note{i}")
    c = login(contracted)
    # + the audit entry naming the records the list showed
    with django_assert_max_num_queries(14):
        response = c.get("/staff/handoffs/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"#{world.home.other_case.pk}" in body and NOTE[:20] in body
    assert world.home.other_window.name in body
    person = world.home.other_person
    assert person.family_name not in body and "相談概要" not in body
    answer = c.get(f"/staff/handoffs/{offered.pk}/")
    assert answer.status_code == 200 and NOTE in answer.content.decode()
    assert person.family_name not in answer.content.decode()
    assert c.get(f"/staff/cases/{world.home.other_case.pk}/").status_code == 404

    response = c.post(f"/staff/handoffs/{offered.pk}/", {"answer": "decline", "reason": ""})
    assert "辞退する理由を入力してください。" in response.content.decode()
    response = c.post(f"/staff/handoffs/{offered.pk}/", {"answer": "accept"})
    assert response.status_code == 302
    assert c.get(f"/staff/cases/{world.home.other_case.pk}/").status_code == 200
    assert c.get(f"/staff/handoffs/{offered.pk}/").status_code == 404  # answered


def test_answer_page_is_404_for_others(world, offered, login):
    for user in (
        world.user(Role.COUNSELLOR),
        world.user(Role.SUPERVISOR),
        world.away.users[Role.SUPERVISOR],
    ):
        c = login(user)
        assert c.get(f"/staff/handoffs/{offered.pk}/").status_code == 404
        assert c.post(f"/staff/handoffs/{offered.pk}/", {"answer": "accept"}).status_code == 404
    offered.refresh_from_db()
    assert offered.status == CaseAccess.Status.PENDING


def test_hand_off_page(world, login):
    counsellor = world.user(Role.COUNSELLOR)
    c = login(counsellor)
    url = f"/staff/cases/{world.home.case.pk}/handoff/"
    case_page = c.get(f"/staff/cases/{world.home.case.pk}/").content.decode()
    assert "このケースを引き継ぐ" in case_page and url in case_page
    page = c.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert world.user(Role.CONTRACTED_COUNSELLOR).display_name in body
    assert world.home.other_window.name in body and world.away.window.name not in body
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    response = c.post(url, {"target": f"window:{world.home.other_window.pk}", "note": ""})
    assert "申し送り事項を入力してください。" in response.content.decode()
    response = c.post(url, {"target": f"window:{world.away.window.pk}", "note": NOTE})
    assert "引き継ぎ先を一覧から選んでください。" in response.content.decode()
    response = c.post(url, {"target": f"user:{contracted.pk}", "note": NOTE})
    assert "すでにこの引き継ぎ先が受諾しています" in response.content.decode()
    response = c.post(url, {"target": f"org:{world.home.contractor.pk}", "note": NOTE})
    assert response.status_code == 302
    assert handoff.pending_handoffs_for(fresh(contracted)).filter(case=world.home.case).exists()
    # a grantee cannot pass the case on (reception of its window may: test_queues.py)
    assert login(world.user(Role.CONTRACTED_COUNSELLOR)).get(url).status_code == 403
    assert (
        login(world.user(Role.COUNSELLOR))
        .get(f"/staff/cases/{world.home.other_case.pk}/handoff/")
        .status_code
        == 404
    )


def test_case_page_panel(world):
    assert "handoffs" in {p.key for p in case_panels()}
    request = RequestFactory().get("/")
    request.user = fresh(world.user(Role.COUNSELLOR))
    context = case_panel_context(request, world.home.case)
    assert context["can_hand_off"]
    assert [a.kind for a in context["handoffs"]] == ["handoff"]
    request.user = fresh(world.user(Role.AGENCY_STAFF))
    context = case_panel_context(request, world.home.case)
    assert not context["can_hand_off"]
