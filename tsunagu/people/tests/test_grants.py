"""Access grants: one mechanism that gives access to one case and ends it.

The world's home case is handed to the contracted counsellor (an active grant covering
everything) and referred to the agency (an organisation grant).
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, can
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.contacts.models import ContactNote
from tsunagu.contacts.services import log_contact
from tsunagu.people import grants, handoff
from tsunagu.people.models import AccessGrant, Case, CaseAccess
from tsunagu.testing.api import issue_test_token
from tsunagu.testing.contacts import make_contact
from tsunagu.testing.world import make_user


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # memberships and the field policy are per user object


def api(client, user: User):
    raw = issue_test_token(user, name="test")[1]
    return lambda url: client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")


def _grant(world, **kwargs) -> AccessGrant:
    defaults = {
        "municipality": world.home.municipality,
        "case": world.home.other_case,
        "source": AccessGrant.Source.DIRECT,
        "starts_at": timezone.now(),
        "granted_by": world.user(Role.SUPERVISOR),
        "granting_window": world.home.other_window,
    }
    return AccessGrant.objects.create(**{**defaults, **kwargs})


def test_ending_a_grant_on_the_case_page_ends_web_and_api_reads(world, client, login):
    home = world.home
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    make_contact(
        home.case, summary="本人と面談（要配慮）", notes=[("person", "本人の話（要配慮）")]
    )
    read = api(client, contracted)
    assert read(f"/api/v1/cases/{home.case.pk}").status_code == 200
    contacts = read(f"/api/v1/cases/{home.case.pk}/contacts").json()["items"]
    assert contacts[0]["notes"][0]["text"] == "本人の話（要配慮）"
    assert read(f"/api/v1/persons/{home.person.pk}").status_code == 200
    page = login(contracted)
    assert page.get(f"/staff/cases/{home.case.pk}/").status_code == 200

    # the case page lists the grant, with an end link for the supervisor
    supervisor = login(world.user(Role.SUPERVISOR))
    body = supervisor.get(f"/staff/cases/{home.case.pk}/").content.decode()
    assert "このケースへのアクセス権" in body and str(contracted) in body
    assert f"/staff/grants/{home.grant.pk}/end/" in body
    # a reason is required
    response = supervisor.post(f"/staff/grants/{home.grant.pk}/end/", {"reason": " "})
    assert (
        response.status_code == 200
        and "終了する理由を入力してください。" in response.content.decode()
    )
    assert read(f"/api/v1/cases/{home.case.pk}").status_code == 200
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = supervisor.post(f"/staff/grants/{home.grant.pk}/end/", {"reason": "支援終了"})
    assert response.status_code == 302 and response["Location"] == f"/staff/cases/{home.case.pk}/"

    # from that moment: 404 on the web and in the API, for the case, its contacts and person
    for url in (
        f"/api/v1/cases/{home.case.pk}",
        f"/api/v1/cases/{home.case.pk}/contacts",
        f"/api/v1/persons/{home.person.pk}",
    ):
        assert read(url).status_code == 404, url
    assert page.get(f"/staff/cases/{home.case.pk}/").status_code == 404
    assert page.get(f"/staff/cases/{home.case.pk}/contacts/").status_code == 404
    # the grant and the handoff it carried are ended, audited, and nothing was deleted
    grant = AccessGrant.objects.in_municipality(home.municipality).get(pk=home.grant.pk)
    assert grant.ended_at and grant.end_reason == "支援終了"
    assert grant.ended_by == world.user(Role.SUPERVISOR)
    assert CaseAccess.objects.in_municipality(home.municipality).get(pk=home.handoff.pk).status == (
        CaseAccess.Status.ENDED
    )
    ended = AuditEvent.objects.filter(
        pk__gt=before, object_type="people.accessgrant", object_id=str(grant.pk), action="update"
    ).get()
    assert set(ended.changed_fields) == {"ended_at", "ended_by", "end_reason"}
    denied = AuditEvent.objects.filter(
        pk__gt=before, action="access_denied", actor_id=contracted.pk
    )
    assert denied.filter(object_type="people.case", object_id=str(home.case.pk)).exists()
    # the grant leaves the case page's list
    body = supervisor.get(f"/staff/cases/{home.case.pk}/").content.decode()
    assert f"/staff/grants/{home.grant.pk}/end/" not in body


def test_ending_through_the_api(world, client):
    home = world.home
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    read = api(client, contracted)
    assert read(f"/api/v1/cases/{home.case.pk}").status_code == 200
    raw = issue_test_token(world.user(Role.COUNSELLOR), name="test")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    listed = client.get(f"/api/v1/cases/{home.case.pk}/grants", **auth).json()["items"]
    assert {g["id"] for g in listed} == {home.grant.pk, home.other_grant.pk}
    assert all(g["may_end"] for g in listed)  # the granting window's counsellor
    response = client.post(
        f"/api/v1/grants/{home.grant.pk}/end",
        data={"reason": "支援終了"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200 and response.json()["ended_at"]
    assert read(f"/api/v1/cases/{home.case.pk}").status_code == 404


def test_who_may_end_a_grant(world, login):
    home = world.home
    other_window_counsellor = make_user(
        "children_counsellor", Role.COUNSELLOR, home, window=home.other_window
    )
    url = f"/staff/grants/{home.grant.pk}/end/"
    for user in (
        world.user(Role.CONTRACTED_COUNSELLOR),  # the grantee: cannot end or change its grant
        world.user(Role.AGENCY_STAFF),
        world.user(Role.RECEPTION),
        other_window_counsellor,
        world.away.users[Role.SUPERVISOR],
    ):
        client = login(user)
        assert client.get(url).status_code == 404, user
        assert client.post(url, {"reason": "x"}).status_code == 404, user
    for user in (world.user(Role.SUPERVISOR), world.user(Role.COUNSELLOR)):
        assert login(user).get(url).status_code == 200
    assert AccessGrant.objects.in_municipality(home.municipality).get(pk=home.grant.pk).is_active()


def test_a_grantee_acts_only_inside_its_grants(world, login):
    home = world.home
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    # it cannot hand the case on, to an organisation or anyone
    assert login(contracted).get(f"/staff/cases/{home.case.pk}/handoff/").status_code == 403
    with pytest.raises(PermissionDenied):
        handoff.hand_off(contracted, home.case, to_organization=home.agency, note="渡したい")
    with pytest.raises(PermissionDenied):
        grants.grant_access(contracted, home.case, organization=home.agency)
    # nor can a window counsellor who reaches the case only through a grant
    other_window_counsellor = make_user(
        "children_counsellor", Role.COUNSELLOR, home, window=home.other_window
    )
    _grant(world, case=home.case, user=other_window_counsellor, granting_window=home.window)
    assert Case.objects.visible_to(fresh(other_window_counsellor), Action.VIEW_CASE).filter(
        pk=home.case.pk
    )
    with pytest.raises(PermissionDenied):
        grants.grant_access(fresh(other_window_counsellor), home.case, organization=home.agency)
    # being named lead worker does not give a grant-only role access
    with pytest.raises(ValidationError):
        from tsunagu.people.services import assign_lead

        assign_lead(world.user(Role.SUPERVISOR), home.other_case, contracted)


def test_coverage_of_a_grant(world, client, login):
    home = world.home
    counsellor = make_user("children_counsellor", Role.COUNSELLOR, home, window=home.other_window)
    make_contact(
        home.case, summary="面談の要約（要配慮）", notes=[("person", "本人の話（要配慮）")]
    )
    grant = _grant(
        world,
        case=home.case,
        user=counsellor,
        granting_window=home.window,
        covers_contacts=False,
        covers_intake=False,
        covers_sensitive=False,
    )
    read = api(client, fresh(counsellor))
    case = read(f"/api/v1/cases/{home.case.pk}").json()
    assert case["id"] == home.case.pk and case["summary"] is None  # S-class: not covered
    assert read(f"/api/v1/cases/{home.case.pk}/contacts").json()["items"] == []
    page = login(counsellor).get(f"/staff/cases/{home.case.pk}/").content.decode()
    assert "相談概要（要配慮）" not in page and "山田" in page
    # nor may it write the contact log it does not cover
    with pytest.raises(PermissionDenied):
        log_contact(
            fresh(counsellor),
            home.case,
            channel="phone",
            occurred_at=timezone.now(),
            reached="family",
        )
    # a new grant with contacts and S-class fields (a changed coverage is a new grant)
    grants.end_grant(world.user(Role.SUPERVISOR), grant, "範囲の変更")
    _grant(world, case=home.case, user=counsellor, granting_window=home.window)
    read = api(client, fresh(counsellor))
    assert read(f"/api/v1/cases/{home.case.pk}").json()["summary"] == "相談概要（要配慮）"
    [contact] = read(f"/api/v1/cases/{home.case.pk}/contacts").json()["items"]
    assert contact["summary"] == "面談の要約（要配慮）"
    assert ContactNote.objects.visible_to(fresh(counsellor), Action.VIEW_CASE).count() == 1


def test_contacts_covered_without_sensitive_fields(world, client):
    home = world.home
    counsellor = make_user("children_counsellor", Role.COUNSELLOR, home, window=home.other_window)
    make_contact(
        home.case, summary="面談の要約（要配慮）", notes=[("person", "本人の話（要配慮）")]
    )
    _grant(world, case=home.case, user=counsellor, covers_sensitive=False)
    read = api(client, fresh(counsellor))
    [contact] = read(f"/api/v1/cases/{home.case.pk}/contacts").json()["items"]
    assert contact["summary"] is None and not contact.get("notes")
    assert contact["channel"]


def test_a_grant_ends_by_itself_at_its_end(world):
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    grant = _grant(world, user=contracted, ends_at=timezone.now() + datetime.timedelta(hours=1))
    visible = Case.objects.visible_to(fresh(contracted), Action.VIEW_CASE)
    assert world.home.other_case in visible
    AccessGrant.objects.in_municipality(world.home.municipality).filter(pk=grant.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert world.home.other_case not in Case.objects.visible_to(fresh(contracted), Action.VIEW_CASE)


def test_handoff_form_sets_coverage_and_until(world, login):
    home = world.home
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    today = timezone.localdate()
    response = login(world.user(Role.SUPERVISOR)).post(
        f"/staff/cases/{home.other_case.pk}/handoff/",
        {
            "target": f"user:{contracted.pk}",
            "note": "家族面談の継続",
            "covers_contacts": "on",
            "until": today.isoformat(),
        },
    )
    assert response.status_code == 302
    offer = CaseAccess.objects.in_municipality(home.municipality).get(
        case=home.other_case, user=contracted
    )
    grant = offer.grant
    assert grant.starts_at is None  # waits for acceptance
    assert (grant.covers_contacts, grant.covers_intake, grant.covers_sensitive) == (
        True,
        False,
        False,
    )
    assert timezone.localtime(grant.ends_at) == timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min)
    )
    assert world.home.other_case not in Case.objects.visible_to(fresh(contracted), Action.VIEW_CASE)
    handoff.accept(fresh(contracted), offer)
    assert world.home.other_case in Case.objects.visible_to(fresh(contracted), Action.VIEW_CASE)
    # a date in the past is refused with a message
    response = login(world.user(Role.SUPERVISOR)).post(
        f"/staff/cases/{home.other_case.pk}/handoff/",
        {"target": f"org:{home.agency.pk}", "note": "x", "until": "2000-01-01"},
    )
    assert response.status_code == 200
    assert "期限には今日以降の日付を指定してください。" in response.content.decode()


def test_creating_persons_follows_the_role_configuration(world, client, login):
    home = world.home
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    raw = issue_test_token(contracted, name="test")[1]

    def create():
        return client.post(
            "/api/v1/persons",
            data={"family_name": "新規", "given_name": "太郎", "birth_date": "1990-01-01"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )

    assert not can(fresh(contracted), Action.CREATE_PERSON, home.municipality)
    assert create().status_code == 403
    admin = login(world.user(Role.MUNICIPALITY_ADMIN))
    page = admin.get("/staff/roles/").content.decode()
    assert "本人の記録を新しく作成できる" in page and "委託相談員" in page
    response = admin.post(
        "/staff/roles/save/",
        {
            "municipality": home.municipality.code,
            "role": Role.CONTRACTED_COUNSELLOR,
            "actions": [Action.CREATE_PERSON],
        },
    )
    assert response.status_code == 302
    assert can(fresh(contracted), Action.CREATE_PERSON, home.municipality)
    assert create().status_code == 201
    # an action a role cannot be given is refused, and other roles cannot configure
    response = admin.post(
        "/staff/roles/save/",
        {
            "municipality": home.municipality.code,
            "role": Role.AGENCY_STAFF,
            "actions": [Action.MERGE_PERSONS],
        },
        follow=True,
    )
    assert "この役割には設定できない操作です。" in response.content.decode()
    assert not can(fresh(world.user(Role.AGENCY_STAFF)), Action.MERGE_PERSONS)
    assert login(world.user(Role.SUPERVISOR)).get("/staff/roles/").status_code == 403
    # switched off again
    admin.post(
        "/staff/roles/save/",
        {"municipality": home.municipality.code, "role": Role.CONTRACTED_COUNSELLOR},
    )
    assert create().status_code == 403
