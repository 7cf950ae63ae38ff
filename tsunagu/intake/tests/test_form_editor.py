"""The 自治体管理者's form editor: draft, edit a field with a normal form, preview, publish."""

from __future__ import annotations

from tsunagu.accounts.roles import Role
from tsunagu.intake.form_services import default_version
from tsunagu.intake.models import FormVersion


def test_admin_edits_previews_and_publishes_a_draft(world, sheet, login):
    client = login(Role.MUNICIPALITY_ADMIN)
    page = client.get("/staff/intake/forms/").content.decode()
    assert "ひきこもり相談受付票" in page and "第1版" in page
    response = client.post(f"/staff/intake/forms/{sheet.definition_id}/draft/")
    draft = FormVersion.objects.get(definition=sheet.definition, number=2)
    assert response["Location"] == f"/staff/intake/versions/{draft.pk}/"
    page = client.get(f"/staff/intake/versions/{draft.pk}/").content.decode()
    assert "この区分に項目を追加" in page and "下書き" in page

    url = f"/staff/intake/versions/{draft.pk}/fields/new/?section=person"
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "key": "pets",
            "label": "ペット",
            "type": "single_choice",
            "sensitivity": "P",
            "choices": "dog:犬\ncat:猫",
        },
    )
    assert bad.status_code == 200 and "不明" in bad.content.decode()
    good = client.post(
        url,
        {
            "key": "pets",
            "label": "ペット",
            "type": "single_choice",
            "sensitivity": "P",
            "choices": "dog:犬\ncat:猫\nunknown:不明",
            "help": "ペットはいますか？",
            "show_if_field": "person_sex",
            "show_if_values": "male,female",
        },
    )
    assert good.status_code == 302, good.content.decode()[-3000:]
    draft.refresh_from_db()
    pets = next(f for s in draft.schema["sections"] for f in s["fields"] if f["key"] == "pets")
    assert pets["show_if"] == {"field": "person_sex", "values": ["male", "female"]}

    edit = f"/staff/intake/versions/{draft.pk}/fields/pets/"
    assert "ペットはいますか？" in client.get(edit).content.decode()
    client.post(
        edit,
        {
            "key": "pets",
            "label": "ペットの有無",
            "type": "single_choice",
            "sensitivity": "P",
            "choices": "dog:犬\nunknown:不明",
            "show_if_field": "person_sex",
            "show_if_values": "male,female",
        },
    )
    client.post(f"{edit}move/", {"direction": "up"})
    client.post(f"/staff/intake/versions/{draft.pk}/fields/referrer/delete/")
    draft.refresh_from_db()
    person = next(s for s in draft.schema["sections"] if s["key"] == "person")["fields"]
    assert [f["key"] for f in person][-2:] == ["pets", "can_meet"]
    assert person[-2]["label"] == "ペットの有無"

    preview = client.get(f"/staff/intake/versions/{draft.pk}/preview/").content.decode()
    assert "ペットの有無" in preview and "「本人の性別」が「男性・女性」の場合" in preview
    client.post(f"/staff/intake/versions/{draft.pk}/publish/")
    assert default_version(world.home.municipality) == FormVersion.objects.get(pk=draft.pk)
    # published: the editor refuses changes
    response = client.post(edit, {"key": "pets", "label": "x", "type": "text", "sensitivity": "P"})
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
