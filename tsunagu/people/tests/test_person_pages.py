import datetime

import pytest
from django.urls import reverse

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.people.models import HouseholdMember, Person, PersonMerge
from tsunagu.testing.api import issue_test_token
from tsunagu.testing.people import make_case, make_household, make_person, parents_8050


def test_person_page_shows_fields_household_8050_and_cases(world, login):
    person = world.home.person  # born 1985
    make_household(person, parents_8050(as_of=datetime.date(2026, 1, 1)))
    body = (
        login(world.user(Role.COUNSELLOR))
        .get(reverse("person-detail", args=[person.pk]))
        .content.decode()
    )
    assert "山田" in body and "昭和60年4月1日" in body
    assert "8050" in body and "母" in body and "父" in body
    assert f'href="/staff/cases/{world.home.case.pk}/"' in body
    assert "本人の情報を編集する" in body


def test_agency_staff_sees_masked_sensitive_fields(world, login):
    body = (
        login(world.user(Role.AGENCY_STAFF))
        .get(reverse("person-detail", args=[world.home.person.pk]))
        .content.decode()
    )
    assert "要配慮メモ" not in body
    assert "この役割では閲覧できません" in body
    assert "本人の情報を編集する" not in body


def test_edit_form_accepts_wareki_hiragana_and_phone(world, login):
    person = world.home.person
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("person-edit", args=[person.pk])
    form = client.get(url).content.decode()
    assert 'value="昭和60年4月1日"' in form
    data = {
        "family_name": "山田",
        "given_name": "太郎",
        "family_name_kana": "やまだ",
        "given_name_kana": "ﾀﾛｳ",
        "nickname": "",
        "sex": "male",
        "birth_text": "S60.3",
        "phone": "042-626-3111",
        "address": "",
        "district": "由木地区",
        "contact_notes": "郵送不可",
        "notes": "要配慮メモ",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert (person.family_name_kana, person.given_name_kana) == ("ヤマダ", "タロウ")
    assert person.birth_date_precision == "month" and person.birth_date.month == 3
    assert person.phone == "+81426263111"
    assert person.district == "由木地区" and person.sex == "male"


def test_edit_form_errors_are_japanese(world, login):
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("person-edit", args=[world.home.person.pk])
    response = client.post(
        url, {"family_name_kana": "yamada", "birth_text": "平成32年", "phone": "abc", "sex": "x"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "フリガナはカタカナまたはひらがなで" in body
    assert "平成の期間外" in body
    assert "電話番号" in body


def test_unchanged_age_is_not_restated(world, login):
    person = world.home.person
    Person.objects.unscoped("test setup").filter(pk=person.pk).update(
        birth_date=None,
        birth_date_precision="band",
        age_band=40,
        age_as_of=datetime.date(2020, 1, 1),
    )
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("person-edit", args=[person.pk])
    form = client.get(url).content.decode()
    assert 'value="40代"' in form
    response = client.post(url, {"birth_text": "40代", "sex": "unknown", "nickname": "タロ"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.age_as_of == datetime.date(2020, 1, 1) and person.nickname == "タロ"


def test_add_household_member_form(world, login):
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("household-member-add", args=[world.home.person.pk])
    response = client.post(
        url,
        {
            "relation": "mother",
            "age": "81",
            "living_together": "on",
            "care_level": "care2",
            "employment": "pension",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url, {"relation": "mother", "age": "300", "care_level": "none", "employment": "none"}
    )
    assert response.status_code == 200 and "年齢は0〜130" in response.content.decode()
    assert (
        HouseholdMember.objects.visible_to(world.user(Role.COUNSELLOR), Action.VIEW_PERSON).count()
        == 1
    )
    assert login(world.user(Role.AGENCY_STAFF)).post(url, {"relation": "father"}).status_code == 403


def test_person_page_query_count_does_not_grow(world, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def person_with(n):
        p = make_person(world.home.municipality)
        make_household(p, [{"relation": "sibling", "age": 40 + i} for i in range(n)])
        for _ in range(n):
            make_case(p, world.home.window)
        return p

    small, big = person_with(1), person_with(20)
    client = login(world.user(Role.SUPERVISOR))
    client.get(reverse("person-detail", args=[small.pk]))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("person-detail", args=[small.pk]))
    with django_assert_num_queries(len(captured)):
        client.get(reverse("person-detail", args=[big.pk]))


def test_merge_pages_preview_merge_and_undo(world, login):
    keep = make_person(world.home.municipality, phone="+81426000011")
    absorb = make_person(world.home.municipality, phone="+81426000011")
    case = make_case(absorb, world.home.window)
    client = login(world.user(Role.SUPERVISOR))
    url = reverse("person-merge")
    assert client.get(url).status_code == 200
    preview = client.get(url, {"keep_id": keep.pk, "absorb_id": absorb.pk}).content.decode()
    assert "統合の確認" in preview and "ケース 1 件" in preview
    response = client.post(url, {"keep_id": keep.pk, "absorb_id": absorb.pk, "reason": "同一人物"})
    assert response.status_code == 302
    merge = PersonMerge.objects.in_municipality(world.home.municipality).get()
    assert response["Location"] == reverse("person-merge-detail", args=[merge.pk])
    case.refresh_from_db()
    assert case.person_id == keep.pk
    absorbed_page = client.get(reverse("person-detail", args=[absorb.pk])).content.decode()
    assert f"#{keep.pk} に統合されています" in absorbed_page
    detail = client.get(reverse("person-merge-detail", args=[merge.pk])).content.decode()
    assert "統合を取り消す" in detail
    response = client.post(reverse("person-merge-undo", args=[merge.pk]), {"reason": "別人"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.person_id == absorb.pk
    # errors: across municipalities, unknown ids
    body = client.get(url, {"keep_id": keep.pk, "absorb_id": world.away.person.pk}).content
    assert "見つかりません" in body.decode()


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.RECEPTION, Role.AGENCY_STAFF])
def test_merge_pages_are_for_supervisors(world, login, role):
    from tsunagu.testing.people import add_merges

    add_merges(world)
    client = login(world.user(role))
    assert client.get(reverse("person-merge")).status_code == 403
    assert client.get(reverse("person-merge-detail", args=[world.home.merge.pk])).status_code in (
        403,
        404,
    )
    supervisor = login(world.user(Role.SUPERVISOR))
    away = reverse("person-merge-detail", args=[world.away.merge.pk])
    assert supervisor.get(away).status_code == 404


def test_case_api_has_status_engagement_lead_window_household_and_8050(world, client):
    case = world.home.case
    make_household(case.person, parents_8050(as_of=datetime.date(2026, 1, 1)))
    for role, sees_households in ((Role.COUNSELLOR, True), (Role.AGENCY_STAFF, True)):
        _, raw = issue_test_token(world.user(role))
        data = client.get(f"/api/v1/cases/{case.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
        assert data["status"] == "received" and data["status_label"] == "受付"
        assert data["engagement_stage"] == "no_contact"
        assert data["engagement_stage_label"] == "未接触"
        assert data["window_name"] == world.home.window.name
        assert data["lead_worker"] is None
        assert data["is_8050"] is True
        assert (data["households"][0]["member_count"] == 2) is sees_households
    _, raw = issue_test_token(world.user(Role.COUNSELLOR))
    person = client.get(
        f"/api/v1/persons/{case.person_id}", HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).json()
    assert person["birth_display"] == "昭和60年4月1日（1985年）"
    assert person["sex"] == "unknown" and person["merged_into_id"] is None
