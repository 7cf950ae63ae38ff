"""The role tables of the permission rules (tsunagu.accounts.permissions applies them): what
each role may do (ACTIONS, OPTIONAL_ACTIONS), which records it reaches (RECORD_SCOPE), which
field classes it reads (READABLE_CLASSES), two-factor exemptions, home sections and the detail
of aggregates it sees."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .actions import Action
from .roles import Role

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
