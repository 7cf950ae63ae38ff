import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.people.merging import merge_persons, undo_merge
from tsunagu.people.models import (
    Case,
    Household,
    HouseholdMember,
    Person,
    PersonMerge,
    Relation,
    not_merged,
)
from tsunagu.testing.people import make_case, make_household, make_person, parents_8050


def snapshot(municipality) -> dict:
    def rows(model, *fields):
        return sorted(model.objects.in_municipality(municipality).values_list("pk", *fields))

    return {
        "persons": rows(Person, "merged_into"),
        "cases": rows(Case, "person"),
        "households": rows(Household, "person"),
        "members": rows(HouseholdMember, "person", "household"),
    }


@pytest.fixture
def pair(world):
    side = world.home
    keep = make_person(side.municipality)
    absorb = make_person(side.municipality, given_name="一朗", phone="+81426000001")
    make_case(keep, side.window)
    make_case(absorb, side.window)
    make_case(absorb, side.other_window)
    make_household(absorb, parents_8050())
    # the absorbed person is also listed as a member of someone else's household
    make_household(side.person, [{"relation": Relation.SIBLING, "person": absorb}])
    return keep, absorb


def test_merge_then_undo_restores_the_state_exactly(world, pair):
    keep, absorb = pair
    supervisor = world.user(Role.SUPERVISOR)
    before = snapshot(world.home.municipality)

    merge = merge_persons(supervisor, keep, absorb, reason="氏名・生年月日が一致")
    after = snapshot(world.home.municipality)
    assert after != before
    assert Case.objects.in_municipality(world.home.municipality).filter(person=absorb).count() == 0
    assert Case.objects.in_municipality(world.home.municipality).filter(person=keep).count() == 3
    absorb.refresh_from_db()
    assert absorb.merged_into == keep
    assert len(merge.moved["cases"]) == 2
    assert len(merge.moved["households"]) == 1
    assert len(merge.moved["household_members"]) == 1
    # absorbed persons drop out of lists
    listed = not_merged(Person.objects.visible_to(supervisor, Action.VIEW_PERSON))
    assert absorb not in listed and keep in listed

    # a case opened for `keep` after the merge stays with keep after the undo
    later = make_case(keep, world.home.window)
    undo_merge(supervisor, merge, reason="別人と判明")
    later.delete()
    assert snapshot(world.home.municipality) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == supervisor
    with pytest.raises(ValidationError, match="すでに取り消されています"):
        undo_merge(supervisor, merge)


def test_merge_is_audited(world, pair):
    keep, absorb = pair
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    merge_persons(world.user(Role.SUPERVISOR), keep, absorb, reason="同一人物")
    events = AuditEvent.objects.filter(pk__gt=start)
    types = {(e.object_type, e.action) for e in events}
    assert ("people.case", "update") in types
    assert ("people.person", "update") in types
    assert ("people.personmerge", "create") in types


@pytest.mark.parametrize(
    "role",
    [Role.COUNSELLOR, Role.RECEPTION, Role.CONTRACTED_COUNSELLOR, Role.MUNICIPALITY_ADMIN],
)
def test_only_supervisors_merge(world, pair, role):
    keep, absorb = pair
    with pytest.raises(PermissionDenied):
        merge_persons(world.user(role), keep, absorb, reason="x")


def test_merge_refuses_other_municipalities_self_and_merged(world, pair):
    keep, absorb = pair
    supervisor = world.user(Role.SUPERVISOR)
    with pytest.raises(ValidationError, match="別の自治体"):
        merge_persons(supervisor, keep, world.away.person, reason="x")
    with pytest.raises(PermissionDenied):
        merge_persons(world.away.users[Role.SUPERVISOR], keep, absorb, reason="x")
    with pytest.raises(ValidationError, match="同じ記録"):
        merge_persons(supervisor, keep, keep, reason="x")
    with pytest.raises(ValidationError, match="理由"):
        merge_persons(supervisor, keep, absorb, reason=" ")
    merge_persons(supervisor, keep, absorb, reason="同一人物")
    with pytest.raises(ValidationError, match="すでに統合"):
        merge_persons(supervisor, keep, absorb, reason="again")


def test_undo_refuses_when_the_kept_person_was_merged_again(world, pair):
    keep, absorb = pair
    supervisor = world.user(Role.SUPERVISOR)
    first = merge_persons(supervisor, keep, absorb, reason="1")
    third = make_person(world.home.municipality)
    second = merge_persons(supervisor, third, keep, reason="2")
    with pytest.raises(ValidationError, match="先にそちらの統合を取り消して"):
        undo_merge(supervisor, first)
    undo_merge(supervisor, second)
    undo_merge(supervisor, first)
    assert (
        PersonMerge.objects.in_municipality(world.home.municipality)
        .filter(undone_at__isnull=True)
        .count()
        == 0
    )
