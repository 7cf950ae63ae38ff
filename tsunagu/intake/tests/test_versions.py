"""Form versions: drafts copy the published schema, publishing freezes them for good."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.roles import Role
from tsunagu.intake import form_services
from tsunagu.intake.display import render_answers
from tsunagu.intake.form_services import default_version, install_default_sheets
from tsunagu.intake.models import FormDefinition, FormVersion, PublishedVersionError
from tsunagu.testing.intake import take_intake


def admin(world):
    return world.user(Role.MUNICIPALITY_ADMIN)


def publish(actor, draft):
    """Publish as the editor does: after the confirmation step showed the difference."""
    token = form_services.publish_preview(actor, draft).token
    return form_services.publish_version(actor, draft, confirm=token)


def test_install_default_sheets_is_idempotent(world):
    assert install_default_sheets() == 2
    assert install_default_sheets() == 0
    version = default_version(world.home.municipality)
    assert version.number == 1 and version.is_published
    assert version.definition.name == "ひきこもり相談受付票"
    assert FormDefinition.objects.filter(is_default=True).count() == 2


def test_published_version_cannot_be_saved_or_deleted(sheet):
    sheet.schema["sections"][0]["title"] = "改ざん"
    with pytest.raises(PublishedVersionError):
        sheet.save()
    with pytest.raises(PublishedVersionError):
        sheet.delete()
    sheet.refresh_from_db()
    assert sheet.schema["sections"][0]["title"] == "A. 受付"


def test_services_refuse_published_versions(world, sheet):
    with pytest.raises(ValidationError):
        form_services.update_draft_schema(admin(world), sheet, copy.deepcopy(sheet.schema))
    with pytest.raises(ValidationError):
        form_services.publish_version(admin(world), sheet, confirm="x")
    with pytest.raises(ValidationError):
        form_services.delete_field(admin(world), sheet, "referrer")


def test_only_form_managers_edit(world, sheet):
    for role in (Role.RECEPTION, Role.SUPERVISOR, Role.SYSTEM_ADMIN):
        with pytest.raises(PermissionDenied):
            form_services.create_draft(world.user(role), sheet.definition)
    away_admin_side = world.away.users.get(Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        form_services.create_draft(away_admin_side, sheet.definition)


def test_draft_copies_latest_published_and_publish_makes_it_current(world, sheet):
    draft = form_services.create_draft(admin(world), sheet.definition)
    assert draft.number == 2 and draft.status == FormVersion.Status.DRAFT
    assert draft.schema == sheet.schema
    assert form_services.create_draft(admin(world), sheet.definition) == draft  # one draft
    field = {
        "key": "pets",
        "label": "ペット",
        "type": "text",
        "sensitivity": "P",
        "help": "ペットはいますか？",
    }
    form_services.save_field(admin(world), draft, field, section_key="person")
    form_services.move_field(admin(world), draft, "pets", -1)
    fields = next(s for s in draft.schema["sections"] if s["key"] == "person")["fields"]
    assert [f["key"] for f in fields][-2:] == ["pets", "can_meet"]
    with pytest.raises(ValidationError):  # an invalid edit leaves the draft as it was
        form_services.save_field(
            admin(world), draft, {**field, "type": "group"}, original_key="pets"
        )
    form_services.save_field(
        admin(world), draft, {**field, "label": "ペットの有無"}, original_key="pets"
    )
    form_services.delete_field(admin(world), draft, "referrer")
    assert default_version(world.home.municipality) == sheet
    publish(admin(world), draft)
    assert default_version(world.home.municipality) == draft
    draft.refresh_from_db()
    assert draft.published_by == admin(world)
    with pytest.raises(PublishedVersionError):
        draft.save()


def test_an_intake_always_displays_with_its_own_version(world, sheet):
    intake = take_intake(world.user(Role.RECEPTION), world.home)
    draft = form_services.create_draft(admin(world), sheet.definition)
    channel = copy.deepcopy(
        next(f for f in draft.schema["sections"][0]["fields"] if f["key"] == "channel")
    )
    channel["label"] = "相談の方法"
    channel["choices"][0]["label"] = "お電話"
    form_services.save_field(admin(world), draft, channel, original_key="channel")
    publish(admin(world), draft)

    intake.refresh_from_db()
    assert intake.form_version == sheet
    rows = {
        r.key: r
        for s in render_answers(intake.form_version.schema, intake.answers, {"S", "P", "O"})
        for r in s.rows
    }
    assert (rows["channel"].label, rows["channel"].text) == ("受付方法", "電話")
    newer = take_intake(world.user(Role.RECEPTION), world.home)
    assert newer.form_version == draft
    rows = {
        r.key: r
        for s in render_answers(newer.form_version.schema, newer.answers, {"S", "P", "O"})
        for r in s.rows
    }
    assert (rows["channel"].label, rows["channel"].text) == ("相談の方法", "お電話")


def test_the_demo_has_the_default_sheet(db):
    import datetime

    from tsunagu.demo.loader import load_demo
    from tsunagu.tenancy.models import Municipality

    load_demo(today=datetime.date(2026, 11, 26))
    municipalities = list(Municipality.objects.all())
    assert len(municipalities) == 5
    assert all(default_version(m).number == 1 for m in municipalities)
    load_demo(today=datetime.date(2026, 11, 26))
    assert FormVersion.objects.count() == 5
