"""Queries compiled once per connection (tsunagu.core.fixed_query): the same rows, related
objects and annotations as the queryset, one statement, and a refusal of shapes that depend
on their values."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tsunagu.accounts.models import ApiToken, Membership, User
from tsunagu.core import clock
from tsunagu.core.fixed_query import FixedQuery, FixedQueryError

pytestmark = pytest.mark.django_db


def _memberships(user_id: int) -> models.QuerySet:
    enrolled = Authenticator.objects.filter(user_id=models.OuterRef("user_id"))
    return (
        Membership.objects.filter(user_id=user_id, is_active=True)
        .select_related("municipality", "organization", "window")
        .annotate(has_authenticator=models.Exists(enrolled))
        .order_by("pk")
    )


MEMBERSHIPS = FixedQuery(_memberships, user_id=int)


def test_gives_what_the_queryset_gives_with_related_rows_and_annotations(world):
    for user in User.objects.filter(memberships__isnull=False).distinct():
        expected = list(_memberships(user.pk))
        with CaptureQueriesContext(connection) as ctx:
            got = MEMBERSHIPS.fetch(user_id=user.pk)
            again = MEMBERSHIPS.fetch(user_id=user.pk)
        assert len(ctx.captured_queries) == 2  # one statement each, nothing else
        assert got == expected == again
        with CaptureQueriesContext(connection) as ctx:
            for ours, theirs in zip(got, expected, strict=True):
                assert ours.has_authenticator == theirs.has_authenticator
                assert ours.municipality == theirs.municipality  # from the join, no query
                assert ours.window == theirs.window
                assert ours.organization == theirs.organization
                assert ours.created_at == theirs.created_at  # the backend's converters
        assert not ctx.captured_queries


def test_values_are_parameters_not_text(world):
    query = FixedQuery(
        lambda username: User.objects.filter(username=username).order_by("pk"), username=str
    )
    assert query.fetch(username="x' OR '1'='1") == []
    user = User.objects.order_by("pk").first()
    assert query.fetch(username=user.username) == [user]


def test_no_row_gives_an_empty_list(world):
    assert MEMBERSHIPS.fetch(user_id=0) == []


def test_a_value_used_twice_goes_to_both_places(world):
    def build(pk: int) -> models.QuerySet:
        return User.objects.filter(pk=pk).exclude(groups__id=pk).order_by("pk")

    twice = FixedQuery(build, pk=int)
    for user in User.objects.order_by("pk")[:3]:
        assert twice.fetch(pk=user.pk) == list(build(user.pk))


def test_a_transformed_value_is_refused():
    as_text = FixedQuery(lambda pk: User.objects.filter(last_name=pk), pk=int)
    with pytest.raises(FixedQueryError):
        as_text.fetch(pk=1)
    transformed = FixedQuery(lambda name: ApiToken.objects.filter(name__icontains=name), name=str)
    with pytest.raises(FixedQueryError):
        transformed.fetch(name="a")
    with pytest.raises(FixedQueryError):
        FixedQuery(lambda when: User.objects.filter(last_login=when), when=float)


def test_asks_for_exactly_its_values():
    with pytest.raises(TypeError):
        MEMBERSHIPS.fetch(user=1)


def test_values_list_rows_are_tuples(world):
    def build(user_id: int) -> models.QuerySet:
        return (
            Membership.objects.filter(user_id=user_id)
            .order_by("pk")
            .values_list("pk", "municipality__name", "created_at")
        )

    query = FixedQuery(build, user_id=int)
    for user in User.objects.filter(memberships__isnull=False).distinct():
        assert query.fetch(user_id=user.pk) == list(build(user.pk))
    with pytest.raises(FixedQueryError):
        FixedQuery(lambda pk: User.objects.filter(pk=pk).values("pk"), pk=int).fetch(pk=1)


def test_each_key_keeps_its_own_plan(world):
    """The shape may depend on what the key names (here: a role), never on the values."""

    def build(role: str, user_id: int) -> models.QuerySet:
        return Membership.objects.filter(user_id=user_id, role=role).order_by("pk")

    query = FixedQuery(build, user_id=int)
    for m in Membership.objects.order_by("pk")[:6]:
        got = query.fetch(key=(m.role,), args=(m.role,), user_id=m.user_id)
        assert got == list(build(m.role, m.user_id))


def test_the_clock_is_the_time_of_each_run(world, time_machine):
    """A time from core.clock is filled in when the query runs, not when it was built."""
    user = User.objects.order_by("pk").first()
    user.last_login = timezone.now() + datetime.timedelta(hours=1)
    user.save(update_fields=["last_login"])
    query = FixedQuery(lambda pk: User.objects.filter(pk=pk, last_login__gt=clock.now()), pk=int)
    assert query.fetch(pk=user.pk) == [user]  # built and run an hour before
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    assert query.fetch(pk=user.pk) == []  # the same plan, run later


def test_a_time_baked_into_the_sql_is_refused(world):
    query = FixedQuery(lambda pk: User.objects.filter(pk=pk, last_login__lt=timezone.now()), pk=int)
    with pytest.raises(FixedQueryError, match="time"):
        query.fetch(pk=1)


def test_a_build_that_reads_the_database_is_refused(world):
    def build(pk: int) -> models.QuerySet:
        first = User.objects.order_by("pk").first()  # read once, kept for ever: refused
        return User.objects.filter(pk=pk, username=first.username)

    with pytest.raises(FixedQueryError, match="read the database"):
        FixedQuery(build, pk=int).fetch(pk=1)


def test_a_build_of_none_is_no_query(world):
    query = FixedQuery(lambda pk: None, pk=int)
    with CaptureQueriesContext(connection) as ctx:
        assert query.fetch(pk=1) == []
    assert not ctx.captured_queries


def test_a_scope_that_reaches_nothing_is_no_query(world):
    query = FixedQuery(lambda pk: User.objects.filter(pk=pk, groups__in=[]), pk=int)
    with CaptureQueriesContext(connection) as ctx:
        assert query.fetch(pk=1) == []
    assert not ctx.captured_queries


def test_an_empty_plan_that_the_values_made_empty_is_refused():
    """Django drops a condition it knows is never true (a negative id for a positive column)
    and sends no query: kept, that plan would answer nothing for every value."""

    def build(pk: int) -> models.QuerySet:
        return User.objects.none() if pk > 1_000_000 else User.objects.filter(pk=pk)

    with pytest.raises(FixedQueryError, match="shape depends"):
        FixedQuery(build, pk=int).fetch(pk=1)


def test_a_value_the_build_computes_with_is_refused():
    query = FixedQuery(lambda pk: User.objects.filter(pk=pk + 1), pk=int)
    with pytest.raises(FixedQueryError, match="shape depends"):
        query.fetch(pk=1)


def test_a_value_this_shape_does_not_use_is_allowed(world):
    """A value one key's shape uses and another's does not (a source the user cannot see)."""

    def build(with_name: bool, pk: int, username: str) -> models.QuerySet:
        rows = User.objects.filter(pk=pk).order_by("pk")
        return rows.filter(username=username) if with_name else rows

    query = FixedQuery(build, pk=int, username=str)
    user = User.objects.order_by("pk").first()
    assert query.fetch(key=(False,), args=(False,), pk=user.pk, username="x") == [user]
    assert query.fetch(key=(True,), args=(True,), pk=user.pk, username="x") == []
