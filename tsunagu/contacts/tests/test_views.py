import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.contacts.models import Contact, NoteSource, OutreachVisit
from tsunagu.jp.wareki import format_wareki
from tsunagu.testing.contacts import make_contact, make_visit

NOTES = [(NoteSource.PERSON, "本人の言葉です"), (NoteSource.THIRD_PARTY, "関係機関からの情報です")]


def log_url(case):
    return reverse("contact-log", args=[case.pk])


def quick_add(**extra):
    data = {
        "channel": "phone",
        "occurred_at": "2026-04-01T10:30",
        "duration_minutes": "20",
        "reached": "family",
        "summary": "母親と電話で話した",
        "next_action": "来週再度電話",
        "next_action_due": "2026-04-08",
        "notes-TOTAL_FORMS": "3",
        "notes-INITIAL_FORMS": "0",
        "notes-0-source": "family",
        "notes-0-text": "母「最近は昼に起きる」",
        "notes-1-source": "staff",
        "notes-1-text": "母親は疲れている様子",
        "notes-2-source": "",
        "notes-2-text": "",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "role", [Role.COUNSELLOR, Role.SUPERVISOR, Role.CONTRACTED_COUNSELLOR, Role.RECEPTION]
)
def test_log_shows_contacts_and_s_fields_to_casework_roles(world, login, role):
    make_contact(world.home.case, notes=NOTES, summary="概要テキスト")
    response = login(world.user(role)).get(log_url(world.home.case))
    assert response.status_code == 200
    body = response.content.decode()
    assert "概要テキスト" in body and "本人の言葉です" in body
    assert "本人の発言" in body
    # only roles that may write get the quick-add form
    assert ('name="notes-0-source"' in body) is (role != Role.RECEPTION)


def test_agency_staff_see_contacts_without_s_fields(world, login):
    make_contact(
        world.home.case,
        notes=NOTES,
        summary="概要テキスト",
        next_action="秘密の次回対応",
        next_action_due=datetime.date(2026, 4, 8),
    )
    client = login(world.user(Role.AGENCY_STAFF))
    body = client.get(log_url(world.home.case)).content.decode()
    assert "電話" in body
    assert "概要テキスト" not in body and "本人の言葉です" not in body
    assert "秘密の次回対応" not in body
    assert "notes-0-source" not in body
    contact = Contact.objects.in_municipality(world.home.municipality).get()
    detail = client.get(reverse("contact-detail", args=[contact.pk])).content.decode()
    assert "概要テキスト" not in detail and "本人の言葉です" not in detail
    panel = client.get(reverse("contact-panel", args=[world.home.case.pk])).content.decode()
    assert "概要テキスト" not in panel and "秘密の次回対応" not in panel


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.CONTRACTED_COUNSELLOR, Role.AGENCY_STAFF])
def test_cases_the_user_is_not_on_answer_404(world, login, logged, role):
    client = login(world.user(role))
    for case in (world.away.case, world.home.other_case):
        assert client.get(log_url(case)).status_code == 404
        assert client.get(reverse("contact-panel", args=[case.pk])).status_code == 404
        assert client.post(log_url(case), quick_add()).status_code == 404
    for contact in (world.away.contact, world.home.other_contact):
        assert client.get(reverse("contact-detail", args=[contact.pk])).status_code == 404
    for visit in (world.away.visit, world.home.other_visit):
        assert client.get(reverse("visit-record", args=[visit.pk])).status_code == 404
        assert client.post(reverse("visit-cancel", args=[visit.pk])).status_code == 404


def test_supervisor_of_another_municipality_gets_404(world, login, logged):
    client = login(world.away.users[Role.SUPERVISOR])
    assert client.get(log_url(world.home.case)).status_code == 404
    assert client.get(reverse("contact-detail", args=[world.home.contact.pk])).status_code == 404


def test_quick_add_creates_a_contact_with_note_parts(world, login):
    client = login(world.user(Role.COUNSELLOR))
    response = client.post(log_url(world.home.case), quick_add())
    assert response.status_code == 302
    contact = Contact.objects.in_municipality(world.home.municipality).get()
    assert timezone.localtime(contact.occurred_at).strftime("%Y-%m-%d %H:%M") == "2026-04-01 10:30"
    assert contact.duration_minutes == 20
    assert contact.next_action_due == datetime.date(2026, 4, 8)
    assert list(contact.staff.all()) == [world.user(Role.COUNSELLOR)]
    page = client.get(response["Location"]).content.decode()
    assert "母「最近は昼に起きる」" in page and "支援記録を追加しました" in page


def test_quick_add_form_defaults_to_now(world, login):
    body = login(world.user(Role.COUNSELLOR)).get(log_url(world.home.case)).content.decode()
    now = timezone.localtime()
    assert f'value="{format_wareki(now.date())} {now.hour}:' in body  # 和暦, local time
    assert body.count('name="notes-') >= 6  # three rows of source + text


def test_quick_add_errors_are_japanese(world, login):
    client = login(world.user(Role.COUNSELLOR))
    data = quick_add(
        channel="fax", reached="", occurred_at="昨日", **{"notes-2-text": "情報源なし"}
    )
    response = client.post(log_url(world.home.case), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "「fax」は選べない値です" in body
    assert "選んでください" in body
    assert "日時として読み取れません: 「昨日」" in body
    assert "誰からの情報か" in body
    assert not Contact.objects.in_municipality(world.home.municipality).exists()


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.AGENCY_STAFF])
def test_read_only_roles_cannot_post(world, login, role):
    response = login(world.user(role)).post(log_url(world.home.case), quick_add())
    assert response.status_code == 403
    assert not Contact.objects.in_municipality(world.home.municipality).exists()


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_log_query_count_does_not_grow_with_rows(world, login, django_assert_max_num_queries):
    staff = [world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)]
    client = login(world.user(Role.COUNSELLOR))
    make_contact(world.home.case, staff=staff, notes=NOTES)
    make_visit(world.home.case, staff=staff)
    url = log_url(world.home.case)
    few = _count_queries(client, url)
    for i in range(15):
        make_contact(
            world.home.case,
            staff=staff,
            notes=NOTES,
            occurred_at=timezone.now() - datetime.timedelta(days=i),
        )
        make_visit(world.home.case, staff=staff)
    assert _count_queries(client, url) == few
    # + the audit entries (the case viewed, the contacts listed), each with its chain's lock
    # on PostgreSQL
    with django_assert_max_num_queries(26):
        client.get(url)
    # + the audit entries (the case viewed, the contacts listed), each with its chain's lock
    # on PostgreSQL
    with django_assert_max_num_queries(26):
        client.get(url + "?page=2")


def test_panel_shows_latest_five_and_next_action(world, login):
    case = world.home.case
    for i in range(7):
        make_contact(
            case, summary=f"記録{i}", occurred_at=timezone.now() - datetime.timedelta(days=i)
        )
    make_contact(
        case,
        summary="最新",
        next_action="同行支援の予定を立てる",
        next_action_due=datetime.date(2000, 1, 1),
    )
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("contact-panel", args=[case.pk])
    few = _count_queries(client, url)
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body
    assert "同行支援の予定を立てる" in body and "contact__next--overdue" in body
    assert body.count('href="/staff/contacts/') == 5
    make_contact(case, summary="さらに", staff=[world.user(Role.COUNSELLOR)], notes=NOTES)
    assert _count_queries(client, url) == few


def test_detail_filters_note_parts_by_source(world, login, logged):
    contact = make_contact(world.home.case, notes=NOTES)
    client = login(world.user(Role.SUPERVISOR))
    url = reverse("contact-detail", args=[contact.pk])
    body = client.get(url).content.decode()
    assert "本人の言葉です" in body and "関係機関からの情報です" in body
    body = client.get(url + "?source=person").content.decode()
    assert "本人の言葉です" in body and "関係機関からの情報です" not in body


def test_next_action_done(world, login):
    contact = make_contact(
        world.home.case, next_action="電話", next_action_due=datetime.date(2026, 4, 1)
    )
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("contact-next-action-done", args=[contact.pk])
    assert client.get(url).status_code == 302  # GET changes nothing
    contact.refresh_from_db()
    assert not contact.next_action_done
    response = client.post(url, {"next": "log"})
    assert response["Location"] == log_url(world.home.case)
    contact.refresh_from_db()
    assert contact.next_action_done
    assert login(world.user(Role.AGENCY_STAFF)).post(url).status_code == 403


def test_plan_then_record_a_visit(world, login):
    client = login(world.user(Role.COUNSELLOR))
    case = world.home.case
    response = client.post(
        reverse("visit-plan", args=[case.pk]),
        {
            "planned_for": "2026-04-02T14:00",
            "safety_notes": "大型犬あり。機関名を名乗らない",
            "purpose": "手紙を届ける",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "訪問を予定しました" in body and "2人以上" in body  # planned alone: a warning
    assert "大型犬あり" in body
    visit = OutreachVisit.objects.in_municipality(world.home.municipality).get()
    record_url = reverse("visit-record", args=[visit.pk])
    form_page = client.get(record_url).content.decode()
    assert "大型犬あり" in form_page and "令和8年4月2日 14:00" in form_page
    data = quick_add(reached="letter_left", occurred_at="2026-04-02T14:10")
    del data["channel"]
    response = client.post(record_url, data)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == OutreachVisit.Status.DONE
    assert visit.contact.channel == "visit" and visit.contact.reached == "letter_left"
    # recording again is refused and redirects back to the log
    assert client.post(record_url, data).status_code == 302
    assert Contact.objects.in_municipality(world.home.municipality).count() == 1


def test_plan_form_errors_and_agency_refused(world, login):
    case = world.home.case
    client = login(world.user(Role.COUNSELLOR))
    body = client.post(reverse("visit-plan", args=[case.pk]), {"planned_for": ""}).content.decode()
    assert "訪問予定日時を入力してください" in body
    agency = login(world.user(Role.AGENCY_STAFF))
    assert agency.get(reverse("visit-plan", args=[case.pk])).status_code == 403


def test_cancel_a_visit(world, login):
    visit = make_visit(world.home.case, staff=[world.user(Role.COUNSELLOR)])
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("visit-cancel", args=[visit.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    visit.refresh_from_db()
    assert visit.status == OutreachVisit.Status.CANCELLED
