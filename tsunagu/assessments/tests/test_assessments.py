import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.assessments.models import Assessment, Domain, DomainRating, Rating
from tsunagu.assessments.services import save_assessment, start_assessment
from tsunagu.assessments.version_services import set_status
from tsunagu.assessments.versioning import FrozenVersionError, VersionStatus
from tsunagu.audit.models import AuditEvent
from tsunagu.people.models import AccessGrant
from tsunagu.testing.assessments import make_assessment


def form_data(**overrides):
    data = {
        "assessed_on": "令和8年4月20日",
        "wishes": "人と話すのは怖いけど、絵の仕事がしたい",
        "goals": "まず図書館に行ってみる",
        "strengths": "絵が得意",
        "summary": "",
    }
    for domain in Domain.values:
        data[f"{domain}_rating"] = Rating.UNKNOWN
        data[f"{domain}_notes"] = ""
    data.update(overrides)
    return data


def approved(assessment):
    return set_status(assessment, VersionStatus.APPROVED)


# Who may see and do what -----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.CONTRACTED_COUNSELLOR, Role.SUPERVISOR])
def test_casework_roles_on_the_case_create_and_read(world, login, role):
    client = login(world.user(role))
    case = world.home.case
    assert client.get(reverse("assessment-list", args=[case.pk])).status_code == 200
    response = client.post(reverse("assessment-new", args=[case.pk]))
    assessment = Assessment.objects.in_municipality(case.municipality_id).get(case=case)
    assert response["Location"] == reverse("assessment-edit", args=[assessment.pk])
    assert assessment.number == 1 and assessment.status == VersionStatus.DRAFT
    assert assessment.assessed_on == timezone.localdate()
    rows = DomainRating.objects.in_municipality(case.municipality_id).filter(assessment=assessment)
    assert rows.count() == len(Domain.values)
    response = client.post(reverse("assessment-edit", args=[assessment.pk]), form_data())
    assert response.status_code == 302
    body = client.get(reverse("assessment-detail", args=[assessment.pk])).content.decode()
    assert "まず図書館に行ってみる" in body and "令和8年4月20日" in body


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.RECEPTION])
def test_agency_and_reception_never_see_an_assessment(world, login, role):
    """The agency reaches the case through the world's referral (with S!), yet assessments are
    not part of what a referral shares; reception does intake only."""
    assessment = make_assessment(world.home.case)
    client = login(world.user(role))
    for url in (
        reverse("assessment-list", args=[world.home.case.pk]),
        reverse("assessment-detail", args=[assessment.pk]),
        reverse("assessment-compare", args=[assessment.pk]),
        reverse("assessment-edit", args=[assessment.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("assessment-new", args=[world.home.case.pk])).status_code == 404
    assert Assessment.objects.unscoped("test").count() == 1


def test_another_municipality_never(world, login):
    assessment = make_assessment(world.home.case)
    client = login(world.away.users[Role.SUPERVISOR])
    assert client.get(reverse("assessment-detail", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("assessment-list", args=[world.home.case.pk])).status_code == 404
    assert client.post(reverse("assessment-new", args=[world.home.case.pk])).status_code == 404
    # and the home supervisor never the away one
    away = make_assessment(world.away.case)
    client = login(world.user(Role.SUPERVISOR))
    assert client.get(reverse("assessment-detail", args=[away.pk])).status_code == 404
    event = AuditEvent.objects.filter(object_type="assessments.assessment").last()
    assert event.action == "access_denied"


def test_counsellor_of_another_window_and_ended_grant(world, login):
    other = make_assessment(world.home.other_case)
    client = login(world.user(Role.COUNSELLOR))
    assert client.get(reverse("assessment-detail", args=[other.pk])).status_code == 404
    mine = make_assessment(world.home.case)
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    client = login(contracted)
    assert client.get(reverse("assessment-detail", args=[mine.pk])).status_code == 200
    grants = AccessGrant.objects.in_municipality(world.home.municipality).filter(user=contracted)
    grants.update(covers_sensitive=False)  # a grant without 要配慮個人情報: no assessment at all
    assert client.get(reverse("assessment-detail", args=[mine.pk])).status_code == 404
    grants.update(covers_sensitive=True, ended_at=timezone.now())
    assert client.get(reverse("assessment-detail", args=[mine.pk])).status_code == 404


def test_service_refuses_roles_without_the_action(world):
    with pytest.raises(PermissionDenied):
        start_assessment(world.user(Role.AGENCY_STAFF), world.home.case)
    with pytest.raises(PermissionDenied):
        start_assessment(world.user(Role.COUNSELLOR), world.home.other_case)
    with pytest.raises(PermissionDenied):
        start_assessment(world.away.users[Role.SUPERVISOR], world.home.case)


# Versions -----------------------------------------------------------------------------------


def test_new_version_copies_the_newest_and_frozen_versions_never_change(world):
    counsellor = world.user(Role.COUNSELLOR)
    first = start_assessment(counsellor, world.home.case)
    ratings = {
        Domain.ECONOMY: (Rating.SEVERE, "年金だけで暮らす"),
        Domain.HEALTH: (Rating.MILD, ""),
    }
    save_assessment(counsellor, first, **{**_kwargs(), "ratings": ratings})
    with pytest.raises(ValidationError, match="第1版が「下書き」"):
        start_assessment(counsellor, world.home.case)
    set_status(first, VersionStatus.PENDING)
    with pytest.raises(ValidationError, match="承認待ち"):
        start_assessment(counsellor, world.home.case)
    approved(first)

    second = start_assessment(counsellor, world.home.case)
    assert second.number == 2 and second.status == VersionStatus.DRAFT
    first.refresh_from_db()
    assert second.wishes == first.wishes == "絵の仕事がしたい"
    rows = DomainRating.objects.in_municipality(second.municipality_id).filter(assessment=second)
    copied = {r.domain: (r.rating, r.notes) for r in rows}
    assert copied[Domain.ECONOMY] == (Rating.SEVERE, "年金だけで暮らす")
    assert copied[Domain.SAFETY] == (Rating.UNKNOWN, "")

    # the approved first version: not through the service, nor by save(), nor its parts
    with pytest.raises(FrozenVersionError):
        save_assessment(counsellor, first, **_kwargs())
    first.refresh_from_db()
    first.wishes = "書き換え"
    with pytest.raises(FrozenVersionError):
        first.save()
    row = DomainRating.objects.in_municipality(first.municipality_id).get(
        assessment=first, domain=Domain.ECONOMY
    )
    row.rating = Rating.NONE
    with pytest.raises(FrozenVersionError):
        row.save()
    with pytest.raises(FrozenVersionError):
        row.delete()
    # its status may still change (a decision), its content not
    first.refresh_from_db()
    set_status(first, VersionStatus.APPROVED)


def _kwargs(**overrides):
    values = {
        "assessed_on": datetime.date(2026, 4, 20),
        "wishes": "絵の仕事がしたい",
        "goals": "図書館に行く",
        "strengths": "",
        "summary": "",
    }
    values.update(overrides)
    return values


def test_edit_page_of_a_frozen_version_refuses(world, login):
    assessment = make_assessment(world.home.case)  # approved
    client = login(world.user(Role.COUNSELLOR))
    response = client.post(reverse("assessment-edit", args=[assessment.pk]), form_data())
    assert response["Location"] == reverse("assessment-detail", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.wishes == "外に出られるようになりたい（要配慮）"


def test_returned_version_may_be_edited(world):
    counsellor = world.user(Role.COUNSELLOR)
    draft = start_assessment(counsellor, world.home.case)
    set_status(draft, VersionStatus.RETURNED)
    save_assessment(counsellor, draft, **_kwargs(goals="直した目標"))
    draft.refresh_from_db()
    assert draft.goals == "直した目標"


# Hostile input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"assessed_on": "令和99年1月1日"}, "日付"),
        ({"assessed_on": "あした"}, ""),
        ({"assessed_on": ""}, "実施日を入力してください"),
        ({"health_rating": "terrible"}, "選べない値"),
        ({"health_rating": ""}, "評価を選んでください"),
        ({"wishes": "NUL\x00"}, "使用できない文字"),
        ({"economy_notes": "あ" * 10_001}, "10000文字以内"),
    ],
)
def test_hostile_input_gives_form_errors(world, login, overrides, message):
    counsellor = world.user(Role.COUNSELLOR)
    draft = start_assessment(counsellor, world.home.case)
    client = login(counsellor)
    response = client.post(reverse("assessment-edit", args=[draft.pk]), form_data(**overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert "field--error" in body and message in body
    draft.refresh_from_db()
    assert draft.wishes == ""


def test_future_date_is_refused_by_the_service(world):
    counsellor = world.user(Role.COUNSELLOR)
    draft = start_assessment(counsellor, world.home.case)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="まだ来ていない"):
        save_assessment(counsellor, draft, **_kwargs(assessed_on=tomorrow))
    with pytest.raises(ValidationError) as error:
        save_assessment(counsellor, draft, **_kwargs(), ratings={"nonsense": (Rating.MILD, "")})
    assert "ratings" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        save_assessment(
            counsellor,
            draft,
            **_kwargs(),
            ratings={Domain.HEALTH: ("bad", ""), Domain.FAMILY: (Rating.MILD, "\ud800")},
        )
    assert {"health_rating", "family_notes"} <= set(error.value.message_dict)


# Compare ------------------------------------------------------------------------------------


def test_compare_highlights_the_changed_domains(world, login, django_assert_max_num_queries):
    case = world.home.case
    first = make_assessment(
        case,
        ratings={Domain.ECONOMY: (Rating.SEVERE, "借金あり"), Domain.HEALTH: (Rating.MILD, "")},
    )
    second = make_assessment(
        case,
        number=2,
        ratings={Domain.ECONOMY: (Rating.MILD, "債務整理した"), Domain.HEALTH: (Rating.MILD, "")},
        goals="アルバイトの面接を受ける",
    )
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("assessment-compare", args=[second.pk])
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-changed="1"') == 1  # only 家計・債務 changed among the domains
    assert "債務整理した" in body and "借金あり" in body and "改善" in body
    assert "アルバイトの面接を受ける" in body
    # the same, asked from the older side with ?with=
    other = client.get(reverse("assessment-compare", args=[first.pk]), {"with": second.pk})
    assert other.content.decode().count('data-changed="1"') == 1


def test_compare_refuses_other_cases_and_junk(world, login):
    mine = make_assessment(world.home.case)
    other = make_assessment(world.home.other_case)
    away = make_assessment(world.away.case)
    client = login(world.user(Role.SUPERVISOR))
    url = reverse("assessment-compare", args=[mine.pk])
    assert client.get(url).status_code == 404  # no earlier version
    for value in (other.pk, away.pk, mine.pk, "abc", "-1", "99999999999999999999"):
        assert client.get(url, {"with": value}).status_code == 404, value


# Query counts -------------------------------------------------------------------------------


def test_pages_have_a_fixed_query_count(world, login, django_assert_max_num_queries):
    case = world.home.case
    for number in range(1, 6):
        last = make_assessment(case, number=number)
    client = login(world.user(Role.COUNSELLOR))
    pages = [
        reverse("assessment-list", args=[case.pk]),
        reverse("assessment-detail", args=[last.pk]),
    ]
    draft = start_assessment(world.user(Role.COUNSELLOR), case)
    pages.append(reverse("assessment-edit", args=[draft.pk]))
    for url in pages:
        client.get(url)
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200, url


def test_reads_are_audited(world, login):
    assessment = make_assessment(world.home.case)
    client = login(world.user(Role.COUNSELLOR))
    client.get(reverse("assessment-detail", args=[assessment.pk]))
    assert AuditEvent.objects.filter(
        object_type="assessments.assessment", object_id=str(assessment.pk), action="view"
    ).exists()
    assert Action.VIEW_ASSESSMENT
