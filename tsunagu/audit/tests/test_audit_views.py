"""Viewing a record (page or API) is logged with user, role and address; supervisors see who."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from tsunagu.accounts.mfa import has_mfa
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.api import issue_test_token

ACCESS_LOG_HEADING = "この記録を閲覧した職員"


def staff_client(user, ip: str = "127.0.0.1") -> Client:
    """A logged-in client; the user has a real TOTP authenticator (RequireMFAMiddleware)."""
    if not has_mfa(user):
        TOTP.activate(user, generate_totp_secret())
    client = Client(REMOTE_ADDR=ip)
    client.force_login(user)
    return client


def view_events(obj) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=AuditAction.VIEW, object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("id")
    )


@pytest.mark.parametrize("which", ["person", "case"])
def test_page_view_is_logged(world, which):
    obj = getattr(world.home, which)
    counsellor = world.user(Role.COUNSELLOR)
    client = staff_client(counsellor, ip="203.0.113.9")
    response = client.get(reverse(f"{which}-detail", args=[obj.pk]))
    assert response.status_code == 200
    [event] = view_events(obj)
    assert event.actor_id == counsellor.pk
    assert event.actor_username == counsellor.username
    assert event.actor_role == Role.COUNSELLOR
    assert event.ip_address == "203.0.113.9"
    assert event.municipality_id == world.home.municipality.pk
    assert event.request_id


def test_refused_view_is_not_logged_as_a_view(world):
    client = staff_client(world.user(Role.COUNSELLOR))
    for obj in (world.away.person, world.home.other_person):
        response = client.get(reverse("person-detail", args=[obj.pk]))
        assert response.status_code == 404
        assert view_events(obj) == []


def test_supervisor_sees_who_viewed_the_record(world):
    person = world.home.person
    counsellor = world.user(Role.COUNSELLOR)
    staff_client(counsellor, ip="203.0.113.9").get(reverse("person-detail", args=[person.pk]))

    supervisor = world.user(Role.SUPERVISOR)
    page = staff_client(supervisor, ip="192.0.2.44").get(reverse("person-detail", args=[person.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert ACCESS_LOG_HEADING in text
    assert counsellor.username in text
    assert "203.0.113.9" in text
    assert "相談員" in text or Role.COUNSELLOR in text  # the role of the viewer
    # the supervisor's own view (logged before the page is drawn) is listed too
    assert supervisor.username in text

    case_page = staff_client(supervisor).get(reverse("case-detail", args=[world.home.case.pk]))
    assert ACCESS_LOG_HEADING in case_page.content.decode()


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.RECEPTION, Role.CONTRACTED_COUNSELLOR])
def test_other_roles_do_not_see_who_viewed(world, role):
    staff_client(world.user(Role.SUPERVISOR), ip="192.0.2.44").get(
        reverse("case-detail", args=[world.home.case.pk])
    )
    client = staff_client(world.user(role))
    for url in (
        reverse("case-detail", args=[world.home.case.pk]),
        reverse("person-detail", args=[world.home.person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert ACCESS_LOG_HEADING not in text
        assert "192.0.2.44" not in text


@pytest.mark.parametrize("which", ["person", "case"])
def test_api_view_is_logged_like_a_page_view(world, which):
    obj = getattr(world.home, which)
    counsellor = world.user(Role.COUNSELLOR)

    page = staff_client(counsellor, ip="203.0.113.9").get(reverse(f"{which}-detail", args=[obj.pk]))
    assert page.status_code == 200
    _, raw = issue_test_token(counsellor, name="test")
    api = Client(REMOTE_ADDR="203.0.113.9").get(
        f"/api/v1/{which}s/{obj.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert api.status_code == 200
    page_event, api_event = view_events(obj)

    def shape(e: AuditEvent) -> dict:
        return {
            k: getattr(e, k)
            for k in (
                "actor_id",
                "actor_username",
                "actor_role",
                "municipality_id",
                "ip_address",
                "action",
                "object_type",
                "object_id",
                "changed_fields",
            )
        }

    assert shape(api_event) == shape(page_event)
    assert api_event.request_id and api_event.request_id != page_event.request_id


def test_api_refusal_is_not_a_view(world):
    _, raw = issue_test_token(world.user(Role.COUNSELLOR))
    response = Client().get(
        f"/api/v1/persons/{world.away.person.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 404
    assert view_events(world.away.person) == []
