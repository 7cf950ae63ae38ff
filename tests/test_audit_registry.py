"""Configuration changes are audited through one registry (tsunagu.audit.registry), not by hand
in each service: forms and their publishing, routing rules, staff accounts and memberships,
tokens, windows, organisations, casework settings. Field names only, never values."""

from __future__ import annotations

import pytest
from django.test import Client

from tsunagu.accounts.models import Membership
from tsunagu.accounts.role_settings import set_role_options
from tsunagu.accounts.role_tables import OPTIONAL_ACTIONS
from tsunagu.accounts.roles import Role
from tsunagu.audit.context import acting_as
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.audit.registry import register, registered_models
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.models import FormVersion
from tsunagu.people.models import Person
from tsunagu.routing.models import RoutingRule
from tsunagu.testing.routing_concerns import login


def _last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _events_since(start: int, label: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=start, object_type=label).order_by("id"))


def _log_text() -> str:
    return "\n".join(e.canonical() for e in AuditEvent.objects.all())


@pytest.fixture
def admin(client: Client, settings, world) -> Client:
    return login(client, settings, world.user(Role.MUNICIPALITY_ADMIN))


def test_configuration_models_are_registered():
    labels = {m._meta.label_lower for m in registered_models()}
    assert labels >= {
        "accounts.user",
        "accounts.membership",
        "accounts.apitoken",
        "accounts.roleconfiguration",
        "tenancy.window",
        "tenancy.organization",
        "tenancy.openinghours",
        "tenancy.openingexception",
        "intake.formdefinition",
        "intake.formversion",
        "routing.routingrule",
        "people.caseworksettings",
    }
    with pytest.raises(ValueError, match="personal data"):
        register(Person)


def test_form_edits_and_publishing_are_audited(admin, world):
    home = world.home.municipality
    published = install_default_sheet(home).published_version()
    start = _last_id()
    admin.post(f"/staff/intake/forms/{published.definition_id}/draft/")
    draft = FormVersion.objects.get(definition_id=published.definition_id, number=2)
    admin.post(
        f"/staff/intake/versions/{draft.pk}/fields/new/?section=person",
        {"label": "ペットの種類", "type": "text", "sensitivity": "P"},
    )
    confirm = admin.get(f"/staff/intake/versions/{draft.pk}/publish/").context["token"]
    admin.post(f"/staff/intake/versions/{draft.pk}/publish/", {"confirm": confirm})
    events = _events_since(start, "intake.formversion")
    assert [(e.action, e.object_id) for e in events] == [
        (AuditAction.CREATE, str(draft.pk)),
        (AuditAction.UPDATE, str(draft.pk)),
        (AuditAction.UPDATE, str(draft.pk)),
    ]
    assert events[1].changed_fields == ["schema"]
    assert events[2].changed_fields == ["published_at", "published_by", "status"]
    actor = world.user(Role.MUNICIPALITY_ADMIN)
    assert {(e.municipality_id, e.actor_id) for e in events} == {(home.pk, actor.pk)}
    assert "ペットの種類" not in _log_text()


def test_routing_rule_create_edit_delete_are_audited(admin, world):
    home = world.home.municipality
    start = _last_id()
    admin.post(
        f"/staff/routing/{home.code}/new/",
        {
            "priority": "15",
            "window": str(world.home.window.pk),
            "note": "若者向けの案内",
            "is_active": "on",
        },
    )
    rule = RoutingRule.objects.get(note="若者向けの案内")
    admin.post(
        f"/staff/routing/rules/{rule.pk}/edit/",
        {"priority": "99", "window": str(world.home.window.pk), "note": "変更後の案内"},
    )
    admin.post(f"/staff/routing/rules/{rule.pk}/delete/")
    events = _events_since(start, "routing.routingrule")
    assert [e.action for e in events] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
    ]
    assert {f.name for f in RoutingRule._meta.concrete_fields} == set(events[0].changed_fields)
    assert events[1].changed_fields == ["is_active", "note", "priority"]
    actor = world.user(Role.MUNICIPALITY_ADMIN)
    assert {(e.object_id, e.municipality_id, e.actor_id) for e in events} == {
        (str(rule.pk), home.pk, actor.pk)
    }
    assert "若者向けの案内" not in _log_text() and "変更後の案内" not in _log_text()


def test_memberships_and_accounts_are_audited(world):
    home = world.home.municipality
    sysadmin = world.user(Role.SYSTEM_ADMIN)
    target = world.user(Role.RECEPTION)
    start = _last_id()
    with acting_as(sysadmin, ip_address="198.51.100.7"):
        membership = Membership.objects.create(
            user=target, municipality=home, role=Role.COUNSELLOR, window=world.home.window
        )
        membership.is_active = False
        membership.save()
        membership.save()  # nothing changed: nothing written
        target.display_name = "新しい表示名"
        target.save()
        target.last_login = membership.created_at
        target.save(update_fields=["last_login"])  # bookkeeping: not worth an entry
    [created, deactivated] = _events_since(start, "accounts.membership")
    assert created.action == AuditAction.CREATE and "role" in created.changed_fields
    assert deactivated.changed_fields == ["is_active"]
    assert {created.municipality_id, deactivated.municipality_id} == {home.pk}
    assert (created.actor_id, created.ip_address) == (sysadmin.pk, "198.51.100.7")
    [renamed] = _events_since(start, "accounts.user")
    assert renamed.changed_fields == ["display_name"] and renamed.municipality_id is None
    assert "新しい表示名" not in _log_text()


def test_role_settings_are_audited(world):
    home = world.home.municipality
    admin = world.user(Role.MUNICIPALITY_ADMIN)
    role, actions = next(iter(OPTIONAL_ACTIONS.items()))
    start = _last_id()
    with acting_as(admin):
        set_role_options(admin, home, role, sorted(actions))
        set_role_options(admin, home, role, [])
    events = _events_since(start, "accounts.roleconfiguration")
    # created empty, then switched on; then switched off
    assert [e.action for e in events] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.UPDATE,
    ]
    assert events[1].changed_fields == events[2].changed_fields == ["extra_actions"]
    assert {(e.municipality_id, e.actor_id) for e in events} == {(home.pk, admin.pk)}
