"""All permission rules, in one module, in three layers.

1. ACTIONS: what each role may do at all.
2. RECORD_SCOPE: which records of personal data a role reaches
   ("own", "assigned", "organization", "window", "municipality" or "none").
   `tsunagu.tenancy.scoping` applies it to every query; each model translates the level into
   a filter in its `scope_q`.
3. READABLE_CLASSES: which field sensitivity classes a role may read
   (S = 要配慮個人情報, P = personal, O = operational).

4. OPTIONAL_ACTIONS: actions a municipality may switch on for a role (its role
   configuration, `RoleConfiguration`), e.g. whether 委託相談員 may create persons.

Views and API endpoints ask `require(user, action, municipality)`; records are fetched with
`Model.objects.visible_to(user, action)`. "Where may this user do X" is
`municipalities_where(user, action)`, "who may do X here" is `users_who_may(action, m)`.
Nothing else decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from .roles import Role

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from tsunagu.accounts.models import Membership, User
    from tsunagu.tenancy.models import Municipality


class Action:
    VIEW_PERSON = "view_person"
    CREATE_PERSON = "create_person"
    EDIT_PERSON = "edit_person"
    MERGE_PERSONS = "merge_persons"
    VIEW_CASE = "view_case"
    EDIT_CASE = "edit_case"
    CREATE_INTAKE = "create_intake"
    ACCEPT_HANDOFF = "accept_handoff"
    # Offer a case reached by one's own role (its window's, or the municipality's) to a
    # counsellor, an organisation or another window, with the grant the receiver starts on
    # acceptance: the 日野 call centre's reception hands off to contracted counsellors.
    HAND_OFF = "hand_off"
    # Take a case without a lead from the unassigned queue (「担当する」): the taker becomes
    # its lead. Only roles that lead the cases they reach by their own record scope.
    TAKE_CASE = "take_case"
    VIEW_TEAM = "view_team"  # the supervisor's team view (queues and overdue work)
    MANAGE_CASEWORK_SETTINGS = "manage_casework_settings"  # ケースワーク設定
    # Grant access to a case directly and end grants. Only roles that reach cases by their own
    # record scope hold it (and HAND_OFF): a grantee acts inside its grants, never passes them on.
    MANAGE_GRANTS = "manage_grants"
    # おつなぎ (tsunagu/referrals): refer a case reached by one's own role to an organisation,
    # with the limited view the referral's grant gives; its organisation's 関係機関担当 answer it.
    REFER_CASE = "refer_case"
    ANSWER_REFERRAL = "answer_referral"
    VIEW_ACCESS_LOG = "view_access_log"  # who viewed this record
    # Decide approval requests (assessment, support plan, case closure, minutes): approve or
    # return with comments (tsunagu.approvals). Never one's own request.
    APPROVE = "approve"
    # The multi-domain assessment (多機関協働事業) and the support plan: almost all 要配慮個人情報,
    # so only casework roles that read S hold them (an agency reached by a referral does not).
    VIEW_ASSESSMENT = "view_assessment"
    EDIT_ASSESSMENT = "edit_assessment"
    VIEW_SUPPORT_PLAN = "view_support_plan"
    EDIT_SUPPORT_PLAN = "edit_support_plan"
    # Convene support meetings (支援会議, 重層的支援会議, ケース会議, ネットワーク会議), put the
    # cases one reaches by one's own role on their agenda, record outcomes and minutes. Taking
    # part as a member needs only VIEW_CASE (tsunagu.meetings).
    MANAGE_MEETINGS = "manage_meetings"
    EXPORT_RECORDS = "export_records"
    # Import persons, cases and contacts from a spreadsheet (tsunagu.imports): supervisors only.
    # 自治体管理者 read no personal data (record scope "none"), and an import shows every row's
    # names and creates records through the casework services, so it is not theirs.
    IMPORT_RECORDS = "import_records"
    SUBMIT_CONCERN_REPORT = "submit_concern_report"
    MANAGE_USERS = "manage_users"
    MANAGE_WINDOWS = "manage_windows"
    MANAGE_ROUTING = "manage_routing"  # 振り分けルールの編集
    MANAGE_FORMS = "manage_forms"
    MANAGE_PUBLIC_CONTENT = "manage_public_content"
    # The resource directory (tsunagu/resources): services, places, fields, CSV import/export;
    # the whole municipality's directory, so 自治体管理者 only (not an organisation's account).
    MANAGE_RESOURCES = "manage_resources"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_AUDIT_LOG = "view_audit_log"
    # Consents to share a person's information (tsunagu.consent): the casework roles see and
    # record them on the cases they reach; reception and agency staff do not.
    VIEW_CONSENTS = "view_consents"
    MANAGE_CONSENTS = "manage_consents"
    # A person's disclosure history (情報提供の記録, by legal basis): supervisors.
    VIEW_DISCLOSURES = "view_disclosures"
    # Answer a person's 開示請求 (個人情報保護法第76条): assemble the whole record, mark what is
    # withheld (第78条) and export it (tsunagu.disclosures). Supervisors only: 自治体管理者 read
    # no personal data (record scope "none", O-class fields only), and a reviewer must read
    # every item to judge it.
    EXPORT_DISCLOSURE = "export_disclosure"
    MANAGE_SYSTEM = "manage_system"
    # Programmes (tsunagu.programmes): the staff pages of programmes and their sessions (public
    # data, unpublished drafts included); creating and editing them (a 団体・広報担当 only its
    # own organisation's programmes, window staff their window's, supervisors and the
    # municipality's administrators any); the participants, waiting lists and attendance of
    # named people (personal data, by record scope: an organisation's member list reaches only
    # its own accounts, never case data).
    VIEW_PROGRAMMES = "view_programmes"
    MANAGE_PROGRAMMES = "manage_programmes"
    VIEW_PARTICIPANTS = "view_participants"
    MANAGE_PARTICIPANTS = "manage_participants"
    # Consultation bookings (tsunagu.booking): the window's first-contact staff see the bookings
    # of their window (supervisors the municipality's), cancel one, and turn one into an intake.
    VIEW_BOOKINGS = "view_bookings"
    MANAGE_BOOKINGS = "manage_bookings"
    # Announcements (tsunagu.publicity): write, publish and withdraw お知らせ, see their
    # deliveries, and keep the list of flyer placements. Public data; who manages which follows
    # the author like programmes: a 団体・広報担当 its organisation's, window staff their
    # window's, supervisors and the municipality's administrators any of the municipality.
    MANAGE_ANNOUNCEMENTS = "manage_announcements"


A = Action
CASEWORK = {
    A.VIEW_PERSON,
    A.EDIT_PERSON,
    A.VIEW_CASE,
    A.EDIT_CASE,
    A.CREATE_INTAKE,
    A.VIEW_CONSENTS,
    A.MANAGE_CONSENTS,
}
# Assessment and support plan (issue 8): the roles that do casework on a case, never reception
# (first contact only) nor an agency (a referral's limited view).
PLANNING = {A.VIEW_ASSESSMENT, A.EDIT_ASSESSMENT, A.VIEW_SUPPORT_PLAN, A.EDIT_SUPPORT_PLAN}
# Running programmes (issue 9): sessions, enrolments, waiting lists, attendance.
PROGRAMMES = {A.VIEW_PROGRAMMES, A.MANAGE_PROGRAMMES, A.VIEW_PARTICIPANTS, A.MANAGE_PARTICIPANTS}
BOOKINGS = {A.VIEW_BOOKINGS, A.MANAGE_BOOKINGS}

ACTIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset({A.MANAGE_SYSTEM, A.MANAGE_USERS, A.VIEW_AUDIT_LOG}),
    Role.MUNICIPALITY_ADMIN: frozenset(
        {
            A.MANAGE_USERS,
            A.MANAGE_WINDOWS,
            A.MANAGE_ROUTING,
            A.MANAGE_FORMS,
            A.VIEW_AUDIT_LOG,
            A.VIEW_AGGREGATES,
            A.MANAGE_CASEWORK_SETTINGS,
            A.VIEW_PROGRAMMES,
            A.MANAGE_PROGRAMMES,
            A.MANAGE_RESOURCES,
            A.MANAGE_ANNOUNCEMENTS,
        }
    ),
    Role.RECEPTION: frozenset(
        {
            A.VIEW_PERSON,
            A.CREATE_PERSON,
            A.EDIT_PERSON,
            A.CREATE_INTAKE,
            A.VIEW_CASE,
            A.HAND_OFF,
            A.VIEW_PROGRAMMES,
        }
        | BOOKINGS
    ),
    Role.COUNSELLOR: frozenset(
        CASEWORK
        | PLANNING
        | PROGRAMMES
        | BOOKINGS
        | {
            A.CREATE_PERSON,
            A.ACCEPT_HANDOFF,
            A.MANAGE_GRANTS,
            A.HAND_OFF,
            A.TAKE_CASE,
            A.REFER_CASE,
            A.MANAGE_MEETINGS,
            A.MANAGE_ANNOUNCEMENTS,
        }
    ),
    Role.CONTRACTED_COUNSELLOR: frozenset(
        CASEWORK | PLANNING | {A.ACCEPT_HANDOFF, A.VIEW_PROGRAMMES}
    ),
    Role.SUPERVISOR: frozenset(
        CASEWORK
        | PLANNING
        | PROGRAMMES
        | BOOKINGS
        | {
            A.CREATE_PERSON,
            A.MANAGE_GRANTS,
            A.MERGE_PERSONS,
            A.VIEW_ACCESS_LOG,
            A.EXPORT_RECORDS,
            A.IMPORT_RECORDS,
            A.ACCEPT_HANDOFF,
            A.VIEW_AGGREGATES,
            A.HAND_OFF,
            A.TAKE_CASE,
            A.VIEW_TEAM,
            A.MANAGE_CASEWORK_SETTINGS,
            A.VIEW_DISCLOSURES,
            A.EXPORT_DISCLOSURE,
            A.APPROVE,
            A.REFER_CASE,
            A.MANAGE_MEETINGS,
            A.MANAGE_ANNOUNCEMENTS,
        }
    ),
    Role.AGENCY_STAFF: frozenset({A.VIEW_PERSON, A.VIEW_CASE, A.ACCEPT_HANDOFF, A.ANSWER_REFERRAL}),
    Role.WELFARE_COMMISSIONER: frozenset({A.SUBMIT_CONCERN_REPORT}),
    # An organisation's account runs its own programmes (its member list is its own data).
    Role.PUBLICITY: frozenset({A.MANAGE_PUBLIC_CONTENT, A.MANAGE_ANNOUNCEMENTS} | PROGRAMMES),
    Role.PREFECTURE_ANALYST: frozenset({A.VIEW_AGGREGATES}),
}

# Actions a municipality may add to a role in its role configuration (RoleConfiguration).
OPTIONAL_ACTIONS: dict[str, frozenset[str]] = {
    Role.CONTRACTED_COUNSELLOR: frozenset({A.CREATE_PERSON}),
}
OPTIONAL_ACTION_LABELS: dict[str, str] = {
    A.CREATE_PERSON: gettext_lazy("本人の記録を新しく作成できる"),
}

RECORD_SCOPE: dict[str, str] = {
    Role.SYSTEM_ADMIN: "none",
    Role.MUNICIPALITY_ADMIN: "none",
    Role.RECEPTION: "window",
    Role.COUNSELLOR: "window",
    Role.CONTRACTED_COUNSELLOR: "assigned",
    Role.SUPERVISOR: "municipality",
    Role.AGENCY_STAFF: "organization",
    Role.WELFARE_COMMISSIONER: "own",
    # "organization": only its own programmes' participants (tsunagu.programmes); it holds no
    # case action, so no case, person or grant of its organisation is ever in its scope.
    Role.PUBLICITY: "organization",
    Role.PREFECTURE_ANALYST: "none",
}

READABLE_CLASSES: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset({"O"}),
    Role.MUNICIPALITY_ADMIN: frozenset({"O"}),
    Role.RECEPTION: frozenset({"S", "P", "O"}),
    Role.COUNSELLOR: frozenset({"S", "P", "O"}),
    Role.CONTRACTED_COUNSELLOR: frozenset({"S", "P", "O"}),
    Role.SUPERVISOR: frozenset({"S", "P", "O"}),
    Role.AGENCY_STAFF: frozenset({"P", "O"}),
    Role.WELFARE_COMMISSIONER: frozenset({"P", "O"}),
    Role.PUBLICITY: frozenset({"O"}),
    Role.PREFECTURE_ANALYST: frozenset({"O"}),
}

# Roles that can read personal data must use two-factor authentication.
MFA_EXEMPT_ROLES = frozenset({Role.PUBLICITY, Role.PREFECTURE_ANALYST})

ROLE_HOME_SECTIONS: dict[str, tuple[str, ...]] = {
    Role.SYSTEM_ADMIN: ("municipalities", "audit"),
    Role.MUNICIPALITY_ADMIN: (
        "intake_forms",
        "routing",
        "roles",
        "casework_settings",
        "staff",
        "admin_windows",
        "booking_rules",
        "admin_organizations",
        "resources",
        "audit",
        "programmes",
        "programme_statistics",
        "reports",
        "announcements",
    ),
    Role.RECEPTION: (
        "dashboard",
        "intake",
        "persons",
        "unassigned",
        "concern_triage",
        "bookings",
        "meetings",
        "windows",
        "programmes",
    ),
    Role.COUNSELLOR: (
        "dashboard",
        "intake",
        "persons",
        "cases",
        "unassigned",
        "handoffs",
        "concern_triage",
        "bookings",
        "meetings",
        "windows",
        "programmes",
        "announcements",
    ),
    Role.CONTRACTED_COUNSELLOR: ("dashboard", "cases", "handoffs", "meetings", "programmes"),
    Role.SUPERVISOR: (
        "dashboard",
        "team",
        "approvals",
        "intake",
        "persons",
        "cases",
        "unassigned",
        "handoffs",
        "concern_triage",
        "bookings",
        "meetings",
        "programmes",
        "imports",
        "programme_statistics",
        "reports",
        "announcements",
    ),
    Role.AGENCY_STAFF: ("dashboard", "cases", "referrals_received", "meetings"),
    Role.WELFARE_COMMISSIONER: ("concerns",),
    Role.PUBLICITY: ("programmes", "announcements", "public", "programme_statistics"),
    Role.PREFECTURE_ANALYST: ("reports", "public", "programme_statistics"),
}


# How much of the aggregates (VIEW_AGGREGATES, tsunagu.reports) a role sees: "municipality" =
# its municipality's full counts; "prefecture" = only the prefecture-wide view across the
# municipalities it belongs to, with counts under 5 suppressed (no personal data at all).
AGGREGATE_DETAIL: dict[str, str] = {Role.PREFECTURE_ANALYST: "prefecture"}


def aggregate_municipalities(user: User, detail: str) -> list[int]:
    """The municipalities whose aggregates the user may see at this detail (sorted ids)."""
    return sorted(
        {
            m.municipality_id
            for m in memberships_for(user, action=Action.VIEW_AGGREGATES)
            if AGGREGATE_DETAIL.get(m.role, "municipality") == detail
        }
    )


def record_scope(role: str) -> str:
    """The record-scope level of a role (the same for every personal-data model)."""
    return RECORD_SCOPE.get(role, "none")


def _enabled_options(user: User) -> dict[tuple[int, str], frozenset[str]]:
    """The optional actions switched on for the user's roles, per (municipality, role); one
    query per user object, and only when an optional action is asked about."""
    cached = getattr(user, "_enabled_options", None)
    if cached is None:
        from .models import RoleConfiguration

        pairs = {(m.municipality_id, m.role) for m in user.active_memberships()}
        configs = RoleConfiguration.objects.filter(
            municipality_id__in={m for m, _ in pairs}, role__in={r for _, r in pairs}
        )
        cached = {(c.municipality_id, c.role): frozenset(c.extra_actions) for c in configs}
        user._enabled_options = cached
    return cached


def membership_allows(membership: Membership, action: str) -> bool:
    """May this membership (one role in one municipality) do `action`?"""
    if action in ACTIONS.get(membership.role, ()):
        return True
    if action in OPTIONAL_ACTIONS.get(membership.role, ()):
        options = _enabled_options(membership.user)
        return action in options.get((membership.municipality_id, membership.role), ())
    return False


def memberships_for(
    user: User | None,
    municipality: Municipality | int | None = None,
    *,
    action: str | None = None,
) -> list[Membership]:
    """The user's active memberships (in one municipality, and allowing one action, if given)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    memberships = user.active_memberships()
    if municipality is not None:
        municipality_id = getattr(municipality, "pk", municipality)
        memberships = [m for m in memberships if m.municipality_id == municipality_id]
    if action is not None:
        memberships = [m for m in memberships if membership_allows(m, action)]
    return memberships


def can(user: User, action: str, municipality: Municipality | int | None = None) -> bool:
    """May this user do `action` (in this municipality, when given)?"""
    return bool(memberships_for(user, municipality, action=action))


def require(user: User, action: str, municipality: Municipality | int | None = None) -> None:
    if not can(user, action, municipality):
        raise PermissionDenied("この操作を行う権限がありません。")


def municipalities_where(user: User, action: str) -> list[int]:
    """Where may this user do `action`: the ids of those municipalities, sorted."""
    return sorted({m.municipality_id for m in memberships_for(user, action=action)})


def roles_allowed(action: str, municipality: Municipality | int) -> list[str]:
    """The roles that may do `action` in this municipality (its role configuration included)."""
    from .models import RoleConfiguration

    roles = [role for role, actions in ACTIONS.items() if action in actions]
    optional = [role for role, actions in OPTIONAL_ACTIONS.items() if action in actions]
    if optional:
        municipality_id = getattr(municipality, "pk", municipality)
        for config in RoleConfiguration.objects.filter(
            municipality_id=municipality_id, role__in=optional
        ):
            if action in config.extra_actions:
                roles.append(config.role)
    return roles


def users_who_may(
    action: str, municipality: Municipality | int, *, roles: Iterable[str] | None = None
) -> QuerySet[User]:
    """Who may do `action` here: active staff with an active membership in this municipality
    whose role allows it (optionally only some of those roles), by reading then username."""
    from .models import User

    allowed = roles_allowed(action, municipality)
    if roles is not None:
        allowed = [r for r in allowed if r in set(roles)]
    municipality_id = getattr(municipality, "pk", municipality)
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__municipality_id=municipality_id,
            memberships__role__in=allowed,
        )
        .distinct()
        .order_by("display_name_kana", "username")
    )


def readable_classes(user: User, municipality: Municipality | int | None) -> frozenset[str]:
    """The field classes the user's roles read in a municipality: the base of the field
    policy (people.visibility), which alone decides for a given record."""
    classes: set[str] = set()
    for m in memberships_for(user, municipality):
        classes |= READABLE_CLASSES.get(m.role, frozenset())
    return frozenset(classes)


def requires_mfa(user: User) -> bool:
    """Two-factor authentication is required for any role that can read personal data."""
    if user.is_superuser:
        return True
    return any(m.role not in MFA_EXEMPT_ROLES for m in memberships_for(user))


def role_labels(user: User) -> list[str]:
    return [f"{m.municipality.name} {m.get_role_display()}" for m in memberships_for(user)]
