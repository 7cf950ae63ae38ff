from datetime import date

from ninja import Schema


class MembershipOut(Schema):
    municipality_code: str
    municipality_name: str
    role: str
    role_label: str


class MeOut(Schema):
    username: str
    display_name: str
    memberships: list[MembershipOut]


class WindowOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    phone: str
    address: str
    contact_is_sample: bool
    age_min: int | None
    age_max: int | None
    does_outreach: bool
    channels: list[str]


class MunicipalityOut(Schema):
    code: str
    name: str
    windows: list[WindowOut]


class PersonOut(Schema):
    id: int
    municipality_code: str
    family_name: str | None = None
    given_name: str | None = None
    family_name_kana: str | None = None
    given_name_kana: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    birth_date_precision: str | None = None
    birth_display: str | None = None
    phone: str | None = None
    address: str | None = None
    district: str | None = None
    merged_into_id: int | None = None


class LeadWorkerOut(Schema):
    id: int
    display_name: str


class HouseholdMemberSummaryOut(Schema):
    relation: str
    relation_label: str
    age: int | None = None
    living_together: bool


class HouseholdSummaryOut(Schema):
    id: int
    member_count: int
    living_together_count: int
    is_8050: bool
    members: list[HouseholdMemberSummaryOut]


class CaseOut(Schema):
    id: int
    municipality_code: str
    person_id: int
    window_id: int
    window_name: str
    status: str
    status_label: str
    engagement_stage: str
    engagement_stage_label: str
    lead_worker: LeadWorkerOut | None = None
    opened_on: date
    closure_reason: str | None = None
    closed_on: date | None = None
    summary: str | None = None
    is_8050: bool
    households: list[HouseholdSummaryOut] | None = None
