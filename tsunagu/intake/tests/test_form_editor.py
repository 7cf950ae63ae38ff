"""The 自治体管理者's form editor: draft, edit a field with a normal form, preview, publish."""

from __future__ import annotations

from tsunagu.accounts.roles import Role
from tsunagu.intake.form_services import default_version
from tsunagu.intake.models import FormVersion


def _person_fields(draft: FormVersion) -> list[dict]:
    draft.refresh_from_db()
    return next(s for s in draft.schema["sections"] if s["key"] == "person")["fields"]


def test_admin_edits_previews_and_publishes_a_draft(world, sheet, login):
    client = login(Role.MUNICIPALITY_ADMIN)
    page = client.get("/staff/intake/forms/").content.decode()
    assert "ひきこもり相談受付票" in page and "第1版" in page
    response = client.post(f"/staff/intake/forms/{sheet.definition_id}/draft/")
    draft = FormVersion.objects.get(definition=sheet.definition, number=2)
    assert response["Location"] == f"/staff/intake/versions/{draft.pk}/"
    page = client.get(f"/staff/intake/versions/{draft.pk}/").content.decode()
    assert "この区分に項目を追加" in page and "下書き" in page
    assert "<code>" not in page  # labels, not keys

    url = f"/staff/intake/versions/{draft.pk}/fields/new/?section=person"
    form_page = client.get(url).content.decode()
    assert 'name="key"' not in form_page and "本人の性別" in form_page
    pets = {"label": "ペット", "type": "single_choice", "sensitivity": "P"}
    bad = client.post(url, {**pets, "choices": "dog:犬\ncat:猫"})
    assert bad.status_code == 200 and "不明" in bad.content.decode()
    good = client.post(
        url,
        {
            **pets,
            "key": "typed_keys_are_ignored",
            "choices": "dog:犬\ncat:猫\nunknown:不明",
            "help": "ペットはいますか？",
            "show_if_field": "person_sex",
            "show_if_values": "male,female",
        },
    )
    assert good.status_code == 302, good.content.decode()[-3000:]
    added = _person_fields(draft)[-1]
    assert added["key"] == "f_0001"  # generated: the label is not ascii
    assert added["show_if"] == {"field": "person_sex", "values": ["male", "female"]}

    edit = f"/staff/intake/versions/{draft.pk}/fields/f_0001/"
    assert "ペットはいますか？" in client.get(edit).content.decode()
    client.post(
        edit,
        {
            **pets,
            "label": "ペットの有無",
            "choices": "dog:犬\nunknown:不明",
            "show_if_field": "person_sex",
            "show_if_values": "male,female",
        },
    )
    client.post(f"{edit}move/", {"direction": "up"})
    client.post(f"/staff/intake/versions/{draft.pk}/fields/referrer/delete/")
    person = _person_fields(draft)
    assert [f["key"] for f in person][-2:] == ["f_0001", "can_meet"]  # the key stays
    assert person[-2]["label"] == "ペットの有無"

    preview = client.get(f"/staff/intake/versions/{draft.pk}/preview/").content.decode()
    assert "ペットの有無" in preview and "「本人の性別」が「男性・女性」の場合" in preview

    # publishing without the confirmation step is refused
    refused = client.post(f"/staff/intake/versions/{draft.pk}/publish/")
    assert refused.status_code == 422 and "違いを確認してください" in refused.content.decode()
    assert default_version(world.home.municipality) == sheet
    confirm = client.get(f"/staff/intake/versions/{draft.pk}/publish/")
    page = confirm.content.decode()
    assert "追加される項目" in page and "ペットの有無" in page
    assert "削除される項目" in page and "紹介元" in page
    token = confirm.context["token"]
    response = client.post(f"/staff/intake/versions/{draft.pk}/publish/", {"confirm": token})
    assert response.status_code == 302
    assert default_version(world.home.municipality) == FormVersion.objects.get(pk=draft.pk)
    # published: the editor refuses changes
    response = client.post(edit, {"label": "x", "type": "text", "sensitivity": "P"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert "x" not in [f["label"] for s in draft.schema["sections"] for f in s["fields"]]


def test_editor_is_for_form_managers_of_the_municipality(world, sheet, login):
    away = FormVersion.objects.exclude(definition=sheet.definition).get()
    admin = login(Role.MUNICIPALITY_ADMIN)
    assert admin.get(f"/staff/intake/versions/{away.pk}/").status_code == 404
    assert admin.post(f"/staff/intake/forms/{away.definition_id}/draft/").status_code == 404
    for role in (Role.RECEPTION, Role.SUPERVISOR):
        client = login(role)
        assert client.get("/staff/intake/forms/").status_code == 403
        assert client.get(f"/staff/intake/versions/{sheet.pk}/").status_code == 403
