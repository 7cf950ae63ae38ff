"""The 自治体管理者's editor for repeating groups (繰り返し): create a group, edit its sub-fields
and max rows through the pages; invalid changes leave the draft as it was; the group reaches
the intake screen once published."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.roles import Role
from tsunagu.intake import form_services
from tsunagu.intake.answers import validate_answers
from tsunagu.intake.form_services import default_version
from tsunagu.intake.models import FormVersion, Intake, PublishedVersionError


def _draft(client, sheet) -> FormVersion:
    response = client.post(f"/staff/intake/forms/{sheet.definition_id}/draft/")
    assert response.status_code == 302
    return FormVersion.objects.get(definition=sheet.definition, status="draft")


def _field(version: FormVersion, key: str) -> dict | None:
    version.refresh_from_db()
    return next(
        (f for s in version.schema["sections"] for f in s["fields"] if f["key"] == key), None
    )


def _sub_keys(version: FormVersion, key: str) -> list[str]:
    return [s["key"] for s in _field(version, key)["fields"]]


# Ascii labels: their keys are slugs of the labels ("Pet name" → pet_name); Japanese labels
# get sequential keys (f_0001, …).
GROUP = {
    "group-label": "Pets",
    "group-help": "動物は飼っていますか？",
    "group-sensitivity": "P",
    "group-max_rows": "3",
    "sub-label": "Kind",
    "sub-type": "single_choice",
    "sub-sensitivity": "P",
    "sub-choices": "dog:犬\ncat:猫\nunknown:不明",
    "sub-required": "on",
}
SUB_NAME = {"label": "Pet name", "type": "text", "sensitivity": "P"}


def _create_pets(client, draft: FormVersion) -> None:
    url = f"/staff/intake/versions/{draft.pk}/groups/new/?section=family"
    response = client.post(url, {**GROUP, "section": "family"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == f"/staff/intake/versions/{draft.pk}/groups/pets/"
    new = f"/staff/intake/versions/{draft.pk}/groups/pets/fields/new/"
    assert client.post(new, SUB_NAME).status_code == 302


def test_admin_creates_a_group_and_edits_its_subfields(world, sheet, login):
    client = login(Role.MUNICIPALITY_ADMIN)
    published = copy.deepcopy(sheet.schema)
    draft = _draft(client, sheet)
    base = f"/staff/intake/versions/{draft.pk}"
    page = client.get(f"{base}/").content.decode()
    assert "この区分に繰り返し（表）を追加" in page
    assert f'href="{base}/groups/household_members/"' in page  # a group opens its own page
    assert "表の項目：続柄・年齢" in page and "最大20行" in page
    assert client.get(f"{base}/fields/household_members/").status_code == 302

    new = f"{base}/groups/new/?section=family"
    page = client.get(new).content.decode()
    assert "最初の項目（表の列）" in page and "最大行数" in page
    assert client.get(f"{base}/groups/new/?section=nowhere").status_code == 404

    # refused: a group inside a group, a missing 不明, too many rows
    draft.refresh_from_db()
    before = copy.deepcopy(draft.schema)
    for bad, message in (
        ({"sub-type": "group"}, "繰り返しの中に繰り返しは作れません"),
        ({"sub-choices": "dog:犬"}, "不明"),
        ({"group-max_rows": "101"}, "100 以下"),
    ):
        response = client.post(new, {**GROUP, "section": "family", **bad})
        assert response.status_code == 200 and message in response.content.decode(), bad
        draft.refresh_from_db()
        assert draft.schema == before

    _create_pets(client, draft)
    pets = _field(draft, "pets")
    assert pets["max_rows"] == 3 and pets["help"] == "動物は飼っていますか？"
    assert pets["fields"][0] == {
        "key": "kind",
        "label": "Kind",
        "type": "single_choice",
        "sensitivity": "P",
        "required": True,
        "choices": [
            {"code": "dog", "label": "犬"},
            {"code": "cat", "label": "猫"},
            {"code": "unknown", "label": "不明"},
        ],
    }
    group_page = f"{base}/groups/pets/"
    page = client.get(group_page).content.decode()
    assert "この繰り返しに項目を追加" in page and "Pet name" in page and "<code>" not in page
    assert 'name="group-max_rows" value="3"' in page

    # refused sub-fields: nested group, min above max; nothing changes
    before = copy.deepcopy(draft.schema)
    sub_new = f"{group_page}fields/new/"
    for bad, message in (
        ({"type": "group"}, "繰り返しの中に繰り返しは作れません"),
        ({"type": "number", "min": "5", "max": "1"}, "最小値が最大値より大きく"),
    ):
        response = client.post(sub_new, {**SUB_NAME, "label": "Age", **bad})
        assert response.status_code == 200 and message in response.content.decode(), bad
        draft.refresh_from_db()
        assert draft.schema == before
    # a label whose slug is taken, or that is not ascii, gets a sequential key
    assert client.post(sub_new, {**SUB_NAME, "label": "続柄"}).status_code == 302
    assert client.post(sub_new, {**SUB_NAME, "label": "Kind"}).status_code == 302
    assert _sub_keys(draft, "pets") == ["kind", "pet_name", "f_0001", "f_0002"]
    assert client.post(f"{group_page}fields/f_0001/delete/").status_code == 302
    assert client.post(f"{group_page}fields/f_0002/delete/").status_code == 302
    age = {"label": "Years", "type": "number", "sensitivity": "P", "min": "0"}
    assert client.post(sub_new, age).status_code == 302
    assert _sub_keys(draft, "pets") == ["kind", "pet_name", "years"]

    # edit (a new label; the key stays), reorder, remove
    edit = f"{group_page}fields/pet_name/"
    assert 'value="Pet name"' in client.get(edit).content.decode()
    renamed = {**SUB_NAME, "key": "name", "label": "呼び名", "max_length": "20"}
    assert client.post(edit, renamed).status_code == 302
    assert _field(draft, "pets")["fields"][1] == {
        "key": "pet_name",
        "label": "呼び名",
        "type": "text",
        "sensitivity": "P",
        "max_length": 20,
    }
    client.post(f"{group_page}fields/years/move/", {"direction": "up"})
    assert _sub_keys(draft, "pets") == ["kind", "years", "pet_name"]
    client.post(f"{group_page}fields/kind/move/", {"direction": "down"})
    client.post(f"{group_page}fields/kind/move/", {"direction": "up"})
    client.post(f"{group_page}fields/years/move/", {"direction": "up"})  # already first
    assert _sub_keys(draft, "pets") == ["years", "kind", "pet_name"]
    assert client.post(f"{group_page}fields/years/delete/").status_code == 302
    assert _sub_keys(draft, "pets") == ["kind", "pet_name"]
    assert client.get(f"{group_page}fields/years/").status_code == 404
    assert client.get(f"{group_page}fields/years/move/").status_code == 405

    # the group's own properties: max rows, then back to the default
    props = {"group-label": "ペット", "group-sensitivity": "P"}
    response = client.post(group_page, {**props, "group-max_rows": "0"})
    assert response.status_code == 200 and "1 以上" in response.content.decode()
    assert client.post(group_page, {**props, "group-max_rows": "5"}).status_code == 302
    assert _field(draft, "pets")["max_rows"] == 5
    assert client.post(group_page, props).status_code == 302
    pets = _field(draft, "pets")
    assert "max_rows" not in pets and "help" not in pets and len(pets["fields"]) == 2
    # the last sub-field cannot be removed
    client.post(f"{group_page}fields/kind/delete/")
    response = client.post(f"{group_page}fields/pet_name/delete/", follow=True)
    assert "最後の項目は削除できません" in response.content.decode()
    assert _sub_keys(draft, "pets") == ["pet_name"]
    # not a group: no group page
    assert client.get(f"{base}/groups/person_sex/").status_code == 404
    assert client.get(f"{base}/groups/nothing/fields/new/").status_code == 404

    sheet.refresh_from_db()
    assert sheet.schema == published  # the published version never changed


def test_relabelling_a_group_keeps_its_key_and_subfields(world, sheet, login):
    client = login(Role.MUNICIPALITY_ADMIN)
    draft = _draft(client, sheet)
    url = f"/staff/intake/versions/{draft.pk}/groups/household_members/"
    response = client.post(
        url,
        {
            "group-key": "family_members",  # not a field of the form: ignored
            "group-label": "家族",
            "group-sensitivity": "S",
            "group-max_rows": "10",
        },
    )
    assert response["Location"] == url
    group = _field(draft, "household_members")
    assert group["label"] == "家族" and group["max_rows"] == 10 and group["sensitivity"] == "S"
    assert _sub_keys(draft, "household_members")[:2] == ["relation", "age"]
    assert _field(draft, "family_members") is None


def test_group_made_in_the_editor_is_on_new_intakes(world, sheet, login):
    admin = login(Role.MUNICIPALITY_ADMIN)
    draft = _draft(admin, sheet)
    _create_pets(admin, draft)
    preview = admin.get(f"/staff/intake/versions/{draft.pk}/preview/").content.decode()
    assert 'name="g-pets-0-kind"' in preview
    confirm = admin.get(f"/staff/intake/versions/{draft.pk}/publish/").context["token"]
    publish = admin.post(f"/staff/intake/versions/{draft.pk}/publish/", {"confirm": confirm})
    assert publish.status_code == 302
    version = default_version(world.home.municipality)
    assert version.pk == draft.pk and version.is_published

    reception = login(Role.RECEPTION)
    response = reception.post(
        "/staff/intake/new/", {"channel": "phone", "window": world.home.window.pk}
    )
    intake = Intake.objects.unscoped("test").get(pk=int(response["Location"].split("/")[-2]))
    assert intake.form_version_id == version.pk
    page = reception.get(f"/staff/intake/{intake.pk}/").content.decode()
    assert "Pets" in page and "動物は飼っていますか？" in page
    assert 'name="g-pets-0-kind"' in page and 'name="g-pets-0-pet_name"' in page
    data = {
        "window": intake.window_id,
        "f-channel": "phone",
        "action": "save",
        "g-pets-rows": "3",
        "g-pets-0-kind": "dog",
        "g-pets-0-pet_name": "ポチ",
        "g-pets-1-kind": "cat",
    }
    assert reception.post(f"/staff/intake/{intake.pk}/", data).status_code == 302
    intake.refresh_from_db()
    assert intake.answers["pets"] == [{"kind": "dog", "pet_name": "ポチ"}, {"kind": "cat"}]
    page = reception.get(f"/staff/intake/{intake.pk}/").content.decode()
    assert 'name="g-pets-rows" value="3"' in page  # one empty row, within max_rows

    schema = version.schema
    today = datetime.date(2025, 4, 1)
    rows = [{"kind": "dog", "pet_name": "ポチ"}]
    assert validate_answers(schema, {"pets": rows}, partial=True, today=today) == {"pets": rows}
    for bad, message in (
        ([{"kind": "cow"}], "選択肢"),
        ([{"kind": "dog"}] * 4, "3行以内"),
        ([{"pet_name": "タマ"}], "Kindを入力してください"),
        ([{"kind": "dog", "colour": "白"}], "この表にない項目です"),
    ):
        with pytest.raises(ValidationError) as error:
            validate_answers(schema, {"pets": bad}, today=today)
        assert message in str(error.value.message_dict), bad


def test_published_versions_refuse_group_changes(world, sheet, login):
    client = login(Role.MUNICIPALITY_ADMIN)
    published = copy.deepcopy(sheet.schema)
    base = f"/staff/intake/versions/{sheet.pk}/groups/household_members"
    page = client.get(f"/staff/intake/versions/{sheet.pk}/").content.decode()
    assert "この区分に繰り返し（表）を追加" not in page and "表の項目：続柄" in page
    for url, data in (
        (f"/staff/intake/versions/{sheet.pk}/groups/new/?section=family", {**GROUP}),
        (f"{base}/", {"group-key": "x", "group-label": "x", "group-sensitivity": "P"}),
        (f"{base}/fields/new/", SUB_NAME),
        (f"{base}/fields/age/", SUB_NAME),
        (f"{base}/fields/age/delete/", {}),
        (f"{base}/fields/age/move/", {"direction": "up"}),
    ):
        response = client.post(url, data, follow=True)
        assert "公開済みの版は変更できません" in response.content.decode(), url
    sheet.refresh_from_db()
    assert sheet.schema == published
    admin = world.user(Role.MUNICIPALITY_ADMIN)
    with pytest.raises(PublishedVersionError):
        form_services.delete_subfield(admin, sheet, "household_members", "age")
    with pytest.raises(PublishedVersionError):
        form_services.save_subfield(admin, sheet, "household_members", {**SUB_NAME})


def test_group_services_check_the_actor_and_the_rules(world, sheet):
    draft = form_services.create_draft(world.user(Role.MUNICIPALITY_ADMIN), sheet.definition)
    admin = world.user(Role.MUNICIPALITY_ADMIN)
    before = copy.deepcopy(draft.schema)
    with pytest.raises(PermissionDenied):
        form_services.move_subfield(
            world.user(Role.COUNSELLOR), draft, "household_members", "age", -1
        )
    with pytest.raises(ValidationError, match="繰り返しの中に繰り返しは作れません"):
        nested = {**SUB_NAME, "type": "group", "fields": [SUB_NAME]}
        form_services.save_subfield(admin, draft, "household_members", nested)
    with pytest.raises(ValidationError, match="繰り返しの中に繰り返しは作れません"):
        group = {"key": "g", "label": "g", "type": "group", "sensitivity": "P"}
        group["fields"] = [{**group, "key": "inner", "fields": [SUB_NAME]}]
        form_services.save_group(admin, draft, group, section_key="family")
    with pytest.raises(ValidationError, match="基本項目・表示条件"):
        form_services.save_subfield(
            admin, draft, "household_members", {**SUB_NAME, "core": "person_nickname"}
        )
    with pytest.raises(KeyError):  # not a group
        form_services.save_subfield(admin, draft, "person_sex", SUB_NAME)
    for n in range(24):  # 6 sub-fields already; the schema allows 30
        form_services.save_subfield(
            admin, draft, "household_members", {**SUB_NAME, "key": f"extra{n}"}
        )
    with pytest.raises(ValidationError, match="30個まで"):
        form_services.save_subfield(admin, draft, "household_members", SUB_NAME)
    draft.refresh_from_db()
    assert len(_field(draft, "household_members")["fields"]) == 30
    assert draft.schema != before


def _pages(version: FormVersion) -> list[str]:
    base = f"/staff/intake/versions/{version.pk}/groups"
    return [
        f"{base}/new/?section=family",
        f"{base}/household_members/",
        f"{base}/household_members/fields/new/",
        f"{base}/household_members/fields/age/",
    ]


def _actions(version: FormVersion) -> list[str]:
    base = f"/staff/intake/versions/{version.pk}/groups/household_members/fields/age"
    return [f"{base}/delete/", f"{base}/move/"]


def test_group_editor_is_for_form_managers_of_the_municipality(world, sheet, login):
    away = FormVersion.objects.exclude(definition=sheet.definition).get()
    form_services.create_draft(world.user(Role.MUNICIPALITY_ADMIN), sheet.definition)
    draft = FormVersion.objects.get(definition=sheet.definition, status="draft")
    admin = login(Role.MUNICIPALITY_ADMIN)
    for url in _pages(away):
        assert admin.get(url).status_code == 404, url
    for url in _pages(away) + _actions(away):
        assert admin.post(url, {"direction": "up"}).status_code == 404, url
    for url in _pages(draft):
        assert admin.get(url).status_code == 200, url
    schema = copy.deepcopy(draft.schema)
    for role in (Role.COUNSELLOR, Role.RECEPTION, Role.SUPERVISOR):
        client = login(role)
        for url in _pages(draft) + _actions(draft):
            assert client.post(url, {"direction": "up"}).status_code == 403, (role, url)
        for url in _pages(draft):
            assert client.get(url).status_code == 403, (role, url)
    draft.refresh_from_db()
    assert draft.schema == schema
