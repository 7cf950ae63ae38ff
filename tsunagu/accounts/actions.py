"""The actions of the permission rules: what a view or endpoint asks `require(user, action)`
for (tsunagu.accounts.permissions decides; role_tables.py says which role may)."""

from __future__ import annotations


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
