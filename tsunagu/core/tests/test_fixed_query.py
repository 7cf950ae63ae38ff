"""Queries compiled once per connection (tsunagu.core.fixed_query): the same rows, related
objects and annotations as the queryset, one statement, and a refusal of shapes that depend
on their values."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from tsunagu.accounts.models import ApiToken, Membership, User
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


def test_a_value_used_twice_or_transformed_is_refused():
    twice = FixedQuery(lambda pk: User.objects.filter(pk=pk).exclude(groups__id=pk), pk=int)
    with pytest.raises(FixedQueryError):
        twice.fetch(pk=1)
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
