"""Recording, changing and withdrawing consents through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.roles import Role
from tsunagu.consent.models import Category, Consent, ConsentOrganization
from tsunagu.consent.services import change_consent, record_consent, withdraw_consent

from .helpers import consent_for

pytestmark = pytest.mark.django_db


def test_a_recorded_consent_holds_its_scope(world):
    consent = consent_for(world, given_by="legal_representative", given_by_name="母 山田花子")
    assert consent.person_id == world.home.person.pk
    assert consent.municipality_id == world.home.municipality.pk
    assert consent.categories == [Category.BASIC, Category.CONTACTS]
    orgs = ConsentOrganization.objects.unscoped("test").filter(consent=consent)
    assert [o.organization_id for o in orgs] == [world.home.agency.pk]
    assert consent.status_label() == "有効"


def test_a_given_consent_is_never_edited(world):
    consent = consent_for(world)
    consent.purpose = "書き換え"
    with pytest.raises(ValidationError):
        consent.save()
    fresh = Consent.objects.unscoped("test").get(pk=consent.pk)
    fresh.expires_on = datetime.date(2030, 1, 1)
    with pytest.raises(ValidationError):
        fresh.save()


def test_a_change_is_a_new_record_and_the_old_one_stays(world):
    old = consent_for(world)
    new = change_consent(
        world.user(Role.SUPERVISOR),
        old,
        given_by="person",
        organizations=[world.home.contractor.pk],
        categories=["basic"],
        purpose="提供先の変更",
        given_on="令和8年5月1日",
        form="electronic",
    )
    assert new.pk != old.pk and new.supersedes_id == old.pk
    assert new.given_on == datetime.date(2026, 5, 1)
    old = Consent.objects.unscoped("test").get(pk=old.pk)
    assert old.purpose == "就労支援機関へのおつなぎのため"
    assert old.status_label() == "変更済み"
    with pytest.raises(ValidationError, match="すでに変更"):
        change_consent(world.user(Role.COUNSELLOR), old, **_valid_fields(world))


def _valid_fields(world):
    return {
        "given_by": "person",
        "organizations": [world.home.agency.pk],
        "categories": ["basic"],
        "purpose": "目的",
        "given_on": "2026-04-10",
        "form": "oral",
    }


def test_withdrawal_records_who_when_and_why(world):
    consent = consent_for(world)
    counsellor = world.user(Role.COUNSELLOR)
    with pytest.raises(ValidationError) as caught:
        withdraw_consent(counsellor, consent, reason="")
    assert "withdrawal_reason" in caught.value.message_dict
    done = withdraw_consent(counsellor, consent, reason="本人から電話で撤回の申し出")
    assert done.withdrawn_by == counsellor and done.withdrawn_at is not None
    assert done.status_label() == "撤回"
    with pytest.raises(ValidationError, match="すでに撤回"):
        withdraw_consent(counsellor, consent, reason="二度目")
    with pytest.raises(ValidationError, match="撤回された同意は変更できません"):
        change_consent(counsellor, consent, **_valid_fields(world))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.COUNSELLOR, True),
        (Role.SUPERVISOR, True),
        (Role.CONTRACTED_COUNSELLOR, True),
        (Role.RECEPTION, False),
        (Role.AGENCY_STAFF, False),
        (Role.WELFARE_COMMISSIONER, False),
        (Role.MUNICIPALITY_ADMIN, False),
        (Role.SYSTEM_ADMIN, False),
    ],
)
def test_who_may_record_a_consent(world, role, allowed):
    run = lambda: record_consent(world.user(role), world.home.case, **_valid_fields(world))  # noqa: E731
    if allowed:
        assert run().pk
    else:
        with pytest.raises(PermissionDenied):
            run()


def test_the_counsellor_of_another_window_and_the_away_supervisor_may_not(world):
    fields = _valid_fields(world)
    with pytest.raises(PermissionDenied):
        record_consent(world.user(Role.COUNSELLOR), world.home.other_case, **fields)
    with pytest.raises(PermissionDenied):
        record_consent(world.away.users[Role.SUPERVISOR], world.home.case, **fields)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_by": "neighbour"}, "given_by"),
        ({"given_by": "family_only", "given_by_name": ""}, "given_by_name"),
        ({"organizations": []}, "organizations"),
        ({"organizations": ["abc"]}, "organizations"),
        ({"organizations": [10**30]}, "organizations"),
        ({"organizations": ["__away__"]}, "organizations"),
        ({"categories": []}, "categories"),
        ({"categories": "basic"}, "categories"),
        ({"categories": ["all"]}, "categories"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "目的\x00"}, "purpose"),
        ({"purpose": "長" * 20000}, "purpose"),
        ({"given_on": ""}, "given_on"),
        ({"given_on": "2026-13-40"}, "given_on"),
        ({"given_on": "2999-01-01"}, "given_on"),
        ({"given_on": "1850-01-01"}, "given_on"),
        ({"form": "telepathy"}, "form"),
        ({"expires_on": "2026-04-01"}, "expires_on"),
        ({"expires_on": "明日"}, "expires_on"),
    ],
)
def test_hostile_input_is_refused_by_field(world, changes, field):
    fields = {**_valid_fields(world), **changes}
    if fields.get("organizations") == ["__away__"]:
        fields["organizations"] = [world.away.agency.pk]
    with pytest.raises(ValidationError) as caught:
        record_consent(world.user(Role.COUNSELLOR), world.home.case, **fields)
    assert field in caught.value.message_dict
    assert not Consent.objects.unscoped("test").exists()
