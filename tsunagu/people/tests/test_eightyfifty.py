import datetime

from hypothesis import given
from hypothesis import strategies as st

from tsunagu.accounts.roles import Role
from tsunagu.people.eightyfifty import MemberFacts, Thresholds, is_8050
from tsunagu.people.models import CaseworkSettings, Relation
from tsunagu.people.queries import households_of
from tsunagu.testing.people import make_household, parents_8050

ages = st.integers(min_value=0, max_value=120)
thresholds = st.builds(
    Thresholds,
    parent_age=st.integers(min_value=40, max_value=100),
    person_age=st.integers(min_value=15, max_value=70),
    require_living_together=st.booleans(),
)


@given(thresholds, st.integers(-3, 3), st.integers(-3, 3))
def test_boundaries_are_inclusive(t, person_offset, parent_offset):
    person_age = t.person_age + person_offset
    parent_age = t.parent_age + parent_offset
    members = [MemberFacts(Relation.MOTHER, parent_age, True)]
    assert is_8050(person_age, members, t) == (person_offset >= 0 and parent_offset >= 0)


@given(thresholds, ages, ages, st.sampled_from(list(Relation)))
def test_only_parents_count(t, person_age, member_age, relation):
    result = is_8050(person_age, [MemberFacts(relation, member_age, True)], t)
    if relation not in (Relation.MOTHER, Relation.FATHER):
        assert result is False
    else:
        assert result == (person_age >= t.person_age and member_age >= t.parent_age)


@given(thresholds, ages, ages)
def test_living_apart_counts_only_when_configured(t, person_age, parent_age):
    members = [MemberFacts(Relation.FATHER, parent_age, living_together=False)]
    expected = (
        not t.require_living_together and person_age >= t.person_age and parent_age >= t.parent_age
    )
    assert is_8050(person_age, members, t) == expected


@given(thresholds, st.one_of(st.none(), ages))
def test_unknown_ages_never_raise_the_flag(t, person_age):
    assert is_8050(None, [MemberFacts(Relation.MOTHER, 99)], t) is False
    assert is_8050(person_age, [MemberFacts(Relation.MOTHER, None)], t) is False
    assert is_8050(person_age, [], t) is False


def test_household_flag_uses_municipality_thresholds(world):
    person = world.home.person  # born 1985-04-01
    today = datetime.date(2026, 6, 1)
    make_household(person, parents_8050(mother_age=72, father_age=74, as_of=today))
    user = world.user(Role.COUNSELLOR)
    assert [h.is_8050 for h in households_of(user, person, today)] == [True]
    CaseworkSettings.objects.create(municipality=world.home.municipality, parent_age_threshold=75)
    assert [h.is_8050 for h in households_of(user, person, today)] == [False]
    # recorded ages grow with time
    assert [h.is_8050 for h in households_of(user, person, datetime.date(2028, 6, 1))] == [True]
