import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.imports.models import Kind
from tsunagu.imports.services import save_mapping
from tsunagu.testing.imports import CONTACT_COLUMNS, PERSON_COLUMNS


@pytest.fixture
def supervisor(world):
    return world.user(Role.SUPERVISOR)


@pytest.fixture
def person_mapping(world, supervisor):
    return save_mapping(
        supervisor, world.home.municipality, name="kintone 相談台帳", kind=Kind.PERSONS,
        columns=PERSON_COLUMNS,
    )  # fmt: skip


@pytest.fixture
def contact_mapping(world, supervisor):
    return save_mapping(
        supervisor, world.home.municipality, name="kintone 相談台帳", kind=Kind.CONTACTS,
        columns=CONTACT_COLUMNS,
    )  # fmt: skip


@pytest.fixture
def login():
    def _login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login
