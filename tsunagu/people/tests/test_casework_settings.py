"""ケースワーク設定: who may change it, validation of every number, the audit entry."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.people.casework_settings import settings_for, update_casework_settings
from tsunagu.people.models import CaseworkSettings


def test_defaults_then_update_is_validated_and_audited(world):
    municipality = world.home.municipality
    assert settings_for([municipality.pk])[municipality.pk].no_contact_days == 30
    admin = world.user(Role.MUNICIPALITY_ADMIN)
    update_casework_settings(admin, municipality, no_contact_days="14", parent_age_threshold=75)
    stored = CaseworkSettings.for_municipality(municipality.pk)
    assert (stored.no_contact_days, stored.parent_age_threshold) == (14, 75)
    assert AuditEvent.objects.filter(
        object_type="people.caseworksettings", municipality_id=municipality.pk
    ).exists()
    with pytest.raises(ValidationError) as error:
        update_casework_settings(
            admin, municipality, no_contact_days="0", person_age_threshold="四十"
        )
    assert error.value.message_dict == {
        "no_contact_days": ["1以上で入力してください。"],
        "person_age_threshold": ["整数で入力してください。"],
    }
    for bad in ("", "366", "99999999999999999999999", "-1", "1.5"):
        with pytest.raises(ValidationError):
            update_casework_settings(admin, municipality, no_contact_days=bad)
    assert CaseworkSettings.for_municipality(municipality.pk).no_contact_days == 14
    update_casework_settings(world.user(Role.SUPERVISOR), municipality, no_contact_days=7)
    assert CaseworkSettings.for_municipality(municipality.pk).no_contact_days == 7


@pytest.mark.parametrize(
    "role", [Role.COUNSELLOR, Role.RECEPTION, Role.CONTRACTED_COUNSELLOR, Role.SYSTEM_ADMIN]
)
def test_others_may_not_change_it(world, role):
    with pytest.raises(PermissionDenied):
        update_casework_settings(world.user(role), world.home.municipality, no_contact_days=7)


def test_another_municipality_is_refused(world):
    with pytest.raises(PermissionDenied):
        update_casework_settings(
            world.away.users[Role.SUPERVISOR], world.home.municipality, no_contact_days=7
        )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MUNICIPALITY_ADMIN, 200),
        (Role.SUPERVISOR, 200),
        (Role.COUNSELLOR, 403),
        (Role.RECEPTION, 403),
        (Role.PUBLICITY, 403),
    ],
)
def test_settings_page_permissions(world, login, role, status):
    assert login(world.user(role)).get(reverse("casework-settings")).status_code == status


def test_settings_form_saves_and_shows_errors(world, login):
    client = login(world.user(Role.MUNICIPALITY_ADMIN))
    url = reverse("casework-settings")
    prefix = f"m{world.home.municipality.pk}"
    data = {
        "municipality": world.home.municipality.code,
        f"{prefix}-no_contact_days": "400",
        f"{prefix}-parent_age_threshold": "70",
        f"{prefix}-person_age_threshold": "40",
        f"{prefix}-require_living_together": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "365以下で入力してください。" in response.content.decode()
    data[f"{prefix}-no_contact_days"] = "21"
    response = client.post(url, data, follow=True)
    assert "ケースワーク設定を保存しました。" in response.content.decode()
    assert CaseworkSettings.for_municipality(world.home.municipality.pk).no_contact_days == 21
    # another municipality's code is refused
    data["municipality"] = world.away.municipality.code
    assert client.post(url, data).status_code == 403
