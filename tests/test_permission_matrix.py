"""The whole permission matrix, checked against the world's real memberships.

Three layers (tsunagu.accounts.permissions): ACTIONS (what a role may do), RECORD_SCOPE (which
rows of personal data it reaches) and READABLE_CLASSES (which field classes it may read).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tsunagu.accounts.models import Membership, User
from tsunagu.accounts.permissions import (
    ACTIONS,
    READABLE_CLASSES,
    RECORD_SCOPE,
    Action,
    can,
    readable_classes,
    record_scope,
    require,
)
from tsunagu.accounts.roles import Role
from tsunagu.people.fields import shown_fields
from tsunagu.people.models import AccessGrant, Case, CaseAccess, Person
from tsunagu.tenancy.scoping import TenantOwned

ALL_ACTIONS = sorted(v for k, v in vars(Action).items() if k.isupper())
ROLES = list(Role.values)


def test_tables_cover_every_role_and_only_known_actions():
    for table in (ACTIONS, RECORD_SCOPE, READABLE_CLASSES):
        assert set(table) == set(ROLES)
    for role, actions in ACTIONS.items():
        assert actions <= set(ALL_ACTIONS), role
    for level in RECORD_SCOPE.values():
        assert level in {"own", "assigned", "organization", "window", "municipality", "none"}


# Layer 1: actions ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_can_matches_the_table(world, role, action):
    user = world.user(role)
    expected = action in ACTIONS[role]
    assert can(user, action, world.home.municipality) is expected
    assert can(user, action, world.home.municipality.pk) is expected
    assert can(user, action) is expected
    # never anything in a municipality the user has no membership in
    assert can(user, action, world.away.municipality) is False


def test_actions_by_hand(world):
    home = world.home.municipality

    def does(role, action):
        return can(world.user(role), action, home)

    assert not does(Role.CONTRACTED_COUNSELLOR, Action.MERGE_PERSONS)
    assert not does(Role.COUNSELLOR, Action.MERGE_PERSONS)
    assert does(Role.SUPERVISOR, Action.MERGE_PERSONS)
    assert does(Role.SUPERVISOR, Action.VIEW_ACCESS_LOG)
    assert not does(Role.COUNSELLOR, Action.VIEW_ACCESS_LOG)
    assert not does(Role.CONTRACTED_COUNSELLOR, Action.EXPORT_RECORDS)
    assert does(Role.COUNSELLOR, Action.EDIT_CASE)
    assert not does(Role.RECEPTION, Action.EDIT_CASE)
    assert does(Role.RECEPTION, Action.CREATE_INTAKE)
    # queues: reception hands off (日野's call centre) but neither grants directly nor leads
    assert does(Role.RECEPTION, Action.HAND_OFF)
    assert not does(Role.RECEPTION, Action.MANAGE_GRANTS)
    assert not does(Role.RECEPTION, Action.TAKE_CASE)
    for role in (Role.COUNSELLOR, Role.SUPERVISOR):
        assert does(role, Action.HAND_OFF) and does(role, Action.TAKE_CASE)
    for role in (Role.CONTRACTED_COUNSELLOR, Role.AGENCY_STAFF):  # grantees pass nothing on
        assert not does(role, Action.HAND_OFF) and not does(role, Action.TAKE_CASE)
    assert [r for r in ROLES if does(r, Action.VIEW_TEAM)] == [Role.SUPERVISOR]
    assert [r for r in ROLES if does(r, Action.APPROVE)] == [Role.SUPERVISOR]
    assert sorted(r for r in ROLES if does(r, Action.MANAGE_CASEWORK_SETTINGS)) == sorted(
        [Role.MUNICIPALITY_ADMIN, Role.SUPERVISOR]
    )
    assert does(Role.AGENCY_STAFF, Action.VIEW_CASE)
    # おつなぎ: the case's own window and the supervisor refer; the agency answers
    assert sorted(r for r in ROLES if does(r, Action.REFER_CASE)) == sorted(
        [Role.COUNSELLOR, Role.SUPERVISOR]
    )
    assert [r for r in ROLES if does(r, Action.ANSWER_REFERRAL)] == [Role.AGENCY_STAFF]
    assert not does(Role.AGENCY_STAFF, Action.EDIT_CASE)
    assert does(Role.MUNICIPALITY_ADMIN, Action.MANAGE_WINDOWS)
    assert not does(Role.MUNICIPALITY_ADMIN, Action.VIEW_PERSON)
    assert not does(Role.SYSTEM_ADMIN, Action.VIEW_PERSON)
    assert does(Role.PUBLICITY, Action.MANAGE_PUBLIC_CONTENT)
    assert not does(Role.PUBLICITY, Action.VIEW_CASE)
    # 民生委員: the concern report, and nothing of casework
    assert does(Role.WELFARE_COMMISSIONER, Action.SUBMIT_CONCERN_REPORT)
    for action in (
        Action.VIEW_PERSON,
        Action.EDIT_PERSON,
        Action.VIEW_CASE,
        Action.EDIT_CASE,
        Action.CREATE_INTAKE,
        Action.ACCEPT_HANDOFF,
        Action.MERGE_PERSONS,
        Action.EXPORT_RECORDS,
        Action.VIEW_ACCESS_LOG,
    ):
        assert not does(Role.WELFARE_COMMISSIONER, action), action
    # 都道府県分析担当: aggregates only
    analyst = [a for a in ALL_ACTIONS if does(Role.PREFECTURE_ANALYST, a)]
    assert analyst == [Action.VIEW_AGGREGATES]


def test_require_raises_permission_denied(world):
    from django.core.exceptions import PermissionDenied

    require(world.user(Role.SUPERVISOR), Action.MERGE_PERSONS, world.home.municipality)
    with pytest.raises(PermissionDenied):
        require(world.user(Role.COUNSELLOR), Action.MERGE_PERSONS, world.home.municipality)
    with pytest.raises(PermissionDenied):
        require(world.user(Role.SUPERVISOR), Action.VIEW_PERSON, world.away.municipality)


# Layer 2: record scope ----------------------------------------------------------------------

# What each role of home sees, by hand. "own" is the person created by the 民生委員 in the test.
EXPECTED_ROWS: dict[str, set[str]] = {
    Role.SYSTEM_ADMIN: set(),
    Role.MUNICIPALITY_ADMIN: set(),
    Role.RECEPTION: {"case", "person", "handoff", "referral"},
    Role.COUNSELLOR: {"case", "person", "handoff", "referral"},
    Role.CONTRACTED_COUNSELLOR: {"case", "person", "handoff", "referral"},
    Role.SUPERVISOR: {
        "case",
        "other_case",
        "person",
        "other_person",
        "own_person",
        "handoff",
        "referral",
    },
    Role.AGENCY_STAFF: {"case", "person", "referral"},
    Role.WELFARE_COMMISSIONER: set(),  # "own" reaches the person, but the role may not view it
    Role.PUBLICITY: set(),
    Role.PREFECTURE_ANALYST: set(),
}


def _rows(world, own_person: Person) -> dict[str, TenantOwned]:
    home = world.home
    accesses = CaseAccess.objects.in_municipality(home.municipality)
    return {
        "case": home.case,
        "other_case": home.other_case,
        "person": home.person,
        "other_person": home.other_person,
        "own_person": own_person,
        "handoff": accesses.get(kind=CaseAccess.Kind.HANDOFF),
        "referral": accesses.get(kind=CaseAccess.Kind.REFERRAL),
    }


def _own_person(world) -> Person:
    return Person.objects.create(
        municipality=world.home.municipality,
        family_name="民生",
        given_name="連絡",
        created_by=world.user(Role.WELFARE_COMMISSIONER),
        birth_date=datetime.date(1990, 1, 1),
    )


READ_ACTION = {Person: Action.VIEW_PERSON, Case: Action.VIEW_CASE, CaseAccess: Action.VIEW_CASE}


def _visible(model, user) -> set:
    return set(model.objects.visible_to(user, READ_ACTION[model]))


@pytest.mark.parametrize("role", ROLES)
def test_visible_rows_by_role(world, role):
    own_person = _own_person(world)
    rows = _rows(world, own_person)
    user = world.user(role)
    expected = {name for name in EXPECTED_ROWS[role]}
    seen = set()
    for model in (Person, Case, CaseAccess):
        visible = _visible(model, user)
        labels = {name for name, obj in rows.items() if obj in visible}
        # nothing visible beyond the named rows (and nothing of away, ever)
        assert visible <= set(rows.values()), (role, model.__name__, visible)
        assert not any(obj.municipality_id != world.home.municipality.pk for obj in visible)
        assert (
            not model.objects.visible_to(user, READ_ACTION[model])
            .filter(municipality=world.away.municipality)
            .exists()
        )
        seen |= labels
    assert seen == expected, role
    # the level comes from the table
    assert record_scope(role) == RECORD_SCOPE[role]


def test_away_users_never_see_home(world):
    for user in world.away.users.values():
        for model in (Person, Case, CaseAccess):
            assert all(
                o.municipality_id == world.away.municipality.pk for o in _visible(model, user)
            )
    assert _visible(Person, world.away.users[Role.SUPERVISOR]) == {world.away.person}
    assert _visible(Case, world.away.users[Role.COUNSELLOR]) == {world.away.case}


def test_assigned_scope_is_grants_only(world):
    """Assigned scope (委託相談員): only an active grant reaches a case — not an offer, not a
    declined or ended one, and not being named lead worker (that cannot be ended)."""
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    other = world.home.other_case
    grant = AccessGrant.objects.create(
        municipality=world.home.municipality,
        case=other,
        user=contracted,
        source=AccessGrant.Source.HANDOFF,
        granting_window=other.window,
    )
    assert other not in _visible(Case, User.objects.get(pk=contracted.pk))  # offered only
    other.lead_worker = contracted
    other.save()
    assert other not in _visible(Case, User.objects.get(pk=contracted.pk))
    grant.starts_at = timezone.now()
    grant.save()
    fresh = User.objects.get(pk=contracted.pk)
    assert other in _visible(Case, fresh)
    assert other.person in _visible(Person, fresh)
    grant.ended_at = timezone.now()
    grant.save()
    assert other not in _visible(Case, User.objects.get(pk=contracted.pk))
    grant.ended_at = None
    grant.ends_at = timezone.now() - datetime.timedelta(seconds=1)  # past its period
    grant.save()
    assert other not in _visible(Case, User.objects.get(pk=contracted.pk))


# Layer 3: readable field classes ------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_readable_classes(world, role):
    user = world.user(role)
    assert readable_classes(user, world.home.municipality) == READABLE_CLASSES[role]
    assert readable_classes(user, world.away.municipality) == frozenset()


def test_readable_classes_by_hand(world):
    home = world.home.municipality
    assert readable_classes(world.user(Role.SUPERVISOR), home) == {"S", "P", "O"}
    assert readable_classes(world.user(Role.AGENCY_STAFF), home) == {"P", "O"}
    assert readable_classes(world.user(Role.WELFARE_COMMISSIONER), home) == {"P", "O"}
    assert readable_classes(world.user(Role.PREFECTURE_ANALYST), home) == {"O"}
    assert readable_classes(world.user(Role.MUNICIPALITY_ADMIN), home) == {"O"}


def test_shown_fields_masks_unreadable_classes(world):
    person = world.home.person
    names = ["family_name", "phone", "notes"]
    agency = {f.name: f for f in shown_fields(world.user(Role.AGENCY_STAFF), person, names)}
    assert agency["notes"].readable is False and agency["notes"].value is None
    assert agency["family_name"].value == "山田"
    sup = {f.name: f for f in shown_fields(world.user(Role.SUPERVISOR), person, names)}
    assert sup["notes"].value == "要配慮メモ"
    admin = shown_fields(world.user(Role.MUNICIPALITY_ADMIN), person, names)
    assert all(f.value is None and not f.readable for f in admin)


# Several municipalities, inactive memberships and users --------------------------------------


def test_two_municipalities_each_with_its_own_role(world):
    home, away = world.home, world.away
    user = User.objects.create_user(username="both", password="x" * 16)
    Membership.objects.create(
        user=user, role=Role.COUNSELLOR, municipality=home.municipality, window=home.window
    )
    Membership.objects.create(user=user, role=Role.SUPERVISOR, municipality=away.municipality)

    assert _visible(Case, user) == {home.case, away.case}
    assert _visible(Person, user) == {home.person, away.person}
    assert home.other_case not in _visible(Case, user)  # the supervisor scope stays in away
    assert can(user, Action.MERGE_PERSONS, away.municipality)
    assert not can(user, Action.MERGE_PERSONS, home.municipality)
    assert can(user, Action.VIEW_ACCESS_LOG, away.municipality)
    assert not can(user, Action.VIEW_ACCESS_LOG, home.municipality)
    assert readable_classes(user, home.municipality) == READABLE_CLASSES[Role.COUNSELLOR]

    # an agency role in away sees only what is referred to its organisation there
    other = User.objects.create_user(username="both2", password="x" * 16)
    Membership.objects.create(user=other, role=Role.SUPERVISOR, municipality=home.municipality)
    Membership.objects.create(
        user=other, role=Role.AGENCY_STAFF, municipality=away.municipality, organization=away.agency
    )
    assert _visible(Case, other) == {home.case, home.other_case}
    assert readable_classes(other, away.municipality) == {"P", "O"}


def test_inactive_membership_sees_nothing(world):
    sup = world.user(Role.SUPERVISOR)
    Membership.objects.filter(user=sup).update(is_active=False)
    fresh = User.objects.get(pk=sup.pk)
    for model in (Person, Case, CaseAccess):
        assert _visible(model, fresh) == set()
    assert not can(fresh, Action.VIEW_PERSON, world.home.municipality)
    assert readable_classes(fresh, world.home.municipality) == frozenset()


def test_inactive_user_sees_nothing(world):
    sup = world.user(Role.SUPERVISOR)
    sup.is_active = False
    sup.save()
    for model in (Person, Case, CaseAccess):
        assert _visible(model, sup) == set()
    assert not can(sup, Action.VIEW_PERSON, world.home.municipality)
