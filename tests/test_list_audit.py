"""Lists that show personal data record what they showed; refused accesses are recorded."""

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.testing.api import issue_test_token


def _list_events(after: int, page: str):
    return AuditEvent.objects.filter(pk__gt=after, action="list", extra__page=page)


def _last() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_list_pages_record_the_ids_they_showed(world, client, settings):
    from tsunagu.testing.routing_concerns import login

    home = world.home
    supervisor = world.user(Role.SUPERVISOR)
    c = login(client, settings, supervisor)
    for url, page, model, ids in (
        ("/staff/", "staff_home", "people.case", {home.case.pk, home.other_case.pk}),
        ("/staff/cases/", "case_list", "people.case", {home.case.pk, home.other_case.pk}),
        ("/staff/concerns/", "concern_triage_list", "concerns.concernreport", None),
    ):
        before = _last()
        assert c.get(url).status_code == 200
        [event] = _list_events(before, page)
        assert event.object_type == model and event.actor_id == supervisor.pk
        assert event.municipality_id == home.municipality.pk
        if ids is not None:
            assert {int(i) for i in event.extra["ids"]} == ids
        else:
            assert event.extra["ids"]
    before = _last()
    c.post("/staff/search/", {"q": "山田"})
    search = AuditEvent.objects.filter(pk__gt=before, action="search").get()
    assert search.extra["ids"] == [home.person.pk]
    assert "山田" not in str(search.extra)  # the query text is never logged


def test_a_foreign_record_is_recorded_as_denied(world, client, settings):
    from tsunagu.testing.routing_concerns import login

    counsellor = world.user(Role.COUNSELLOR)
    c = login(client, settings, counsellor)
    before = _last()
    for url, object_type, pk in (
        (f"/staff/cases/{world.away.case.pk}/", "people.case", world.away.case.pk),
        (f"/staff/cases/{world.home.other_case.pk}/", "people.case", world.home.other_case.pk),
        (f"/staff/persons/{world.away.person.pk}/", "people.person", world.away.person.pk),
    ):
        assert c.get(url).status_code == 404
        assert AuditEvent.objects.filter(
            pk__gt=before,
            action="access_denied",
            actor_id=counsellor.pk,
            object_type=object_type,
            object_id=str(pk),
        ).exists(), url


def test_a_refused_request_is_recorded_once(world, client, settings):
    from tsunagu.testing.routing_concerns import login

    reception = world.user(Role.RECEPTION)
    c = login(client, settings, reception)
    before = _last()
    assert c.get("/staff/persons/merge/").status_code == 403  # the role may not merge
    [event] = AuditEvent.objects.filter(pk__gt=before, action="access_denied")
    assert event.actor_id == reception.pk and event.extra["path"] == "/staff/persons/merge/"
    # a routing rule of a municipality the admin does not manage: one entry, with the record
    admin = world.user(Role.MUNICIPALITY_ADMIN)
    c = login(client, settings, admin)
    before = _last()
    assert c.get(f"/staff/routing/rules/{world.away.routing_rule.pk}/edit/").status_code == 404
    [event] = AuditEvent.objects.filter(pk__gt=before, action="access_denied")
    assert event.object_type == "routing.routingrule"
    # the API records its 403s too

    raw = issue_test_token(reception, name="t")[1]
    before = _last()
    response = client.post(
        "/api/v1/concern-reports",
        data={"district": "元本郷町", "situation": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk__gt=before, action="access_denied").count() == 1
