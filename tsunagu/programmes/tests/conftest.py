from __future__ import annotations

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tsunagu.accounts.mfa import has_mfa
from tsunagu.programmes.models import Audience, Kind, Programme, Session
from tsunagu.programmes.schedules import TOKYO

PAST = datetime.datetime(2026, 4, 1, 13, 30, tzinfo=TOKYO)


@pytest.fixture
def login():
    """login(user) → a Client logged in as user."""

    def _login(user) -> Client:
        if not has_mfa(user):
            TOTP.activate(user, generate_totp_secret())
        client = Client()
        client.force_login(user)
        return client

    return _login


def make_programme(side, slug="group", *, organization=None, **kw) -> Programme:
    values = {
        "municipality": side.municipality,
        "slug": slug,
        "name": f"プログラム {slug}",
        "kind": Kind.PERSONS_GROUP,
        "audience": Audience.PERSON,
        "place": "会議室",
        "capacity": 2,
        "is_published": True,
    }
    if organization is None:
        values["window"] = side.window
    else:
        values["organization"] = organization
        values["kind"] = Kind.FAMILY_ASSOCIATION
        values["audience"] = Audience.ANYONE
    values.update(kw)
    return Programme.objects.create(**values)


def make_session(programme, start=PAST, **kw) -> Session:
    return Session.objects.create(
        programme=programme,
        municipality=programme.municipality,
        occurrence_date=start.date(),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        is_extra=True,
        **kw,
    )


@pytest.fixture
def group(world) -> Programme:
    """A window-run persons' group at home (capacity 2)."""
    return make_programme(world.home)


@pytest.fixture
def org_programme(world) -> Programme:
    """The agency organisation's own programme (the world's publicity account belongs there)."""
    return make_programme(world.home, "assoc", organization=world.home.agency, capacity=None)


@pytest.fixture
def away_group(world) -> Programme:
    return make_programme(world.away, "away-group")
