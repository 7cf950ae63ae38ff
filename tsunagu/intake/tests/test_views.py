"""The intake screens through the test client, as reception / counsellor / supervisor."""

from __future__ import annotations

import re

from tsunagu.accounts.roles import Role
from tsunagu.intake.models import Intake
from tsunagu.testing.intake import add_intakes, decide_window, take_intake


def start(client, world) -> Intake:
    response = client.post(
        "/staff/intake/new/", {"channel": "phone", "window": world.home.window.pk}
    )
    assert response.status_code == 302
    return Intake.objects.unscoped("test").get(pk=int(response["Location"].split("/")[-2]))


def form_data(intake, **answers) -> dict:
    data = {"window": intake.window_id, "f-channel": "phone"}
    data.update(
        {k if k.startswith(("g-", "f-", "action")) else f"f-{k}": v for k, v in answers.items()}
    )
    return data


def test_new_intake_page_is_keyboard_friendly(world, sheet, login):
    client = login(Role.RECEPTION)
    page = client.get("/staff/intake/new/").content.decode()
    assert re.search(r'<select name="channel"[^>]*autofocus', page)
    assert client.get("/staff/intake/new/?concern=7").status_code == 404  # no such report
    intake = start(client, world)
    assert intake.channel == "phone" and intake.received_by == world.user(Role.RECEPTION)
    assert intake.number.endswith("-0001")
    page = client.get(f"/staff/intake/{intake.pk}/").content.decode()
    # core items first, the cursor on the first one not answered yet
    core = page.index("基本項目")
    assert core < page.index("B. 相談者") < page.index("I. リスク・緊急度")
    assert re.search(r'name="f-consulter_relation"[^>]*autofocus', page)
    assert 'hx-trigger="change delay:800ms from:closest form"' in page
    assert "hx-on" not in page and " style=" not in page and "<style" not in page


def test_autosave_keeps_a_draft_without_required_fields(world, sheet, login):
    client = login(Role.RECEPTION)
    intake = start(client, world)
    response = client.post(
        f"/staff/intake/{intake.pk}/autosave/",
        form_data(
            intake,
            consulter_relation="mother",
            person_birth_date="昭和60年4月1日",
            **{
                "g-household_members-rows": "2",
                "g-household_members-0-relation": "father",
                "g-household_members-0-age": "80",
            },
        ),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "下書きを保存しました" in body
    assert "昭和60年4月1日（1985年）" in body  # the parsed date shown back
    # closing the browser loses nothing: on reload the answers are there
    page = client.get(f"/staff/intake/{intake.pk}/").content.decode()
    assert '<option value="mother" selected>' in page
    assert 'value="昭和60年4月1日"' in page
    assert "読み取り：昭和60年4月1日（1985年）" in page
    assert 'name="g-household_members-0-age" value="80"' in page
    intake.refresh_from_db()
    assert intake.is_draft and intake.person_age_band == "40"


def test_autosave_reports_unreadable_dates_and_shows_risk_guidance(world, sheet, login):
    client = login(Role.COUNSELLOR)
    intake = start(client, world)
    body = client.post(
        f"/staff/intake/{intake.pk}/autosave/",
        form_data(intake, next_date="来週のどこか", suicidal="yes"),
    ).content.decode()
    assert "次回の日付" in body and "保存されていません" in body
    assert 'id="risk-guidance"' in body and 'hx-swap-oob="true"' in body
    assert "本日中にスーパーバイザーへ報告" in body and "119" in body


def test_submit_requires_urgency_when_a_risk_item_is_answered(world, sheet, login):
    client = login(Role.RECEPTION)
    intake = start(client, world)
    data = form_data(
        intake,
        consulter_relation="mother",
        summary="暴力がある",
        action="submit",
        **{"f-violence": "person_to_family"},
    )
    page = client.post(f"/staff/intake/{intake.pk}/", data)
    assert page.status_code == 200
    body = page.content.decode()
    assert "緊急度（高・中・低）を判断して選んでください" in body
    assert "本日中にスーパーバイザーへ報告" in body
    assert '<textarea id="id-f-summary" name="f-summary" rows="3"' in body and "暴力がある" in body
    intake.refresh_from_db()
    assert intake.is_draft
    response = client.post(f"/staff/intake/{intake.pk}/", {**data, "f-urgency": "high"})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/intake/{intake.pk}/next/"
    intake.refresh_from_db()
    assert intake.status == "submitted" and intake.urgency == "high" and intake.has_risk
    # a submitted intake is shown read-only with its version's labels
    page = client.get(f"/staff/intake/{intake.pk}/").content.decode()
    assert "本人から家族へ" in page and "高（即日対応）" in page and "第1版" in page
    assert client.post(f"/staff/intake/{intake.pk}/autosave/", data).status_code == 409


def test_save_draft_button_adds_a_row(world, sheet, login):
    client = login(Role.RECEPTION)
    intake = start(client, world)
    data = form_data(
        intake,
        action="save",
        **{"g-household_members-rows": "1", "g-household_members-0-relation": "father"},
    )
    assert client.post(f"/staff/intake/{intake.pk}/", data).status_code == 302
    page = client.get(f"/staff/intake/{intake.pk}/").content.decode()
    assert 'name="g-household_members-rows" value="2"' in page


def test_family_only_intake_creates_a_person_known_by_nickname(world, sheet, login):
    client = login(Role.RECEPTION)
    intake = take_intake(
        world.user(Role.RECEPTION),
        world.home,
        answers={
            "channel": "phone",
            "consulter_relation": "mother",
            "summary": "家族のみの相談",
            "person_nickname": "たっくん",
        },
    )
    page = client.get(f"/staff/intake/{intake.pk}/next/").content.decode()
    assert "たっくん" in page and "重複の候補は見つかりませんでした" in page
    decide_window(world.user(Role.RECEPTION), intake)
    response = client.post(f"/staff/intake/{intake.pk}/create-person/")
    intake.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == f"/staff/cases/{intake.case_id}/"
    assert intake.person.nickname == "たっくん"


def test_next_step_lists_candidates_with_reasons_and_links(world, sheet, login):
    client = login(Role.COUNSELLOR)
    person = world.home.person
    intake = take_intake(
        world.user(Role.COUNSELLOR),
        world.home,
        answers={
            "channel": "phone",
            "consulter_relation": "self",
            "summary": "本人から",
            "person_family_name": person.family_name,
            "person_given_name": person.given_name,
            "person_birth_date": "S60.4.1",
        },
    )
    decide_window(world.user(Role.COUNSELLOR), intake)
    page = client.get(f"/staff/intake/{intake.pk}/next/").content.decode()
    assert f'name="person_id" value="{person.pk}"' in page and "この人にひもづける" in page
    assert "生年月日" in page  # a reason the candidate matched
    page = client.get(f"/staff/intake/{intake.pk}/link/?person_id={person.pk}")
    assert "ひもづけてケースを開始" in page.content.decode()
    response = client.post(f"/staff/intake/{intake.pk}/link/", {"person_id": person.pk})
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.person == person
    # a person the user cannot see is a 404
    other = take_intake(world.user(Role.COUNSELLOR), world.home)
    decide_window(world.user(Role.COUNSELLOR), other)
    assert (
        client.post(
            f"/staff/intake/{other.pk}/link/", {"person_id": world.away.person.pk}
        ).status_code
        == 404
    )


def test_foreign_intakes_answer_404(world, sheet, login):
    add_intakes(world)
    client = login(Role.RECEPTION)
    for intake in (world.away.intake, world.home.other_intake):
        for suffix in ("", "autosave/", "next/", "route/", "link/", "create-person/"):
            assert client.get(f"/staff/intake/{intake.pk}/{suffix}").status_code == 404
            assert client.post(f"/staff/intake/{intake.pk}/{suffix}").status_code == 404
    assert client.get(f"/staff/intake/{world.home.intake.pk}/").status_code == 200
    supervisor = login(Role.SUPERVISOR)
    assert supervisor.get(f"/staff/intake/{world.home.other_intake.pk}/").status_code == 200
    assert supervisor.get(f"/staff/intake/{world.away.intake.pk}/").status_code == 404


def test_roles_without_intake_rights(world, sheet, login):
    for role in (Role.AGENCY_STAFF, Role.WELFARE_COMMISSIONER, Role.PUBLICITY):
        client = login(role)
        assert client.get("/staff/intake/").status_code == 403
        assert client.get("/staff/intake/new/").status_code == 403


def test_list_page_query_count_does_not_grow(world, sheet, login, django_assert_max_num_queries):
    user = world.user(Role.SUPERVISOR)
    client = login(Role.SUPERVISOR)
    take_intake(user, world.home)
    # + the audit entry naming the records the list showed
    with django_assert_max_num_queries(16) as few:
        client.get("/staff/intake/")
    for _ in range(15):
        take_intake(user, world.home, window=world.home.other_window)
    take_intake(
        user,
        world.home,
        answers={
            "channel": "email",
            "consulter_relation": "self",
            "summary": "x",
            "suicidal": "yes",
            "urgency": "high",
        },
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/staff/intake/")
    body = page.content.decode()
    assert (
        len(re.findall(r'href="/staff/intake/\d+/"', body)) >= 17
        and "メール" in body
        and "リスク" in body
    )
    filtered = client.get("/staff/intake/?urgency=high&risk=1").content.decode()
    assert len(re.findall(r'href="/staff/intake/\d+/"', filtered)) == 1


def test_next_step_with_the_real_routing_and_search_apps(world, sheet, login):
    client = login(Role.COUNSELLOR)
    intake = take_intake(
        world.user(Role.COUNSELLOR),
        world.home,
        answers={
            "channel": "phone",
            "consulter_relation": "self",
            "summary": "本人から",
            "person_family_name": "山田",
            "person_given_name": "太郎",
            "person_family_name_kana": "ヤマダ",
            "person_given_name_kana": "タロウ",
            "person_birth_date": "S60.4.1",
            "person_nickname": "たろちゃん",
        },
    )
    decide_window(world.user(Role.COUNSELLOR), intake)
    page = client.get(f"/staff/intake/{intake.pk}/next/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'name="person_id" value="{world.home.person.pk}"' in body
    assert "漏洩検知" not in body
