import datetime

import phonenumbers
import pytest

from tsunagu.accounts.models import ApiToken, Membership, User
from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.booking.models import AvailabilityRule, DateOverride, WeeklyHours
from tsunagu.consent.models import Consent, ConsentOrganization
from tsunagu.contacts.models import Contact
from tsunagu.demo import data_reports
from tsunagu.demo.data_casework import DEMO_MARK
from tsunagu.demo.data_staff import DEMO_PASSWORD
from tsunagu.demo.loader import load_demo
from tsunagu.demo.sessions import saturday_sessions
from tsunagu.intake.models import Intake
from tsunagu.meetings.models import Meeting
from tsunagu.people.models import AccessGrant, Case, CaseAccess, Person
from tsunagu.programmes.models import (
    Attendance,
    Participant,
    Programme,
    Schedule,
    ScheduleException,
    Session,
)
from tsunagu.publicity.models import Announcement, FlyerPlacement
from tsunagu.referrals.models import Referral
from tsunagu.reports.models import ReferralCategory
from tsunagu.resources.models import Field, Service
from tsunagu.routing.models import RoutingRule
from tsunagu.tenancy.codes import is_valid_municipality_code
from tsunagu.tenancy.models import (
    Municipality,
    OpeningException,
    OpeningHours,
    Organization,
    Prefecture,
    Window,
)

TODAY = datetime.date(2026, 11, 26)

ROLE_ACCOUNTS = {
    Role.RECEPTION: "demo-reception",
    Role.COUNSELLOR: "demo-counsellor",
    Role.CONTRACTED_COUNSELLOR: "demo-contracted",
    Role.SUPERVISOR: "demo-supervisor",
    Role.AGENCY_STAFF: "demo-agency",
    Role.WELFARE_COMMISSIONER: "demo-commissioner",
    Role.PUBLICITY: "demo-publicity",
    Role.PREFECTURE_ANALYST: "demo-analyst",
    Role.MUNICIPALITY_ADMIN: "demo-muni-admin",
    Role.SYSTEM_ADMIN: "demo-sysadmin",
}


@pytest.fixture
def demo(db):
    return load_demo(today=TODAY)


def test_tokyo_and_the_five_municipalities(demo):
    tokyo = Prefecture.objects.get(code="13")
    assert tokyo.name == "東京都"
    codes = dict(Municipality.objects.values_list("code", "name"))
    assert codes == {
        "132012": "八王子市",
        "132098": "町田市",
        "132128": "日野市",
        "132152": "国立市",
        "133612": "大島町",
    }
    assert all(is_valid_municipality_code(code) for code in codes)
    assert set(Municipality.objects.values_list("prefecture", flat=True)) == {tokyo.pk}


def test_hachimaru_support_has_eleven_sites(demo):
    sites = Window.objects.filter(municipality__code="132012", name__startswith="はちまるサポート")
    assert sites.count() == 11
    assert len({s.name for s in sites}) == 11
    for site in sites:
        assert site.kind == Window.Kind.GENERAL
        assert (site.age_min, site.age_max) == (None, None)
        assert site.does_outreach
        assert set(site.channels) == {"in_person", "phone", "outreach"}
        assert site.operator.name == "八王子市社会福祉協議会"
        assert site.operator.org_type == Organization.Type.SOCIAL_WELFARE_COUNCIL
        assert site.contact_is_sample


@pytest.mark.parametrize(
    ("code", "name", "kind", "age_min", "age_max"),
    [
        ("132012", "八王子市子ども家庭支援センター", "children", None, 17),
        ("132098", "町田市保健所", "health", None, None),
        ("132128", "日野市セーフティネットコールセンター", "welfare", None, None),
        ("132128", "日野市ひきこもり専門相談（委託）", "contracted", None, None),
        ("132152", "くにサポ（子ども家庭部）", "children", None, 17),
        (
            "132152",
            "ふくふく窓口（健康福祉部・生活困窮者自立相談支援機関）",
            "livelihood",
            18,
            None,
        ),
        ("133612", "若者自立サポートステーション「ロケット」", "youth", 18, 49),
        ("133612", "大島町福祉けんこう課 相談窓口", "welfare", None, None),
    ],
)
def test_windows_named_in_the_seed(demo, code, name, kind, age_min, age_max):
    window = Window.objects.get(municipality__code=code, name=name)
    assert window.kind == kind
    assert (window.age_min, window.age_max) == (age_min, age_max)
    assert window.is_public and window.contact_is_sample


def test_kunitachi_splits_by_age_at_eighteen(demo):
    kunisapo = Window.objects.get(municipality__code="132152", slug="kunisapo")
    fukufuku = Window.objects.get(municipality__code="132152", slug="fukufuku")
    assert kunisapo.serves_age(17) and not kunisapo.serves_age(18)
    assert fukufuku.serves_age(18) and not fukufuku.serves_age(17)


def test_invented_contacts_are_marked_and_phones_are_e164(demo):
    windows = list(Window.objects.all())
    assert len(windows) == 19
    for w in windows:
        assert w.contact_is_sample
        assert w.phone.startswith("+81")
        number = phonenumbers.parse(w.phone)
        assert phonenumbers.is_valid_number(number), w.phone
        # 市内局番 starting with 1 is never a subscriber number: nobody is reached.
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        assert national.split("-")[1].startswith("1"), national
        assert w.postal_code in {"1920000", "1940000", "1910000", "1860000", "1000100"}


def test_office_hours_and_the_weekly_rocket(demo):
    hino = Window.objects.get(municipality__code="132128", slug="safety-net")
    rows = list(hino.opening_hours.values_list("weekday", "opens", "closes"))
    assert rows == [(d, datetime.time(8, 30), datetime.time(17, 15)) for d in range(5)]
    rocket = Window.objects.get(municipality__code="133612", slug="rocket")
    assert rocket.opening_hours.count() == 1  # 毎週の活動日


def test_hino_saturday_sessions(demo):
    hino = Window.objects.get(municipality__code="132128", slug="safety-net")
    assert "online" in hino.channels
    assert "福祉の初期総合相談窓口" in hino.description
    sessions = list(hino.opening_exceptions.all())
    assert len(sessions) == 2
    for s in sessions:
        assert s.date.weekday() == 5 and s.date > TODAY
        assert not s.is_closed
        assert s.note == "土曜出張個別相談会"
        assert s.opens < s.closes
    assert [s.date for s in sessions] == [datetime.date(2026, 12, 12), datetime.date(2027, 1, 9)]


def test_saturday_sessions_are_second_saturdays_after_today():
    dates = [s.date for s in saturday_sessions(datetime.date(2026, 12, 12))]
    assert dates == [datetime.date(2027, 1, 9), datetime.date(2027, 2, 13)]


def test_organizations_from_the_seed(demo):
    expected = {
        ("132012", "八王子市社会福祉協議会", "swc"),
        ("132012", "八王子市ひきこもり支援部会", "other"),
        ("132128", "日野市ひきこもり家族会", "family_association"),
        ("132128", "特定非営利活動法人KHJ全国ひきこもり家族会連合会", "npo"),
        ("132152", "国立市社会福祉協議会", "swc"),
        ("132152", "国立市ひきこもり家族会「ここから」", "family_association"),
        ("132152", "生きづらさを抱えた方の居場所「からふらっと」", "peer_association"),
        ("133612", "若者自立サポートステーション「ロケット」", "youth_station"),
    }
    rows = set(Organization.objects.values_list("municipality__code", "name", "org_type"))
    assert expected <= rows
    for m in Municipality.objects.all():
        assert m.organizations.filter(org_type=Organization.Type.AGENCY).exists(), m.name
    assert Organization.objects.get(municipality__code="132128", slug="contractor").org_type == (
        "contractor"
    )


def test_one_demo_account_per_role(demo):
    for role, username in ROLE_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.is_demo and user.is_active
        assert user.check_password(DEMO_PASSWORD)
        assert user.display_name.startswith("デモ ")
        assert role in {m.role for m in user.memberships.all()}
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    for membership in Membership.objects.select_related("organization", "window"):
        membership.clean()
    assert not User.objects.filter(is_demo=False).exists()


def test_most_demo_accounts_are_in_hino(demo):
    hino_roles = set(
        Membership.objects.filter(municipality__code="132128").values_list("role", flat=True)
    )
    assert hino_roles == set(Role.values)
    assert User.objects.get(username="demo-hachioji-counsellor").memberships.get().window.name == (
        "はちまるサポート元八王子"
    )


def test_hino_handoff_model(demo):
    hino = Municipality.objects.get(code="132128")
    # the casework demo; the reports' forty statistics samples (data_reports) are counted apart
    everyone = Person.objects.in_municipality(hino)
    assert everyone.filter(family_name=data_reports.FAMILY_NAME).count() == data_reports.PERSONS
    persons = everyone.exclude(family_name=data_reports.FAMILY_NAME)
    assert persons.count() == 3
    assert {p.full_name for p in persons} == {"見本 太郎", "例題 花子", "架空 一郎"}
    assert all(p.notes.startswith(DEMO_MARK) for p in persons)

    contracted = User.objects.get(username="demo-contracted")
    handed = Case.objects.visible_to(contracted, Action.VIEW_CASE)
    assert [c.person.full_name for c in handed] == ["見本 太郎"]
    handoff = CaseAccess.objects.in_municipality(hino).get(kind=CaseAccess.Kind.HANDOFF)
    assert handoff.user == contracted
    assert handoff.status == CaseAccess.Status.ACCEPTED and handoff.answered_at

    agency = User.objects.get(username="demo-agency")
    assert [c.person.full_name for c in Case.objects.visible_to(agency, Action.VIEW_CASE)] == [
        "例題 花子"
    ]

    supervisor = User.objects.get(username="demo-supervisor")
    supervised = Case.objects.visible_to(supervisor, Action.VIEW_CASE)
    assert supervised.exclude(person__family_name=data_reports.FAMILY_NAME).count() == 3
    # The wall between municipalities holds for the demo too.
    hachioji = User.objects.get(username="demo-hachioji-counsellor")
    assert [c.person.full_name for c in Case.objects.visible_to(hachioji, Action.VIEW_CASE)] == [
        "例示 次郎"
    ]


MODELS = [
    ReferralCategory,
    Prefecture,
    Municipality,
    Organization,
    Window,
    OpeningHours,
    OpeningException,
    User,
    Membership,
    ApiToken,
    AuditEvent,
    RoutingRule,
    Programme,
    Schedule,
    ScheduleException,
    Session,
    Field,
    Service,
    AvailabilityRule,
    WeeklyHours,
    DateOverride,
    Announcement,
    FlyerPlacement,
]
PERSONAL = [
    Person,
    Case,
    CaseAccess,
    AccessGrant,
    Consent,
    ConsentOrganization,
    Referral,
    Meeting,
    Participant,
    Attendance,
    Contact,
    Intake,
]


def _counts() -> dict[str, int]:
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts.update(
        {m.__name__: m.objects.unscoped("test: count demo rows").count() for m in PERSONAL}
    )
    return counts


def test_loading_twice_creates_nothing_twice(demo):
    before = _counts()
    loaded = [m for m in MODELS + PERSONAL if m not in (ApiToken, AuditEvent)]
    assert demo.created == sum(before[m.__name__] for m in loaded)
    again = load_demo(today=TODAY)
    assert again.created == 0
    assert again.updated == 0
    assert again.deleted == 0
    assert _counts() == before  # not even an audit entry


def test_reload_repairs_changed_rows(demo):
    window = Window.objects.get(municipality__code="132152", slug="fukufuku")
    window.age_min = 20
    window.save()
    user = User.objects.get(username="demo-reception")
    user.set_password("something-else-entirely")
    user.save()
    report = load_demo(today=TODAY)
    assert report.created == 0
    assert report.updated >= 1
    window.refresh_from_db()
    assert window.age_min == 18
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


def test_saturday_sessions_roll_forward(demo):
    report = load_demo(today=datetime.date(2026, 12, 20))
    hino = Window.objects.get(municipality__code="132128", slug="safety-net")
    future = [e.date for e in hino.opening_exceptions.filter(date__gt=datetime.date(2026, 12, 20))]
    assert future == [datetime.date(2027, 1, 9), datetime.date(2027, 2, 13)]
    # 2027-02-13; 2026-12-12 is past and kept as history
    assert report.counts["臨時の休み・開所"]["created"] == 1


def test_the_demo_shows_teamwork_on_its_bases(demo):
    """例題 花子's referral rests on her signed consent; the 支援会議 on 社会福祉法第106条の6."""
    from tsunagu.consent.models import BasisKind, Disclosure

    consent = Consent.objects.unscoped("test").get()
    assert consent.status() == "valid" and consent.form == "signed"
    referral = Referral.objects.unscoped("test").get()
    assert referral.status == "accepted" and referral.case_id == consent.case_id
    bases = sorted(Disclosure.objects.unscoped("test").values_list("channel", "basis"))
    assert bases == [("meeting", BasisKind.SUPPORT_MEETING), ("referral", BasisKind.CONSENT)]
    agency = User.objects.get(username="demo-agency")
    from tsunagu.meetings.models import MeetingMember

    meeting = Meeting.objects.unscoped("test").get()
    assert MeetingMember.objects.unscoped("test").filter(meeting=meeting, user=agency).exists()
