"""What the contact log adds to the case page: contacts and visits in the timeline, the open
next action in the summary header (tsunagu.contacts.panels)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.contacts.models import NoteSource
from tsunagu.people.timeline import sources
from tsunagu.testing.contacts import make_contact, make_visit


def test_contacts_and_visits_are_timeline_sources(world):
    kinds = {s.kind for s in sources()}
    assert {"contact", "visit"} <= kinds


def test_case_page_shows_contacts_and_hides_s_fields_from_agency_staff(world, login):
    make_contact(world.home.case, summary="パネルの概要", notes=[(NoteSource.PERSON, "x")])
    make_visit(world.home.case, purpose="訪問の目的（要配慮）")
    url = reverse("case-detail", args=[world.home.case.pk])
    body = login(world.user(Role.COUNSELLOR)).get(url).content.decode()
    assert "パネルの概要" in body and "訪問の目的（要配慮）" in body and "犬がいる" in body
    body = login(world.user(Role.AGENCY_STAFF)).get(url).content.decode()
    assert "支援記録" in body and "パネルの概要" not in body and "犬がいる" not in body


def test_overdue_next_action_is_highlighted_in_the_header(world, login):
    today = timezone.localdate()
    make_contact(
        world.home.case,
        next_action="母に電話する",
        next_action_due=today - datetime.timedelta(days=2),
    )
    make_contact(
        world.home.case, next_action="後でよい", next_action_due=today + datetime.timedelta(days=9)
    )
    body = (
        login(world.user(Role.COUNSELLOR))
        .get(reverse("case-detail", args=[world.home.case.pk]))
        .content.decode()
    )
    header = body.split('class="case-summary__next"')[1].split("</dd>")[0]
    assert "母に電話する" in header and "期限切れ" in header and "case-summary__overdue" in header
    assert "後でよい" not in header
    assert "次回の対応を済みにする" in body


def test_record_contact_button_opens_the_form_on_the_log(world, login):
    client = login(world.user(Role.COUNSELLOR))
    body = client.get(reverse("case-detail", args=[world.home.case.pk])).content.decode()
    link = reverse("contact-log", args=[world.home.case.pk]) + "?new=1#contact-form"
    assert link in body
    log = client.get(reverse("contact-log", args=[world.home.case.pk]), {"new": "1"})
    assert 'id="contact-form" open' in log.content.decode()


def test_next_action_done_from_the_case_page_returns_to_it(world, login):
    contact = make_contact(world.home.case, next_action="電話する")
    client = login(world.user(Role.COUNSELLOR))
    response = client.post(reverse("contact-next-action-done", args=[contact.pk]), {"next": "case"})
    assert response.url == reverse("case-detail", args=[world.home.case.pk])
    body = client.get(response.url).content.decode()
    header = body.split('class="case-summary__next"')[1].split("</dd>")[0]
    assert "電話する" not in header and "なし" in header
