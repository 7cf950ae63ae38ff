"""The review page: every part of the record with its tag, the reviewer's marks saved and
resumed, access for supervisors only, and a fixed number of queries."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.contacts.models import NoteSource
from tsunagu.disclosures.assemble import assemble
from tsunagu.disclosures.models import DisclosureRequest
from tsunagu.people.models.households import Relation
from tsunagu.testing.audit import last_audit_id
from tsunagu.testing.contacts import make_contact
from tsunagu.testing.people import make_household


def _url(request: DisclosureRequest) -> str:
    return f"/staff/disclosure-requests/{request.pk}/"


def _items_by_text(world, request):
    record = assemble(world.user(Role.SUPERVISOR), request.person)
    return {item.text: item for item in record.items}


def test_every_part_of_the_record_is_listed_with_its_source_tag(world, disclosure):
    items = _items_by_text(world, disclosure)
    expected = {
        "たっくん": ("people.person", "本人提供"),
        "幸子さんは腰痛で通院中（要配慮）": ("people.householdmember", "第三者情報"),
        "ﾔﾏﾀﾞ ﾀﾛｳさん本人「2026年5月10日に外出したい」": ("contacts.contactnote", "本人提供"),
        "幸子さんより、近所の佐藤さんが心配していると": ("contacts.contactnote", "第三者情報"),
        "外に出られるようになりたい（要配慮）": ("assessments.assessment", "本人提供"),
        "絵を描くのが得意": ("assessments.assessment", "職員の所見"),
        "訪問": ("contacts.contact", "記録事項"),
        "髙橋 健": ("people.householdmember", "第三者情報"),
        "まれな病名X": ("intake.intake", "第三者情報"),  # told by the mother, not the person
        "クリニックで面談した（要配慮）": ("referrals.referralevent", "第三者情報"),
    }
    for text, (source, tag) in expected.items():
        assert text in items, text
        assert (items[text].source, items[text].tag_label) == (source, tag), text
    sources = {item.source for item in items.values()}
    for source in (
        "people.case",
        "intake.intake",
        "plans.supportplan",
        "consent.consent",
        "consent.disclosure",
        "referrals.referral",
        "meetings.agendaitem",
    ):
        assert source in sources, source


def test_the_review_page_is_a_read_of_personal_data_audited(world, disclosure, supervisor_client):
    before = last_audit_id()
    response = supervisor_client.get(_url(disclosure))
    assert response.status_code == 200
    html = response.content.decode()
    assert "幸子さんは腰痛で通院中" in html and "第三者情報" in html and "職員の所見" in html
    event = AuditEvent.objects.filter(
        pk__gt=before, action="view", object_type="people.person"
    ).get()
    assert event.extra["page"] == "disclosure_review"
    assert event.extra["disclosure_request"] == disclosure.pk
    assert world.home.case.pk in event.extra["read"]["people.case"]
    assert "腰痛" not in str(event.extra)  # ids and counts only


def test_only_supervisors_of_the_municipality_reach_the_pages(world, disclosure):
    away = world.away.disclosure_request
    for user, request in (
        (world.user(Role.COUNSELLOR), disclosure),
        (world.user(Role.MUNICIPALITY_ADMIN), disclosure),
        (world.user(Role.RECEPTION), disclosure),
        (world.user(Role.SUPERVISOR), away),
    ):
        client = Client()
        client.force_login(user)
        before = last_audit_id()
        assert client.get(_url(request)).status_code == 404, user
        assert (
            client.get(f"/staff/persons/{request.person_id}/disclosure-requests/").status_code
            == 404
        )
        assert AuditEvent.objects.filter(pk__gt=before, action="access_denied").exists()


def test_the_person_and_case_pages_link_to_the_request_for_supervisors(world, disclosure):
    link = f"/staff/persons/{world.home.person.pk}/disclosure-requests/"
    for role, shown in ((Role.SUPERVISOR, True), (Role.COUNSELLOR, False)):
        client = Client()
        client.force_login(world.user(role))
        for page in (
            f"/staff/persons/{world.home.person.pk}/",
            f"/staff/cases/{world.home.case.pk}/",
        ):
            response = client.get(page)
            assert response.status_code == 200
            assert (link in response.content.decode()) is shown, (role, page)


def test_marks_are_saved_and_the_review_resumes(world, disclosure, supervisor_client):
    items = _items_by_text(world, disclosure)
    note = items["幸子さんより、近所の佐藤さんが心配していると"]
    summary = items["絵を描くのが得意"]
    response = supervisor_client.post(
        _url(disclosure),
        {
            f"decision:{note.key}": "withhold",
            f"reason:{note.key}": "third_party",
            f"decision:{summary.key}": "disclose",
            "decision:people.person:999999:notes": "withhold",  # not an item: ignored
            "action": "save",
        },
    )
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.decisions == {
        note.key: {"decision": "withhold", "reason": "third_party"},
        summary.key: {"decision": "disclose"},
    }
    html = supervisor_client.get(_url(disclosure)).content.decode()
    assert f'name="decision:{note.key}" value="withhold" checked' in html
    assert '<option value="third_party" selected>' in html


def test_withholding_needs_a_reason_and_nothing_is_saved_without_one(
    world, disclosure, supervisor_client
):
    note = _items_by_text(world, disclosure)["幸子さんより、近所の佐藤さんが心配していると"]
    response = supervisor_client.post(
        _url(disclosure), {f"decision:{note.key}": "withhold", "action": "save"}
    )
    assert response.status_code == 422
    assert "不開示とする理由を選んでください。" in response.content.decode()
    disclosure.refresh_from_db()
    assert disclosure.decisions == {}


def test_opening_a_request_sets_the_due_date_thirty_days_on(world, disclosure, supervisor_client):
    url = f"/staff/persons/{world.home.person.pk}/disclosure-requests/"
    response = supervisor_client.post(url, {"received_on": "R8.5.1", "requester": "person"})
    created = DisclosureRequest.objects.visible_to(
        world.user(Role.SUPERVISOR), "export_disclosure"
    ).latest("pk")
    assert response.status_code == 302 and response["Location"] == _url(created)
    assert created.received_on == datetime.date(2026, 5, 1)
    assert created.due_on == datetime.date(2026, 5, 31)
    listing = supervisor_client.get(url).content.decode()
    assert "令和8年5月31日" in listing
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for data, message in (
        ({"received_on": tomorrow.isoformat(), "requester": "person"}, "未来の日付"),
        ({"received_on": "R8.5.1", "requester": "agent"}, "請求者の氏名を入力"),
        ({"received_on": "きのう", "requester": "person"}, "日付"),
    ):
        response = supervisor_client.post(url, data)
        assert response.status_code == 200 and message in response.content.decode(), data


def test_the_review_page_runs_a_fixed_number_of_queries(
    world, disclosure, supervisor_client, django_assert_num_queries
):
    url = _url(disclosure)
    supervisor_client.get(url)  # warm the per-connection fixed queries
    with django_assert_num_queries(REVIEW_QUERIES):
        assert supervisor_client.get(url).status_code == 200
    case = world.home.case
    for day in range(1, 6):
        make_contact(
            case,
            occurred_at=timezone.now() - datetime.timedelta(days=day),
            notes=[(NoteSource.FAMILY, f"母より{day}"), (NoteSource.STAFF, f"所見{day}")],
        )
    make_household(world.home.person, [{"relation": Relation.SIBLING, "name": "山田 花子"}])
    with django_assert_num_queries(REVIEW_QUERIES):
        response = supervisor_client.get(url)
    assert "母より5" in response.content.decode()


REVIEW_QUERIES = 34


def test_hostile_input_gets_japanese_errors_and_stores_nothing(
    world, disclosure, supervisor_client
):
    url = f"/staff/persons/{world.home.person.pk}/disclosure-requests/"
    before = DisclosureRequest.objects.visible_to(
        world.user(Role.SUPERVISOR), "export_disclosure"
    ).count()
    for data in (
        {"received_on": "0001-01-01", "requester": "person"},
        {"received_on": "9999-12-31", "requester": "person"},
        {"received_on": "R8.5.1", "requester": "agent", "requester_name": "山" * 200},
        {"received_on": "R8.5.1", "requester": "agent", "requester_name": "山\x00田"},
        {"received_on": "R8.5.1", "requester": "nobody"},
    ):
        response = supervisor_client.post(url, data)
        assert response.status_code == 200, data
        assert "error" in response.content.decode(), data
    assert (
        DisclosureRequest.objects.visible_to(
            world.user(Role.SUPERVISOR), "export_disclosure"
        ).count()
        == before
    )
    review = _url(disclosure)
    note = _items_by_text(world, disclosure)["幸子さんより、近所の佐藤さんが心配していると"]
    for data in (
        {f"decision:{note.key}": "withhold", f"reason:{note.key}": "\x00", "action": "pdf"},
        {f"decision:{note.key}": "x" * 5000, "action": "save"},
        {"decision:\x00": "withhold", "action": "json"},
    ):
        assert supervisor_client.post(review, data).status_code in (302, 422), data
    assert (
        supervisor_client.get("/staff/disclosure-requests/99999999999999999999/").status_code == 404
    )
