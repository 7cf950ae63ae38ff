import pytest

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.people.models import Case, Person
from tsunagu.tenancy.scoping import ScopeError


def test_unscoped_query_fails_closed(world):
    with pytest.raises(ScopeError):
        list(Person.objects.all())
    with pytest.raises(ScopeError):
        Case.objects.filter(status="received").count()
    with pytest.raises(ScopeError):
        list(world.home.person.cases.all())


def test_visible_to_by_role(world):
    home = world.home
    sup = world.user(Role.SUPERVISOR)
    assert set(Case.objects.visible_to(sup, Action.VIEW_CASE)) == {home.case, home.other_case}
    counsellor = world.user(Role.COUNSELLOR)
    assert set(Case.objects.visible_to(counsellor, Action.VIEW_CASE)) == {home.case}
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    assert set(Case.objects.visible_to(contracted, Action.VIEW_CASE)) == {home.case}
    agency = world.user(Role.AGENCY_STAFF)
    assert set(Case.objects.visible_to(agency, Action.VIEW_CASE)) == {home.case}
    assert set(Person.objects.visible_to(agency, Action.VIEW_PERSON)) == {home.person}
    for role in (
        Role.WELFARE_COMMISSIONER,
        Role.PUBLICITY,
        Role.PREFECTURE_ANALYST,
        Role.SYSTEM_ADMIN,
        Role.MUNICIPALITY_ADMIN,
    ):
        assert list(Case.objects.visible_to(world.user(role), Action.VIEW_CASE)) == []
