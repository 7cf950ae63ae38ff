"""Queues (issue 7, point 4): reception hands off its window's cases to contracted counsellors;
an unassigned case waits in its window's queue until someone takes it; accepting a handoff
lands on the case."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, can
from tsunagu.accounts.roles import Role
from tsunagu.audit.context import acting_as
from tsunagu.audit.models import AuditEvent
from tsunagu.people import handoff, queue
from tsunagu.people.models import Case, CaseAccess
from tsunagu.testing.people import make_case

NOTE = "母親（78歳）からの電話。本人52歳、多摩平。訪問での関わりをお願いします。"


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # memberships are cached per user object


# Handoff by reception -------------------------------------------------------------------


def test_reception_hands_off_its_windows_case_to_a_contracted_counsellor(world):
    reception = world.user(Role.RECEPTION)
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    case = make_case(world.home.person, world.home.window)
    assert not can(reception, Action.MANAGE_GRANTS, world.home.municipality)
    access = handoff.hand_off(reception, case, to_user=contracted, note=NOTE)
    assert access.status == CaseAccess.Status.PENDING and access.grant.starts_at is None
    handoff.accept(fresh(contracted), access)
    assert Case.objects.visible_to(fresh(contracted), Action.VIEW_CASE).filter(pk=case.pk).exists()
    # and to an organisation
    org_offer = handoff.hand_off(reception, case, to_organization=world.home.contractor, note=NOTE)
    assert org_offer.organization == world.home.contractor


def test_reception_hands_off_only_its_own_windows_cases_and_grants_nothing_directly(world):
    from tsunagu.people import grants

    reception = world.user(Role.RECEPTION)
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    with pytest.raises(PermissionDenied):  # the children's window is not reception's
        handoff.hand_off(reception, world.home.other_case, to_user=contracted, note=NOTE)
    with pytest.raises(PermissionDenied):  # a direct grant still needs MANAGE_GRANTS
        grants.grant_access(reception, world.home.case, user=world.user(Role.AGENCY_STAFF))
    with pytest.raises(PermissionDenied):  # a grantee never passes the case on
        handoff.hand_off(
            contracted, world.home.case, to_organization=world.home.contractor, note=NOTE
        )
    with pytest.raises(PermissionDenied):
        handoff.hand_off(
            world.away.users[Role.COUNSELLOR], world.home.case, to_user=contracted, note=NOTE
        )


def test_reception_hands_off_on_the_page_and_the_counsellor_lands_on_the_case(world, login):
    case = make_case(world.home.person, world.home.window)
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    reception = login(world.user(Role.RECEPTION))
    case_page = reception.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "引き継ぎ・アクセス権の付与" in case_page and "このケースを引き継ぐ" in case_page
    url = reverse("case-handoff", args=[case.pk])
    assert reception.get(url).status_code == 200
    response = reception.post(url, {"target": f"user:{contracted.pk}", "note": NOTE})
    assert response.status_code == 302
    access = handoff.pending_handoffs_for(fresh(contracted)).get(case=case)

    counsellor = login(contracted)
    response = counsellor.post(reverse("handoff-answer", args=[access.pk]), {"answer": "accept"})
    assert response.status_code == 302
    assert response["Location"] == reverse("case-detail", args=[case.pk])
    assert counsellor.get(response["Location"]).status_code == 200


def test_accepting_a_window_handoff_lands_on_the_case_too(world, login):
    from tsunagu.testing.world import make_user

    home = world.home
    children = make_user("children_counsellor", Role.COUNSELLOR, home, window=home.other_window)
    access = handoff.hand_off(
        world.user(Role.COUNSELLOR), home.case, to_window=home.other_window, note=NOTE
    )
    response = login(children).post(
        reverse("handoff-answer", args=[access.pk]), {"answer": "accept"}
    )
    assert response["Location"] == reverse("case-detail", args=[home.case.pk])


# The unassigned queue --------------------------------------------------------------------


def _queue(user: User) -> set[Case]:
    return set(queue.unassigned_cases(fresh(user)))


def test_the_queue_holds_open_cases_without_a_lead_of_the_users_windows(world):
    home = world.home
    closed = make_case(home.person, home.window, status=Case.Status.CLOSED)
    led = make_case(home.person, home.window, lead_worker=world.user(Role.COUNSELLOR))
    for role in (Role.RECEPTION, Role.COUNSELLOR):
        assert _queue(world.user(role)) == {home.case}, role
    assert _queue(world.user(Role.SUPERVISOR)) == {home.case, home.other_case}
    # the contracted counsellor's grant on home.case does not put it in a queue for them
    assert _queue(world.user(Role.CONTRACTED_COUNSELLOR)) == set()
    assert _queue(world.away.users[Role.SUPERVISOR]) == {world.away.case}
    assert closed not in _queue(world.user(Role.SUPERVISOR))
    assert led not in _queue(world.user(Role.SUPERVISOR))


def test_take_makes_the_taker_the_lead_and_is_audited(world):
    counsellor = world.user(Role.COUNSELLOR)
    case = world.home.case
    assert queue.may_take(fresh(counsellor), case)
    with acting_as(counsellor):  # as the request middleware does
        queue.take_case(fresh(counsellor), case)
    case.refresh_from_db()
    assert case.lead_worker == counsellor
    entry = AuditEvent.objects.filter(
        object_type="people.case", object_id=str(case.pk), action="update"
    ).latest("id")
    assert "lead_worker" in entry.changed_fields and entry.actor_id == counsellor.pk
    assert case not in _queue(counsellor)


def test_someone_took_it_meanwhile(world):
    stale = Case.objects.in_municipality(world.home.municipality).get(pk=world.home.case.pk)
    queue.take_case(fresh(world.user(Role.SUPERVISOR)), world.home.case)
    with pytest.raises(ValidationError) as error:
        queue.take_case(fresh(world.user(Role.COUNSELLOR)), stale)
    assert "すでに" in str(error.value) and "home_supervisor" in str(error.value)
    stale.refresh_from_db()
    assert stale.lead_worker == world.user(Role.SUPERVISOR)


def test_who_may_take(world):
    home = world.home
    refused = {
        Role.RECEPTION: home.case,  # reception hands off; it does not lead cases
        Role.CONTRACTED_COUNSELLOR: home.case,  # a grantee does not take the window's work
        Role.AGENCY_STAFF: home.case,
        Role.COUNSELLOR: home.other_case,  # another window's case
        Role.MUNICIPALITY_ADMIN: home.case,
    }
    for role, case in refused.items():
        user = fresh(world.user(role))
        assert not queue.may_take(user, case), role
        with pytest.raises(PermissionDenied):
            queue.take_case(user, case)
    with pytest.raises(PermissionDenied):
        queue.take_case(fresh(world.away.users[Role.SUPERVISOR]), home.case)
    closed = make_case(home.person, home.window, status=Case.Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        queue.take_case(fresh(world.user(Role.COUNSELLOR)), closed)
    assert "終結" in str(error.value)
    assert queue.may_take(fresh(world.user(Role.SUPERVISOR)), home.other_case)


# Pages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.RECEPTION, 200),
        (Role.COUNSELLOR, 200),
        (Role.SUPERVISOR, 200),
        (Role.CONTRACTED_COUNSELLOR, 403),
        (Role.AGENCY_STAFF, 403),
        (Role.MUNICIPALITY_ADMIN, 403),
        (Role.WELFARE_COMMISSIONER, 403),
    ],
)
def test_queue_page_permissions(world, login, role, status):
    response = login(world.user(role)).get(reverse("case-unassigned"))
    assert response.status_code == status


def test_queue_page_rows_buttons_and_fixed_queries(world, login, django_assert_max_num_queries):
    home = world.home
    url = reverse("case-unassigned")
    counsellor = login(world.user(Role.COUNSELLOR))
    counsellor.get(url)
    # (the list's audit entry takes its chain's lock on PostgreSQL: one query more there)
    with django_assert_max_num_queries(17) as one_row:
        body = counsellor.get(url).content.decode()
    assert f'href="/staff/cases/{home.case.pk}/"' in body
    assert f'href="/staff/cases/{home.other_case.pk}/"' not in body
    assert reverse("case-take", args=[home.case.pk]) in body and "山田" in body
    for _ in range(12):
        make_case(home.person, home.window)
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        body = counsellor.get(url).content.decode()
    assert body.count("担当する</button>") == 13
    # reception sees its window's queue without take buttons; the supervisor filters by window
    reception = login(world.user(Role.RECEPTION)).get(url).content.decode()
    assert (
        f'href="/staff/cases/{home.case.pk}/"' in reception and "担当する</button>" not in reception
    )
    supervisor = login(world.user(Role.SUPERVISOR))
    body = supervisor.get(url, {"window": home.other_window.pk}).content.decode()
    assert f'href="/staff/cases/{home.other_case.pk}/"' in body
    assert f'href="/staff/cases/{home.case.pk}/"' not in body
    assert supervisor.get(url, {"window": "99999999999999999999999"}).status_code == 200
    entry = AuditEvent.objects.filter(action="list", extra__page="unassigned_queue").latest("id")
    assert str(home.case.pk) in entry.extra["ids"]


def test_take_button_posts_and_lands_on_the_case(world, login):
    case = world.home.case
    counsellor = login(world.user(Role.COUNSELLOR))
    page = counsellor.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "担当する</button>" in page and reverse("case-take", args=[case.pk]) in page
    reception_page = login(world.user(Role.RECEPTION)).get(reverse("case-detail", args=[case.pk]))
    assert "担当する</button>" not in reception_page.content.decode()
    url = reverse("case-take", args=[case.pk])
    assert counsellor.get(url).status_code == 405
    assert login(world.user(Role.RECEPTION)).post(url).status_code == 403
    assert login(world.away.users[Role.SUPERVISOR]).post(url).status_code == 404
    response = counsellor.post(url)
    assert response["Location"] == reverse("case-detail", args=[case.pk])
    case.refresh_from_db()
    assert case.lead_worker == world.user(Role.COUNSELLOR)
    page = counsellor.get(response["Location"]).content.decode()
    assert "このケースの主担当になりました。" in page and "担当する</button>" not in page
    # a second taker is told, and sent back to the queue
    response = login(world.user(Role.SUPERVISOR)).post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("case-unassigned")
    assert "すでに" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_takers_at_the_same_moment_one_wins(world):
    """Two staff press 「担当する」 at once, each in their own connection (PostgreSQL: the row
    lock makes the second wait, then see the lead and refuse)."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections: PostgreSQL (SQLite's test database is one connection)")
    case = world.home.case
    takers = [world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)]
    barrier = threading.Barrier(len(takers))
    outcome: dict[int, str] = {}

    def attempt(user: User) -> None:
        from django.db import connection as own

        try:
            taker = fresh(user)
            barrier.wait()
            queue.take_case(taker, case)
            outcome[user.pk] = "won"
        except ValidationError:
            outcome[user.pk] = "lost"
        finally:
            own.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in takers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome.values()) == ["lost", "won"]
    winner = next(pk for pk, result in outcome.items() if result == "won")
    case.refresh_from_db()
    assert case.lead_worker_id == winner
