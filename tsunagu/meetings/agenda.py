"""The agenda of a meeting and how it is shared (actor first, one transaction per change).

`add_agenda_item`: the case's own staff table a case with the summary they prepared. Sharing it
is a disclosure (tsunagu.consent.disclosure) on the basis the meeting's kind allows, and each
member who does not reach the case by their own role gets an access grant of source "meeting"
(people.grants.grant_meeting_access) from the opening until `access_hours` after the end.
A member invited later (`add_member`) gets the agenda shared the same way, by `share_item`
for the cases the inviter does not reach.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import (
    Action,
    require,
)
from tsunagu.consent.disclosure import Basis, DisclosureRefused, disclose, valid_consents
from tsunagu.consent.models import Category
from tsunagu.core.validation import clean_model_text, gather
from tsunagu.people.grants import grant_meeting_access, reaches_without_grant
from tsunagu.people.models import Case
from tsunagu.tenancy.models import Organization

from .models import (
    AgendaItem,
    AgendaShare,
    Meeting,
    MeetingKind,
    MeetingMember,
)
from .services import check_manage, may_manage, member_of, seat_member

# ケース会議: the municipality's own staff share a case for their administrative work.
INTERNAL_USE_LAW = "行政機関等の内部での利用（個人情報保護法第69条第2項第2号）"
NO_CONSENT = _(
    "このケースには、構成員の所属機関すべてへの提供に同意した有効な同意の記録がありません。"
    "重層的支援会議の議題にできるのは、同意のあるケースだけです（同意の記録を確認するか、"
    "支援会議として開催してください）。"
)


@transaction.atomic
def add_member(actor: User, meeting: Meeting, user: User) -> MeetingMember:
    """Invite `user`. The agenda cases the actor reaches by their own role are shared with
    them at once (a disclosure each); the others wait for their case's staff (`share_item`)."""
    check_manage(actor, meeting)
    member = seat_member(actor, meeting, user)
    items = AgendaItem.objects.in_municipality(meeting.municipality_id).filter(
        meeting=meeting, case__isnull=False
    )
    for item in items.select_related("case", "meeting"):
        if reaches_without_grant(actor, item.case, Action.MANAGE_MEETINGS):
            _share(actor, item, [member])
    return member


def unshared_members(item: AgendaItem) -> list[MeetingMember]:
    """Members without a share of this case item (added after it was tabled)."""
    if item.case_id is None:
        return []
    shared = AgendaShare.objects.in_municipality(item.municipality_id).filter(item=item)
    return list(
        MeetingMember.objects.in_municipality(item.municipality_id)
        .filter(meeting_id=item.meeting_id)
        .exclude(pk__in=shared.values("member_id"))
        .select_related("user", "organization")
    )


@transaction.atomic
def share_item(actor: User, item: AgendaItem) -> int:
    """Share a tabled case with the members added since (its case's own staff only)."""
    require(actor, Action.MANAGE_MEETINGS, item.municipality_id)
    if item.case is None or not reaches_without_grant(actor, item.case, Action.MANAGE_MEETINGS):
        raise PermissionDenied(_("共有できるのは、このケースを担当する窓口の職員だけです。"))
    if item.meeting.window_state() == "closed":
        raise ValidationError(_("終了した会議の資料は共有できません。"))
    members = unshared_members(item)
    _share(actor, item, members)
    return len(members)


# The agenda ---------------------------------------------------------------------------------------
def _basis(
    meeting: Meeting, case: Case, organizations: list[Organization], categories: list[str]
) -> Basis:
    """The legal basis the meeting's kind gives: 106条の6 for a 支援会議, the internal use of
    the municipality's own staff for a ケース会議, a consent in force covering the members'
    organisations for a 重層的支援会議 (refused without one)."""
    if meeting.kind == MeetingKind.SHIEN_KAIGI:
        return Basis.support_meeting()
    if meeting.kind == MeetingKind.CASE_CONFERENCE:
        return Basis.statute(INTERNAL_USE_LAW)
    consents = valid_consents(case, organizations=organizations, categories=categories)
    if not consents:
        raise DisclosureRefused(NO_CONSENT)
    return Basis.consent(consents[0])


def _categories(item: AgendaItem) -> list[str]:
    categories = [Category.BASIC]
    if item.sensitive_summary:
        categories.append(Category.SENSITIVE)
    return categories


def _share(actor: User, item: AgendaItem, members: list[MeetingMember]) -> None:
    """Disclose the item's summary to `members` (those who do not reach the case by their own
    role) and open their access windows. Refused (DisclosureRefused) without a basis."""
    meeting, case = item.meeting, item.case
    receivers = []
    for member in members:
        if reaches_without_grant(member.user, case, Action.VIEW_CASE):
            AgendaShare.objects.create(
                municipality_id=meeting.municipality_id, item=item, member=member, grant=None
            )
        else:
            receivers.append(member)
    if not receivers:
        return
    organizations = list(
        {m.organization_id: m.organization for m in receivers if m.organization}.values()
    )
    categories = _categories(item)
    disclosure = disclose(
        actor,
        case,
        channel="meeting",
        organizations=organizations,
        categories=categories,
        basis=_basis(meeting, case, organizations, categories),
        target=item,
        recipients=[m.user for m in receivers],
    )
    for member in receivers:
        grant = grant_meeting_access(
            actor,
            case,
            user=member.user,
            starts_at=meeting.starts_at,
            ends_at=meeting.access_until,
            action=Action.MANAGE_MEETINGS,
            reason=_("%(title)s の資料（議題 #%(id)s）") % {"title": meeting.title, "id": item.pk},
        )
        AgendaShare.objects.create(
            municipality_id=meeting.municipality_id, item=item, member=member, grant=grant
        )
    if item.disclosure_id is None:
        item.disclosure_id = disclosure.pk
        item.shared_at = timezone.now()
        item.save()


@transaction.atomic
def add_agenda_item(
    actor: User,
    meeting: Meeting,
    *,
    case: Case | None,
    heading: object,
    summary: object = "",
    sensitive_summary: object = "",
) -> AgendaItem:
    """Table a case (or, in a network meeting, an anonymised topic) with its prepared summary
    and share it with the members."""
    require(actor, Action.MANAGE_MEETINGS, meeting.municipality_id)
    if meeting.window_state() == "closed":
        raise ValidationError(_("終了した会議の議題は追加できません。"))
    cleaned = gather(
        {
            "heading": lambda: clean_model_text(AgendaItem, "heading", heading, required=True),
            "summary": lambda: clean_model_text(AgendaItem, "summary", summary),
            "sensitive_summary": lambda: clean_model_text(
                AgendaItem, "sensitive_summary", sensitive_summary
            ),
        }
    )
    if not meeting.holds_cases:
        if case is not None:
            raise ValidationError(
                {
                    "case": _(
                        "ネットワーク会議の議題には、個人が特定できるケースを載せられません。"
                        "匿名化した事例の要点だけを書いてください。"
                    )
                }
            )
        check_manage(actor, meeting)
    else:
        if case is None:
            raise ValidationError({"case": _("議題にするケースを選んでください。")})
        if case.municipality_id != meeting.municipality_id or not reaches_without_grant(
            actor, case, Action.MANAGE_MEETINGS
        ):
            raise PermissionDenied(
                _(
                    "議題にできるのは、自分の窓口で担当しているケースだけです（ケースの担当職員が準備します）。"
                )
            )
        if (
            AgendaItem.objects.in_municipality(meeting.municipality_id)
            .filter(meeting=meeting, case=case)
            .exists()
        ):
            raise ValidationError({"case": _("このケースはすでに議題にあります。")})
    if not may_manage(actor, meeting) and member_of(actor, meeting) is None:
        raise PermissionDenied(_("この会議の構成員か運営者だけが議題を追加できます。"))
    last = (
        AgendaItem.objects.in_municipality(meeting.municipality_id)
        .filter(meeting=meeting)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    item = AgendaItem.objects.create(
        municipality_id=meeting.municipality_id,
        meeting=meeting,
        case=case,
        order=(last or 0) + 1,
        prepared_by=actor,
        **cleaned,
    )
    if case is not None:
        members = list(
            MeetingMember.objects.in_municipality(meeting.municipality_id)
            .filter(meeting=meeting)
            .select_related("user", "organization")
        )
        _share(actor, item, members)
    return item
