"""A case-study draft built from one case: what the case holds, anonymised, line by line.

What goes in, and how each held value is generalised (the data model, field by field):

- 本人 (people.Person): 氏名・フリガナ・呼び名 → 「Aさん」; 性別 → 男性/女性 only (その他・不明・回答しない
  are left out: rare values single a person out); 生年月日 → removed, the age as a band (「40代」);
  住所 → the municipality only (町名・番地・建物 removed); 居住地区・電話番号 → removed;
  特記事項・連絡上の配慮 → not included (free text kept for the case team).
- 世帯 (people.HouseholdMember): 氏名 → the relation (「母」); 年齢 → band; 同居/別居 kept;
  就労 → its coarse category (不明・その他 left out); 要介護度 → 要介護/要支援 without the grade;
  健康・介護の状況, 備考 and 世帯の状況 → anonymised free text.
- ケース (people.Case): 受付日 → the base of every relative date; 状況, 関わりの段階, 終結理由 kept;
  終結日 → relative; 相談の概要 → anonymised free text.
- 支援記録 (contacts.Contact, ContactNote): 日時 → relative date; 方法, 対応した相手 kept; 職員 → not
  named; 概要 and the note parts (with their source) → anonymised free text.
- 相談受付票 (intake.Intake answers, the latest submitted sheet): only its coded items, as their
  labels from the default code lists (外出状況, 期間, きっかけ, 生活状況, 家族との会話, 受診状況,
  障害者手帳・サービス (the kind, no grade), 最終学歴, 不登校経験, 就労経験, 現在の意向); a code
  the default lists do not have (a municipality's own) is left out, as are 不明 and その他. Its
  free text is not included: 診断名, 服薬, 医療機関, 職歴の詳細 hold rare values (a rare diagnosis,
  an occupation, a nationality) that no rule can generalise; the reviewer writes what the
  meeting needs in general words under 「検討したい点」, checked like every other line. The sheet's
  names, phones, address and institutions are used as needles, so they are removed wherever
  else they appear. The data model holds no nationality or occupation field.

Names the anonymiser looks for (needles): the person (names, readings, nickname), household
members (and their person records), the names on the case's intakes (相談者, 紹介元, 医療機関),
every staff member of the municipality and the staff on the contacts, the municipality's
organizations, and the person's address parts, district and phone.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.audit.log import record_list
from tsunagu.contacts.models import Contact, ContactNote
from tsunagu.intake.models import Intake
from tsunagu.people.models import Case, Household, HouseholdMember, Person
from tsunagu.people.models.households import Employment, Relation
from tsunagu.people.models.persons import whole_years
from tsunagu.people.visibility import field_policy
from tsunagu.tenancy.models import Organization

from .anonymise import (
    KnownIdentifiers,
    age_band,
    age_band_between,
    anonymise_text,
    care_level_label,
    relative_date,
    sex_label,
)
from .anonymise.known import PERSON_LABEL, STAFF_LABEL
from .intake_lines import add_intake_answers, intake_lines
from .parts import (
    SECTION_BASIC,
    SECTION_COURSE,
    SECTION_HOUSEHOLD,
    SECTION_INTAKE,
    SECTION_POINTS,
    SECTION_SUMMARY,
    Draft,
    Line,
    Section,
)

# A long case is summarised by its latest contacts: a meeting discusses the course, not every
# call. The page says how many earlier ones were left out.
MAX_CONTACTS = 60

_RELATION_LABELS = {
    Relation.SELF: PERSON_LABEL,
    Relation.COMMISSIONER: "民生委員",
    Relation.AGENCY: "関係機関の職員",
    Relation.NEIGHBOUR: "知人",
    Relation.OTHER: "関係者",
    Relation.UNKNOWN: "関係者",
}


def relation_label(relation: str) -> str:
    if relation in _RELATION_LABELS:
        return _RELATION_LABELS[relation]
    return str(Relation(relation).label) if relation in Relation.values else "関係者"


def _person_age(person: Person, today: datetime.date) -> str:
    birth = person.birth
    earliest, latest = birth.earliest(), birth.latest()
    if earliest is None or latest is None:
        return ""
    return age_band_between(whole_years(latest, today), whole_years(earliest, today))


def _add_person(known: KnownIdentifiers, person: Person, label: str, municipality: str) -> None:
    known.add_name(
        label,
        person.family_name,
        person.given_name,
        reading=(person.family_name_kana, person.given_name_kana),
    )
    known.add_name(label, person.nickname)
    known.add_address(person.address, municipality)
    known.add_place(person.district)
    known.add_phone(person.phone)


def _staff_names(municipality_id: int) -> list[tuple[str, str, str]]:
    """Every staff member who ever had a membership in the municipality (names are known to
    the system whether or not the person still works there)."""
    return list(
        User.objects.filter(memberships__municipality_id=municipality_id)
        .distinct()
        .values_list("display_name", "display_name_kana", "username")
    )


def _member_text(member: HouseholdMember, today: datetime.date) -> str:
    parts = [age_band(member.age_on(today)) if member.age is not None else ""]
    parts.append("同居" if member.living_together else "別居")
    if member.employment not in (Employment.UNKNOWN, Employment.OTHER):
        parts.append(str(member.get_employment_display()))
    parts.append(care_level_label(member.care_level))
    return "、".join(p for p in parts if p)


def _contact_heading(contact: Contact, base: datetime.date) -> str:
    day = timezone.localtime(contact.occurred_at).date()
    return (
        f"{relative_date(day, base)}　{contact.get_channel_display()}"
        f"（{contact.get_reached_display()}）"
    )


def _contact_text(contact: Contact, sensitive: bool) -> str:
    if not sensitive:
        return ""
    parts = [contact.summary.strip()]
    for note in getattr(contact, "note_list", []):
        if note.text.strip():
            parts.append(f"［{note.get_source_display()}］{note.text.strip()}")
    return "\n".join(p for p in parts if p)


def build_draft(user: User, case: Case, today: datetime.date | None = None) -> Draft:
    """The anonymised draft of ``case`` for ``user`` (who passed the export check on it).

    Queries: households, members, contacts (latest MAX_CONTACTS + 1), their notes and staff,
    intake answers, staff names, organizations — a fixed number whatever the case's size."""
    today = today or timezone.localdate()
    person = case.person
    municipality = case.municipality.name
    sensitive = field_policy(user).reads_sensitive(case)
    base = case.opened_on

    members_qs = (
        HouseholdMember.objects.visible_to(user, Action.VIEW_PERSON)
        .select_related("person")
        .order_by("pk")
    )
    households = list(
        Household.objects.visible_to(user, Action.VIEW_PERSON)
        .filter(person_id=person.pk)
        .prefetch_related(Prefetch("members", queryset=members_qs, to_attr="member_list"))
        .order_by("pk")
    )
    notes_qs = ContactNote.objects.visible_to(user, Action.VIEW_CASE).order_by("order", "pk")
    contacts = list(
        Contact.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case_id=case.pk)
        .prefetch_related("staff")
        .prefetch_related(Prefetch("notes", queryset=notes_qs, to_attr="note_list"))
        .order_by("-occurred_at", "-pk")[: MAX_CONTACTS + 1]
    )
    omitted = 0
    if len(contacts) > MAX_CONTACTS:
        contacts = contacts[:MAX_CONTACTS]
        omitted = (
            Contact.objects.visible_to(user, Action.VIEW_CASE).filter(case_id=case.pk).count()
            - MAX_CONTACTS
        )
    contacts.reverse()
    record_list(Contact, contacts, page="case_study")
    intakes = list(
        Intake.objects.visible_to(user, Action.CREATE_INTAKE)
        .filter(case_id=case.pk)
        .only("pk", "municipality_id", "answers", "status", "received_at")
        .order_by("-received_at", "-pk")
    )
    members = [m for household in households for m in household.member_list]
    record_list(HouseholdMember, members, page="case_study")
    record_list(Intake, intakes, page="case_study")

    known = KnownIdentifiers()
    _add_person(known, person, PERSON_LABEL, municipality)
    for household in households:
        for member in household.member_list:
            label = relation_label(member.relation)
            known.add_name(label, member.name)
            if member.person is not None:
                _add_person(known, member.person, label, municipality)
    for intake in intakes:
        add_intake_answers(known, intake.answers, municipality)
    for contact in contacts:
        for staff in contact.staff.all():
            known.add_name(STAFF_LABEL, staff.display_name, reading=(staff.display_name_kana,))
            known.add_name(STAFF_LABEL, staff.username)
    for display_name, kana, username in _staff_names(case.municipality_id):
        known.add_name(STAFF_LABEL, display_name, reading=(kana,))
        known.add_name(STAFF_LABEL, username)
    for name in Organization.objects.filter(municipality_id=case.municipality_id).values_list(
        "name", flat=True
    ):
        known.add_organization(name, municipality_name=municipality)
    needles = known.freeze()

    def clean(text: str) -> str:
        return anonymise_text(text, needles, base)

    basic = Section(SECTION_BASIC, "基本情報")
    who = "、".join(p for p in (_person_age(person, today), sex_label(person.sex)) if p)
    basic.lines.append(Line("person", "本人", f"{PERSON_LABEL}（{who}）" if who else PERSON_LABEL))
    basic.lines.append(Line("residence", "居住地", municipality))
    status = f"{case.get_status_display()}／{case.get_engagement_stage_display()}"
    if case.status == Case.Status.CLOSED:
        reason = case.get_closure_reason_display() if case.closure_reason else ""
        when = relative_date(case.closed_on, base) if case.closed_on else ""
        status += "（" + "、".join(p for p in ("終結", reason, when) if p) + "）"
    basic.lines.append(Line("status", "支援の状況", status))
    basic.lines.append(
        Line("period", "支援の期間", f"{relative_date(today, base)}（資料作成時点）")
    )

    submitted = [i for i in intakes if i.status == Intake.Status.SUBMITTED]
    intake_section = Section(
        SECTION_INTAKE,
        "相談受付時の状況",
        intake_lines(submitted[0].answers, sensitive) if submitted else [],
    )

    household_section = Section(SECTION_HOUSEHOLD, "世帯")
    for household in households:
        for member in household.member_list:
            label = relation_label(member.relation)
            household_section.lines.append(
                Line(f"member-{member.pk}", label, _member_text(member, today))
            )
            if sensitive:
                for attr, title in (("health_note", "健康・介護の状況"), ("note", "備考")):
                    value = getattr(member, attr).strip()
                    if value:
                        household_section.lines.append(
                            Line(
                                f"member-{member.pk}-{attr}",
                                f"{label}の{title}",
                                clean(value),
                                sensitive=True,
                            )
                        )
        if sensitive and household.note.strip():
            household_section.lines.append(
                Line(
                    f"household-{household.pk}", "世帯の状況", clean(household.note), sensitive=True
                )
            )

    summary = Section(SECTION_SUMMARY, "相談の概要")
    if sensitive and case.summary.strip():
        summary.lines.append(Line("summary", "相談の概要", clean(case.summary), sensitive=True))

    course = Section(SECTION_COURSE, "支援の経過")
    for contact in contacts:
        course.lines.append(
            Line(
                f"contact-{contact.pk}",
                _contact_heading(contact, base),
                clean(_contact_text(contact, sensitive)),
                sensitive=sensitive,
                keep_empty=True,
            )
        )

    points = Section(
        SECTION_POINTS, "検討したい点", [Line("points", "検討したい点", "", sensitive=True)]
    )
    sections = [basic, summary, intake_section, household_section, course, points]
    return Draft(
        case_id=case.pk,
        municipality_name=municipality,
        base=base,
        needles=needles,
        sections=sections,
        omitted_contacts=omitted,
    )
