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
    birth_date: date | None = None
    phone: str | None = None
    address: str | None = None


class CaseOut(Schema):
    id: int
    municipality_code: str
    person_id: int
    window_id: int
    status: str
    opened_on: date
    summary: str | None = None
