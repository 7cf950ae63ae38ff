"""The case page's timeline (people.timeline) and summary header: every kind of entry, paged by
a keyset cursor with a fixed number of queries (10 vs 2,000 entries), filtered by a validated
kind, through the scoping and the field policy."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.concerns.models import ConcernReport
from tsunagu.contacts.models import Contact
from tsunagu.intake.models import Intake
from tsunagu.people import grants
from tsunagu.people.models import AccessGrant, CaseAccess, Person
from tsunagu.people.summary import age_label
from tsunagu.people.timeline import clean_kind, parse_cursor, timeline_page
from tsunagu.routing.models import HandoffEvent
from tsunagu.testing.contacts import bulk_timeline, make_contact
from tsunagu.testing.intake import add_intakes
from tsunagu.testing.people import add_history, make_case, make_person


def _url(case, **params):
    return reverse("case-detail", args=[case.pk]), params


def _count(client, url, params, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params, **headers)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_query_count_is_the_same_for_10_and_2000_entries(world, login):
    small = make_case(make_person(world.home.municipality), world.home.window)
    big = make_case(make_person(world.home.municipality), world.home.window)
    bulk_timeline(small, 10)
    bulk_timeline(big, 2000)
    client = login(world.user(Role.SUPERVISOR))
    client.get(*_url(small))  # warm up session and caches
    few, body = _count(client, *_url(small))
    assert body.count('class="timeline__entry ') == 10 and "もっと見る" not in body
    many, body = _count(client, *_url(big))
    assert many == few
    assert body.count('class="timeline__entry ') == 30 and "もっと見る" in body
    # a page deep in the big case costs the same
    deep = timeline_page(world.user(Role.SUPERVISOR), big, before=None, size=1500).next_cursor
    queries, body = _count(client, reverse("case-detail", args=[big.pk]), {"before": deep})
    assert queries == few and body.count('class="timeline__entry ') == 30


def test_pages_walk_every_entry_once_newest_first(world):
    case = make_case(make_person(world.home.municipality), world.home.window)
    bulk_timeline(case, 95)
    add_history(case, 5)  # 10 more rows at the same moment
    user = world.user(Role.COUNSELLOR)
    seen, cursor = [], None
    while True:
        page = timeline_page(user, case, before=parse_cursor(cursor), size=7)
        seen += [(e.at, e.rank, e.obj.pk, e.kind) for e in page.entries]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == 105 and len(set(seen)) == 105
    assert seen == sorted(seen, reverse=True)


def test_kind_filter_is_validated(world, login):
    case = world.home.case
    make_contact(case, summary="電話の記録")
    add_history(case, 1)
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("case-detail", args=[case.pk])
    body = client.get(url, {"kind": "contact"}).content.decode()
    assert "電話の記録" in body and "経過0" not in body
    body = client.get(url, {"kind": "status"}).content.decode()
    assert "電話の記録" not in body and "経過0" in body
    response = client.get(url, {"kind": "<script>", "before": "x.y"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "種類の値" in body and "続きの位置が正しくありません" in body and "<script>" not in body
    assert "電話の記録" in body and "経過0" in body
    assert clean_kind("") == "" and clean_kind("intake") == "intake"


def test_more_link_works_with_and_without_htmx(world, login):
    case = make_case(make_person(world.home.municipality), world.home.window)
    bulk_timeline(case, 45)
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("case-detail", args=[case.pk])
    first = timeline_page(world.user(Role.COUNSELLOR), case)
    params = {"kind": "contact", "before": first.next_cursor}
    fragment = client.get(url, params, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "timeline__entry--contact" in fragment
    assert "timeline__entry--status" not in fragment
    full = client.get(url, params).content.decode()
    assert "<html" in full and "case-summary" in full


def test_grantee_without_contact_coverage_sees_no_contacts(world, login):
    case = world.home.case
    make_contact(case, summary="委託先に見せない記録", next_action="訪問する")
    add_history(case, 1)
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    client = login(contracted)
    body = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "委託先に見せない記録" in body and "訪問する" in body
    AccessGrant.objects.unscoped("test").filter(case=case, user=contracted).update(
        covers_contacts=False, covers_sensitive=False
    )
    body = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "委託先に見せない記録" not in body and "訪問する" not in body
    assert "timeline__entry--contact" not in body
    assert "timeline__entry--status" in body and "経過0" not in body  # S-class reason masked
    assert "（理由は非表示）" in body


def test_direct_grants_handoffs_intakes_and_concerns_are_in_the_timeline(world, login):
    add_intakes(world)
    case = world.home.case
    counsellor = world.user(Role.COUNSELLOR)
    report = ConcernReport.objects.create(
        municipality=world.home.municipality,
        reported_by=world.user(Role.WELFARE_COMMISSIONER),
        district="多摩平",
        situation="雨戸が閉まったまま（要配慮）",
    )
    Intake.objects.unscoped("test").filter(pk=world.home.intake.pk).update(
        case=case,
        consent=Intake.Consent.GIVEN,
        urgency=Intake.Urgency.HIGH,
        concern_report_id=report.pk,
    )
    supervisor = world.user(Role.SUPERVISOR)
    grants.grant_access(supervisor, case, user=world.user(Role.RECEPTION), reason="会議のため")
    HandoffEvent.objects.create(
        municipality=world.home.municipality,
        access_id=CaseAccess.objects.unscoped("test").filter(case=case).first().pk,
        case_id=case.pk,
        event=HandoffEvent.Event.ACCEPTED,
        actor=world.user(Role.CONTRACTED_COUNSELLOR),
        note="受諾しました",
    )
    body = login(counsellor).get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "受諾しました" in body
    for kind in ("intake", "concern", "grant", "handoff"):
        assert f"timeline__entry--{kind}" in body, kind
    assert world.home.intake.number in body and "雨戸が閉まったまま" in body
    header = body.split('class="case-summary"')[1].split("</header>")[0]
    assert "同意あり" in header and "緊急度 高" in header
    agency = login(world.user(Role.AGENCY_STAFF))
    body = agency.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "timeline__entry--concern" not in body and "雨戸" not in body
    header = body.split('class="case-summary"')[1].split("</header>")[0]
    assert "同意あり" not in header and "受付票を閲覧できない役割です" in header


def test_header_shows_kana_age_and_unconfirmed_consent(world, login):
    person = make_person(
        world.home.municipality,
        family_name="日野",
        given_name="一郎",
        family_name_kana="ヒノ",
        given_name_kana="イチロウ",
        birth_date=datetime.date(1974, 1, 2),
    )
    case = make_case(person, world.home.window)
    body = (
        login(world.user(Role.COUNSELLOR))
        .get(reverse("case-detail", args=[case.pk]))
        .content.decode()
    )
    header = body.split('class="case-summary"')[1].split("</header>")[0]
    today = timezone.localdate()
    age = today.year - 1974 - ((today.month, today.day) < (1, 2))
    assert "日野 一郎" in header and "ヒノ イチロウ" in header and f"{age}歳" in header
    assert "未確認" in header and "期限切れ" not in header


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"birth_date_precision": "day", "birth_date": datetime.date(1974, 6, 1)}, "52歳"),
        ({"birth_date_precision": "year", "birth_date": datetime.date(1974, 1, 1)}, "51〜52歳"),
        (
            {
                "birth_date_precision": "age",
                "stated_age": 52,
                "age_as_of": datetime.date(2026, 5, 1),
            },
            "52〜53歳",
        ),
        ({}, "不明"),
    ],
)
def test_age_label(fields, expected):
    person = Person(**fields)
    assert age_label(person, datetime.date(2026, 12, 1)) == expected


def test_the_page_read_is_audited_as_before(world, login):
    case = world.home.case
    make_contact(case)
    before = AuditEvent.objects.count()
    login(world.user(Role.COUNSELLOR)).get(reverse("case-detail", args=[case.pk]))
    views = AuditEvent.objects.filter(pk__gt=before, action="view", object_type="people.case")
    assert list(views.values_list("object_id", flat=True)) == [str(case.pk)]
    assert Contact.objects.unscoped("test").filter(case=case).count() == 1


def test_query_count_is_fixed_for_a_grantee_without_sensitive_fields(world, login):
    """The field policy's S check (grants that withhold S-class fields) is one query per model
    and page, not one per entry."""
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    cases = []
    for n in (10, 300):
        case = make_case(make_person(world.home.municipality), world.home.window)
        bulk_timeline(case, n)
        AccessGrant.objects.create(
            municipality=world.home.municipality,
            case=case,
            user=contracted,
            source=AccessGrant.Source.DIRECT,
            covers_sensitive=False,
            starts_at=timezone.now(),
            granted_by=world.user(Role.COUNSELLOR),
            granting_window=world.home.window,
        )
        cases.append(case)
    client = login(contracted)
    client.get(*_url(cases[0]))
    few, body = _count(client, *_url(cases[0]))
    assert "一括" not in body and "（理由は非表示）" in body
    many, body = _count(client, *_url(cases[1]))
    assert many == few and body.count('class="timeline__entry ') == 30
