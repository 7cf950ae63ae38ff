"""Every write of personal data leaves an audit event naming fields, never their values."""

from __future__ import annotations

import contextlib
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from tsunagu.accounts.roles import Role
from tsunagu.audit.context import acting_as
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.people.models import AccessGrant, CaseAccess, Person
from tsunagu.tenancy.scoping import Sensitivity, TenantOwned

SECRET_TEXTS = ["要配慮メモ", "相談概要（要配慮）", "+81426000000", "引き継ぎの申し送り（要配慮）"]
IP = "198.51.100.23"


def serialized_log() -> str:
    rows = AuditEvent.objects.order_by("id")
    return serializers.serialize("json", rows, ensure_ascii=False) + "\n".join(
        e.canonical() for e in rows
    )


def assert_no_values_in_log() -> None:
    text = serialized_log()
    for secret in SECRET_TEXTS:
        assert secret not in text
        assert json.dumps(secret)[1:-1] not in text


def tenant_models() -> list[type[TenantOwned]]:
    return [m for m in apps.get_models() if issubclass(m, TenantOwned)]


def _change_one_field(obj: TenantOwned) -> str:
    """Change one field of obj (a sensitive text if there is one); returns its name."""
    model = type(obj)
    texts = [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField | models.CharField) and f.editable and not f.choices
    ]
    texts.sort(key=lambda f: model.SENSITIVITY.get(f.name) != Sensitivity.S)  # S first
    if texts:
        setattr(obj, texts[0].attname, "要配慮メモ（更新後の値）")
        return texts[0].name
    for f in model._meta.concrete_fields:  # e.g. a staff link: point it at another user
        if f.many_to_one and f.related_model is get_user_model() and f.editable:
            other = get_user_model().objects.create_user(username=f"audit_other_{obj.pk}")
            setattr(obj, f.attname, other.pk)
            return f.name
    raise AssertionError(f"{model.__name__}: no field the test knows how to change")


def _events_after(last_id: int, **filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=last_id, **filters).order_by("id"))


def _last_id() -> int:
    last = AuditEvent.objects.order_by("-id").first()
    return last.pk if last else 0


@pytest.fixture
def rich_world(world):
    """The world with a row of every kind of personal data, from the apps' test builders."""
    from tsunagu.testing.contacts import add_contacts
    from tsunagu.testing.intake import add_intakes
    from tsunagu.testing.people import add_history, add_merges

    for builder in (add_contacts, add_intakes, add_merges):
        builder(world)
    add_history(world.home.case, 1, user=world.user(Role.COUNSELLOR))
    return world


@pytest.mark.parametrize("label", [m._meta.label_lower for m in tenant_models()])
def test_create_update_delete_are_audited(rich_world, label):
    world = rich_world
    model = apps.get_model(label)
    home = world.home.municipality
    actor = world.user(Role.SUPERVISOR)
    sample = model.objects.in_municipality(home).order_by("pk").first()
    if sample is None:
        pytest.skip(f"the test world has no {label} row to copy")

    def events_for(start: int, pk) -> list[AuditEvent]:
        return _events_after(start, object_type=label, object_id=str(pk))

    def copy_of(obj):
        obj.pk = None
        obj.id = None
        obj._state.adding = True
        obj.save()
        return obj

    with acting_as(actor, ip_address=IP):
        # create: a copy of a world row (or, where the row is unique per parent — a one-to-one
        # like the search entry of a person — the row deleted and created again)
        start = _last_id()
        try:
            with transaction.atomic():
                obj = copy_of(model.objects.in_municipality(home).get(pk=sample.pk))
        except IntegrityError:
            sample_pk = sample.pk
            model.objects.in_municipality(home).get(pk=sample_pk).delete()
            assert [e.action for e in events_for(start, sample_pk)] == [AuditAction.DELETE]
            start = _last_id()
            obj = copy_of(sample)
        [created] = events_for(start, obj.pk)
        assert created.action == AuditAction.CREATE
        assert created.municipality_id == home.pk
        assert created.actor_id == actor.pk
        assert created.actor_username == actor.username
        assert created.actor_role == Role.SUPERVISOR
        assert created.ip_address == IP
        assert set(created.changed_fields) == {f.name for f in model._meta.concrete_fields}

        # update: one sensitive text field
        obj = model.objects.in_municipality(home).get(pk=obj.pk)
        field_name = _change_one_field(obj)
        start = _last_id()
        obj.save()
        [updated] = events_for(start, obj.pk)
        assert updated.action == AuditAction.UPDATE
        assert field_name in updated.changed_fields
        assert set(updated.changed_fields) <= {f.name for f in model._meta.concrete_fields}
        assert updated.municipality_id == home.pk
        assert updated.actor_id == actor.pk

        # saving again without a change writes nothing
        start = _last_id()
        obj.save()
        assert events_for(start, obj.pk) == []

        # delete
        start = _last_id()
        pk = obj.pk
        obj.delete()
        [deleted] = events_for(start, pk)
        assert deleted.action == AuditAction.DELETE
        assert deleted.municipality_id == home.pk
        assert deleted.actor_id == actor.pk

    assert_no_values_in_log()


def test_world_creation_is_audited_without_values(world):
    persons = AuditEvent.objects.filter(object_type="people.person", action=AuditAction.CREATE)
    assert {e.object_id for e in persons} >= {
        str(world.home.person.pk),
        str(world.away.person.pk),
    }
    for event in persons:
        assert "notes" in event.changed_fields
        assert "phone" in event.changed_fields
    assert_no_values_in_log()


def test_update_names_each_changed_field(world):
    person = Person.objects.in_municipality(world.home.municipality).get(pk=world.home.person.pk)
    start = _last_id()
    with acting_as(world.user(Role.COUNSELLOR), ip_address=IP):
        person.notes = "要配慮メモ：新しい内容"
        person.phone = "+81426111111"
        person.family_name = "山本"
        person.save()
    [event] = _events_after(start)
    # name_key is derived from the name at save time, and changes with it
    assert event.changed_fields == ["family_name", "name_key", "notes", "phone"]
    assert event.actor_role == Role.COUNSELLOR
    text = serialized_log()
    assert "山本" not in text and "新しい内容" not in text and "+81426111111" not in text


def test_cascade_delete_is_audited(world):
    """Deleting a case deletes its handoffs, referrals and grants: each gets its own event."""
    case = world.home.case
    access_ids = {
        str(pk)
        for pk in CaseAccess.objects.in_municipality(world.home.municipality)
        .filter(case=case)
        .values_list("pk", flat=True)
    }
    grant_ids = {
        str(pk)
        for pk in AccessGrant.objects.in_municipality(world.home.municipality)
        .filter(case=case)
        .values_list("pk", flat=True)
    }
    assert len(access_ids) == 2 and len(grant_ids) == 2
    start = _last_id()
    case_pk = case.pk
    with acting_as(world.user(Role.SUPERVISOR)):
        case.delete()
    events = _events_after(start, action=AuditAction.DELETE)
    assert {(e.object_type, e.object_id) for e in events} == {
        ("people.case", str(case_pk)),
        *(("people.caseaccess", pk) for pk in access_ids),
        *(("people.accessgrant", pk) for pk in grant_ids),
    }


def test_events_without_request_or_actor(world):
    """System work (no request, no acting_as) is logged with no actor rather than skipped."""
    start = _last_id()
    Person.objects.create(municipality=world.home.municipality, family_name="システム")
    [event] = _events_after(start)
    assert event.actor_id is None and event.actor_username == "" and event.ip_address == ""


def test_an_entry_inside_a_transaction_takes_no_savepoint_and_fails_it_whole(world):
    """Fewer round trips while the chain is locked; an entry that cannot be written takes the
    write it records down with it (no half-audited change)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tsunagu.audit.log import record

    home = world.home.municipality
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        record(AuditAction.VIEW, object_type="people.person", object_id=1, municipality_id=home.pk)
    assert not [q for q in ctx.captured_queries if "SAVEPOINT" in q["sql"].upper()]

    start = _last_id()
    with transaction.atomic():
        Person.objects.create(municipality=home, family_name="記録できない")
        with contextlib.suppress(ValidationError):  # a caller swallowing the failure
            record(AuditAction.VIEW, object_type="x", municipality_id=home.pk, object_id="1" * 99)
    assert _events_after(start) == []
    assert not Person.objects.in_municipality(home).filter(family_name="記録できない").exists()
