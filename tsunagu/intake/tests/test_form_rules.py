"""The safe form editor: core fields cannot be deleted or retyped (one rule in the service,
seen on the pages too), keys are generated from labels, and publishing shows the difference
and needs its confirmation."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError

from tsunagu.accounts.roles import Role
from tsunagu.intake import form_services
from tsunagu.intake.form_rules import generate_key, schema_diff
from tsunagu.intake.form_services import default_version
from tsunagu.intake.models import FormVersion


def _admin(world):
    return world.user(Role.MUNICIPALITY_ADMIN)


def _field(schema: dict, key: str) -> dict:
    return next(f for s in schema["sections"] for f in s["fields"] if f["key"] == key)


def test_generated_keys_are_slugs_or_sequential_and_never_taken():
    assert generate_key("LINE ID", set()) == "line_id"
    assert generate_key("ＬＩＮＥ　ＩＤ", set()) == "line_id"  # full-width folds to ascii
    assert generate_key("LINE ID", {"line_id"}) == "f_0001"
    assert generate_key("ペット", {"f_0001", "f_0009", "channel"}) == "f_0010"
    assert generate_key("2nd phone", set()) == "f_0001"  # a key starts with a letter
    assert generate_key("", set()) == "f_0001"
    assert generate_key("a" * 80, set()) == "a" * 40


def test_core_fields_cannot_be_deleted_retyped_or_rekeyed(world, sheet):
    admin = _admin(world)
    draft = form_services.create_draft(admin, sheet.definition)
    before = copy.deepcopy(draft.schema)
    with pytest.raises(ValidationError, match="基本項目（本人の性別）なので削除できません"):
        form_services.delete_field(admin, draft, "person_sex")
    with pytest.raises(ValidationError, match="主訴"):
        form_services.delete_field(admin, draft, "topics")
    birth = {**_field(draft.schema, "person_birth_date"), "type": "date"}
    birth.pop("max_length", None)
    with pytest.raises(ValidationError, match="種類を変えられません"):
        form_services.save_field(admin, draft, birth, original_key="person_birth_date")
    channel = _field(draft.schema, "channel")
    uncored = {k: v for k, v in channel.items() if k != "core"}
    with pytest.raises(ValidationError, match="指定は外せません"):
        form_services.save_field(admin, draft, uncored, original_key="channel")
    with pytest.raises(ValidationError, match="キーは変えられません"):
        form_services.save_field(admin, draft, {**channel, "key": "how"}, original_key="channel")
    # the same rule guards a whole schema written at once (as an import or API would)
    schema = copy.deepcopy(draft.schema)
    for section in schema["sections"]:
        section["fields"] = [f for f in section["fields"] if f["key"] != "urgency"]
    with pytest.raises(ValidationError, match="緊急度"):
        form_services.update_draft_schema(admin, draft, schema)
    draft.refresh_from_db()
    assert draft.schema == before
    # a label, the question and the options of a core field may change
    relabelled = {**channel, "label": "相談の方法", "help": "どうやって？"}
    form_services.save_field(admin, draft, relabelled, original_key="channel")
    assert _field(draft.schema, "channel")["label"] == "相談の方法"
    # an ordinary field may go
    form_services.delete_field(admin, draft, "referrer")


def test_publish_needs_the_confirmation_of_the_shown_difference(world, sheet):
    admin = _admin(world)
    draft = form_services.create_draft(admin, sheet.definition)
    pets = {"label": "ペット", "type": "text", "sensitivity": "P"}
    form_services.save_field(admin, draft, pets, section_key="person")
    preview = form_services.publish_preview(admin, draft)
    with pytest.raises(ValidationError, match="違いを確認してください"):
        form_services.publish_version(admin, draft, confirm="")
    # the draft changes after the preview: the old confirmation no longer counts
    form_services.save_field(admin, draft, {**pets, "label": "ペットの有無"}, original_key="f_0001")
    with pytest.raises(ValidationError, match="違いを確認してください"):
        form_services.publish_version(admin, draft, confirm=preview.token)
    assert default_version(world.home.municipality) == sheet
    # a second admin's change after the preview, unseen by this (stale) draft object
    preview = form_services.publish_preview(admin, draft)
    stale = FormVersion.objects.get(pk=draft.pk)
    form_services.save_field(
        admin, draft, {**pets, "label": "ペット（種類）"}, original_key="f_0001"
    )
    with pytest.raises(ValidationError, match="違いを確認してください"):
        form_services.publish_version(admin, stale, confirm=preview.token)
    preview = form_services.publish_preview(admin, draft)
    assert preview.diff.added == ["ペット（種類）"]
    form_services.publish_version(admin, draft, confirm=preview.token)
    assert default_version(world.home.municipality).pk == draft.pk


def test_the_difference_lists_fields_and_options_by_label(sheet):
    schema = copy.deepcopy(sheet.schema)
    channel = _field(schema, "channel")
    channel["label"] = "相談の方法"
    channel["required"] = not channel.get("required")
    channel["choices"][0]["label"] = "お電話"
    channel["choices"].insert(0, {"code": "sns", "label": "SNS"})
    removed = channel["choices"].pop(-2)  # the option before 不明
    for section in schema["sections"]:
        section["fields"] = [f for f in section["fields"] if f["key"] != "referrer"]
    household = _field(schema, "household_members")
    household["fields"][0]["label"] = "家族との関係"
    diff = schema_diff(sheet.schema, schema)
    assert diff.removed == ["紹介元機関"] and diff.added == []
    changes = {c.label: c.changes for c in diff.changed}
    assert "項目名「受付方法」→「相談の方法」" in changes["受付方法"]
    assert "選択肢「SNS」を追加" in changes["受付方法"]
    assert f"選択肢「{removed['label']}」を削除" in changes["受付方法"]
    assert "選択肢「電話」を「お電話」に変更" in changes["受付方法"]
    assert any(c in ("必須にする", "必須を外す") for c in changes["受付方法"])
    assert any(label.endswith("＞続柄") for label in changes)
    assert schema_diff(sheet.schema, copy.deepcopy(sheet.schema)).is_empty


def test_editor_pages_protect_core_fields(world, sheet, login):
    client = login(Role.MUNICIPALITY_ADMIN)
    client.post(f"/staff/intake/forms/{sheet.definition_id}/draft/")
    draft = FormVersion.objects.get(definition=sheet.definition, status="draft")
    base = f"/staff/intake/versions/{draft.pk}"
    page = client.get(f"{base}/").content.decode()
    assert f'action="{base}/fields/person_sex/delete/"' not in page
    assert f'action="{base}/fields/referrer/delete/"' in page
    assert "削除・種類の変更はできません" in page
    response = client.post(f"{base}/fields/person_sex/delete/", follow=True)
    assert "基本項目（本人の性別）なので削除できません" in response.content.decode()
    edit = client.get(f"{base}/fields/person_sex/").content.decode()
    assert "基本項目なので変えられません" in edit
    # a posted type change of a protected field is ignored (the field is disabled)
    original = _field(draft.schema, "person_sex")
    data = {
        "label": "性別",
        "type": "text",
        "core": "",
        "sensitivity": original["sensitivity"],
        "choices": "\n".join(f"{c['code']}:{c['label']}" for c in original["choices"]),
    }
    assert client.post(f"{base}/fields/person_sex/", data).status_code == 302
    draft.refresh_from_db()
    field = _field(draft.schema, "person_sex")
    assert (field["label"], field["type"], field["core"]) == ("性別", "single_choice", "person_sex")
