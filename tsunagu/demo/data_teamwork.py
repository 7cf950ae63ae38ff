"""Demo teamwork in 日野市 (issue 8): a consent, a referral on it, and a 支援会議.

- 例題 花子 consented (本人, 署名) to sharing her basic information and contact records with the
  partner agency; the counsellor referred her there on that consent and the agency accepted;
- a 支援会議 (社会福祉法第106条の6) at the セーフティネットコールセンター on the load day, with the
  partner agency's staff and the contracted counsellor as members and 見本 太郎's case on the
  agenda: log in as demo-agency to acknowledge the duty of confidentiality and read the summary.

Everything goes through the services (consent, disclosure, grants, notifications, audit), as a
worker's clicks would. Each part is created once: a later load finds it and changes nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.consent.disclosure import Basis
from tsunagu.consent.models import Category, Consent, ConsentOrganization, Form, GivenBy
from tsunagu.consent.services import record_consent
from tsunagu.meetings.agenda import add_agenda_item
from tsunagu.meetings.models import Meeting, MeetingKind
from tsunagu.meetings.outcomes import add_action_item
from tsunagu.meetings.services import create_meeting
from tsunagu.people.models import AccessGrant, Case
from tsunagu.referrals.models import Referral, Status
from tsunagu.referrals.services import respond, send_referral
from tsunagu.tenancy.models import Municipality, Organization, Window

from .data import HINO
from .data_casework import DEMO_MARK

if TYPE_CHECKING:
    from .loader import LoadReport

MEETING_TITLE = "日野市 支援会議（デモ）"


def _case(municipality: Municipality, family_name: str) -> Case:
    return (
        Case.objects.in_municipality(municipality)
        .select_related("person")
        .get(person__family_name=family_name, window__slug="safety-net")
    )


def _referral(report: LoadReport, case: Case, agency: Organization, users: dict[str, User]) -> None:
    if Consent.objects.in_municipality(case.municipality_id).filter(case=case).exists():
        return
    consent = record_consent(
        users["demo-counsellor"],
        case,
        given_by=GivenBy.PERSON,
        organizations=[agency],
        categories=[Category.BASIC, Category.CONTACTS],
        purpose=DEMO_MARK + "心の健康と暮らしの専門相談を受けるため、関係機関へ情報を提供する。",
        given_on=case.opened_on,
        form=Form.SIGNED,
    )
    report.add(Consent, "created")
    report.add(ConsentOrganization, "created")
    referral = send_referral(
        users["demo-counsellor"],
        case,
        organization=agency,
        basis=Basis.consent(consent),
        message=DEMO_MARK + "父の介護と家計の相談が重なっています。面談の調整をお願いします。",
        service_name="こころと暮らしの専門相談",
        covers={"covers_contacts": True},
    )
    respond(users["demo-agency"], referral, Status.ACCEPTED)
    report.add(Referral, "created")


def _meeting(
    report: LoadReport, case: Case, window: Window, users: dict[str, User], today: datetime.date
) -> None:
    if Meeting.objects.in_municipality(case.municipality_id).filter(title=MEETING_TITLE).exists():
        return
    # The meeting is on the day the demo loads by the clock, not on `today` (a fixed date in the
    # tests): its members' access window runs from the clock, and agenda items may only be added
    # while it is open. Before 10:00 (a demo started at night) it began an hour ago: outcomes may
    # only be recorded once a meeting has started.
    now = timezone.now()
    starts = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time(10))
    )
    starts = min(starts, now - datetime.timedelta(hours=1))
    meeting = create_meeting(
        users["demo-counsellor"],
        window=window,
        members=[users["demo-agency"], users["demo-contracted"]],
        kind=MeetingKind.SHIEN_KAIGI,
        title=MEETING_TITLE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="日野市役所 会議室（デモ）",
        access_hours=168,  # the demo's members can open the summary for a week
    )
    item = add_agenda_item(
        users["demo-counsellor"],
        meeting,
        case=case,
        heading="家族面談の経過と、本人への接点づくり",
        summary=DEMO_MARK + "母親との面談を月2回継続。本人は自室中心の生活で、"
        "手紙でのやりとりを始めたところ。",
    )
    add_action_item(
        users["demo-counsellor"],
        item,
        owner=users["demo-agency"],
        title="居場所プログラムの空き状況を確認して共有する",
        due_on=today + datetime.timedelta(days=14),
    )
    report.add(Meeting, "created")


def load_teamwork(
    report: LoadReport,
    municipalities: dict[str, Municipality],
    users: dict[str, User],
    today: datetime.date,
) -> None:
    """Create the consent, referral and meeting once; report the grants they opened."""
    hino = municipalities[HINO]
    window = Window.objects.get(municipality=hino, slug="safety-net")
    agency = Organization.objects.get(municipality=hino, slug="agency")
    grants = AccessGrant.objects.in_municipality(hino)
    before = grants.count()
    _referral(report, _case(hino, "例題"), agency, users)
    _meeting(report, _case(hino, "見本"), window, users, today)
    for _ in range(grants.count() - before):
        report.add(AccessGrant, "created")
