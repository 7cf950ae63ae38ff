from django.test import RequestFactory

from tsunagu.accounts.roles import Role
from tsunagu.contacts.models import NoteSource
from tsunagu.people.panels import case_panels, render_case_panels
from tsunagu.testing.contacts import make_contact


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_contacts_panel_is_registered_on_the_case_page(world):
    assert "contacts" in {p.key for p in case_panels()}
    make_contact(world.home.case, summary="パネルの概要", notes=[(NoteSource.PERSON, "x")])
    html = "".join(render_case_panels(_request(world.user(Role.COUNSELLOR)), world.home.case))
    assert "支援記録" in html and "パネルの概要" in html


def test_panel_hides_s_fields_from_agency_staff(world):
    make_contact(world.home.case, summary="パネルの概要")
    html = "".join(render_case_panels(_request(world.user(Role.AGENCY_STAFF)), world.home.case))
    assert "支援記録" in html and "パネルの概要" not in html


def test_case_page_shows_the_panel_with_fixed_queries(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    staff = [world.user(Role.COUNSELLOR)]
    make_contact(world.home.case, summary="ケース画面の概要", staff=staff)
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("case-detail", args=[world.home.case.pk])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    few, body = queries()
    assert "ケース画面の概要" in body and f"/staff/cases/{world.home.case.pk}/contacts/" in body
    for _ in range(6):
        make_contact(world.home.case, staff=staff, notes=[(NoteSource.STAFF, "所見")])
    assert queries()[0] == few
