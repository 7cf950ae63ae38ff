"""和暦 in every date field: the form fields, their readout, the readout view, the forms that
use them (contacts, visits, due dates, handoff end, birth date) and the API's 422."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.contacts.forms import ContactForm, VisitPlanForm, VisitRecordForm
from tsunagu.contacts.models import Contact, OutreachVisit
from tsunagu.core.validation.date_fields import (
    DateReadoutInput,
    WarekiDateField,
    WarekiDateTimeField,
    readout,
)
from tsunagu.people.forms import PersonForm
from tsunagu.people.handoff_views import HandoffForm
from tsunagu.testing.api import bearer, field_errors
from tsunagu.testing.routing_concerns import login

NOW = datetime.datetime(2026, 4, 2, 1, 0, tzinfo=datetime.UTC)  # 2026-04-02 10:00 JST


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    "text",
    ["2026-04-01", "2026/4/1", "R8.4.1", "令和8年4月1日", "令和８年４月１日", "Ｒ８．４．１"],
)
def test_date_field_reads_wareki_and_seireki(text):
    assert WarekiDateField().clean(text) == datetime.date(2026, 4, 1)


def test_date_field_errors_are_japanese():
    field = WarekiDateField(required=False)
    assert field.clean("") is None
    for text, message in [
        ("R8.2.30", "存在しない日付"),
        ("平成99年1月1日", "期間外"),
        ("あした", "日付として読み取れません"),
        ("9" * 100, "60文字以内"),
        ("2026-04-01\x00", "使用できない文字"),
    ]:
        with pytest.raises(Exception) as error:
            field.clean(text)
        assert message in " ".join(error.value.messages), (text, error.value.messages)


def test_datetime_field_is_local_and_aware():
    moment = WarekiDateTimeField().clean("令和8年4月1日 8時59分")
    assert moment == datetime.datetime(2026, 3, 31, 23, 59, tzinfo=datetime.UTC)
    assert timezone.localtime(moment).hour == 8


def test_readout_reads_or_shows_the_error():
    assert readout("date", "R8.4.1") == ("令和8年4月1日（2026年4月1日）", True)
    assert readout("datetime", "R8.4.1 9:05") == ("令和8年4月1日（2026年4月1日） 9:05", True)
    assert readout("birth", "S60") == ("昭和60年（1985年）", True)
    assert readout("onset", "10年前", datetime.date(2026, 4, 1)) == ("平成28年（2016年）頃", True)
    text, ok = readout("date", "R8.2.30")
    assert not ok and "存在しない日付" in text
    assert readout("date", "") == ("", True)


def test_widget_renders_the_reading_and_the_htmx_hook():
    html = DateReadoutInput("date").render("due", "R8.4.1", attrs={"id": "id_due"})
    assert 'value="R8.4.1"' in html
    assert 'id="id_due-readout"' in html and "令和8年4月1日（2026年4月1日）" in html
    assert 'hx-get="/staff/dates/readout/date/?name=due&amp;id=id_due"' in html
    assert 'aria-describedby="id_due-readout"' in html
    bad = DateReadoutInput("date").render("due", "R8.2.30", attrs={"id": "id_due"})
    assert "date-readout--error" in bad and "令和8年" not in bad
    shown = DateReadoutInput("datetime").render(
        "at", timezone.make_aware(datetime.datetime(2026, 4, 1, 8, 59)), attrs={"id": "x"}
    )
    assert 'value="令和8年4月1日 8:59"' in shown


@pytest.mark.parametrize(
    ("form", "name", "kind"),
    [
        (ContactForm, "occurred_at", WarekiDateTimeField),
        (ContactForm, "next_action_due", WarekiDateField),
        (VisitRecordForm, "occurred_at", WarekiDateTimeField),
        (VisitPlanForm, "planned_for", WarekiDateTimeField),
        (HandoffForm, "until", WarekiDateField),
    ],
)
def test_every_date_field_of_the_forms_reads_wareki(form, name, kind):
    assert isinstance(form.base_fields[name], kind)


def test_birth_field_shows_its_reading():
    html = str(PersonForm(data={"birth_text": "S60.4.1"})["birth_text"])
    assert "昭和60年4月1日（1985年）" in html


def test_readout_view_replaces_the_reading(world, client, settings, clock):
    login(client, settings, world.user(Role.COUNSELLOR))
    url = reverse("date-readout", args=["date"])
    ids = {"name": "due", "id": "id_due"}
    page = client.get(url, {**ids, "due": "令和8年4月1日"}).content.decode()
    assert page.startswith('<output id="id_due-readout"') and "（2026年4月1日）" in page
    page = client.get(url, {**ids, "due": "令和8年2月30日"}).content.decode()
    assert "date-readout--error" in page and "存在しない日付" in page and "（2026年" not in page
    onset = client.get(reverse("date-readout", args=["onset"]), {"name": "o", "o": "10年前"})
    assert "平成28年（2016年）頃" in onset.content.decode()
    assert client.get(reverse("date-readout", args=["nope"])).status_code == 404
    hostile = client.get(url, {"name": "due", "due": "<b>x</b>", "id": '"><script>'})
    hostile = hostile.content.decode()
    assert "<script>" not in hostile and "<b>" not in hostile


def test_readout_view_needs_a_login(client, db):
    response = client.get(reverse("date-readout", args=["date"]))
    assert response.status_code == 302


def _contact_post(**extra):
    data = {
        "channel": "phone",
        "occurred_at": "Ｒ８．４．１　８：５９",
        "reached": "family",
        "summary": "母親と電話で話した",
        "next_action": "来週再度電話",
        "next_action_due": "令和8年4月8日",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_contact_and_due_date_in_wareki(world, client, settings, clock):
    login(client, settings, world.user(Role.COUNSELLOR))
    case = world.home.case
    response = client.post(reverse("contact-log", args=[case.pk]), _contact_post())
    assert response.status_code == 302, response.content.decode()[-3000:]
    contact = Contact.objects.in_municipality(world.home.municipality).get()
    assert timezone.localtime(contact.occurred_at).replace(tzinfo=None) == datetime.datetime(
        2026, 4, 1, 8, 59
    )
    assert contact.next_action_due == datetime.date(2026, 4, 8)
    page = client.post(
        reverse("contact-log", args=[case.pk]), _contact_post(next_action_due="R8.2.30")
    ).content.decode()
    assert "存在しない日付です: 「R8.2.30」" in page


def test_visit_planned_in_wareki(world, client, settings, clock):
    login(client, settings, world.user(Role.COUNSELLOR))
    case = world.home.case
    client.post(
        reverse("visit-plan", args=[case.pk]),
        {"planned_for": "令和8年4月3日 14時", "purpose": "手紙", "safety_notes": ""},
    )
    visit = OutreachVisit.objects.in_municipality(world.home.municipality).get()
    assert timezone.localtime(visit.planned_for).replace(tzinfo=None) == datetime.datetime(
        2026, 4, 3, 14, 0
    )
    page = client.get(reverse("visit-record", args=[visit.pk])).content.decode()
    assert 'value="令和8年4月3日 14:00"' in page


def test_api_accepts_iso_and_wareki_and_answers_422_in_japanese(world, client, clock):
    counsellor = world.user(Role.COUNSELLOR)
    url = f"/api/v1/cases/{world.home.case.pk}/contacts"
    payload = {"channel": "phone", "occurred_at": "2026-04-01T10:30", "reached": "family"}

    def post(**extra):
        return client.post(
            url, {**payload, **extra}, content_type="application/json", **bearer(counsellor)
        )

    assert post(next_action="電話", next_action_due="2026-04-08").status_code == 201
    assert post(next_action="電話", next_action_due="R8.4.8").status_code == 201
    errors = field_errors(post(next_action="電話", next_action_due="2026-02-30"))
    assert "存在しない日付" in errors["next_action_due"][0]
    errors = field_errors(post(occurred_at="いつか"))
    assert "日時として読み取れません" in errors["occurred_at"][0]
