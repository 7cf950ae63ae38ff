"""Which part of a person's record is what, for a 開示請求: the classification rules, as data.

Every item of the assembled record carries one source tag:

- 本人提供 (PERSON): what the person told or gave about themself;
- 第三者情報 (THIRD_PARTY): about or from someone else — household members, the family member
  or commissioner who consulted, other agencies (第78条第1項第2号・第3号 may apply);
- 職員の所見 (STAFF): staff opinions, assessments and notes (第78条第1項第6号・第7号 may apply);
- 記録事項 (RECORD): factual administrative record (dates, channels, statuses).

A source is one model reached from the person (`person_path`), its record heading (fields
joined), and its fields, each with a fixed tag or a tag decided by another field of the same
row (`by` + `tags`, e.g. a contact note's own 情報源). Fields not listed are not part of the
disclosure (matching keys, foreign keys, bookkeeping). The intake sheet's answers are tagged
by section (INTAKE_SECTION_TAGS) and by who consulted (本人 or someone else).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tag(models.TextChoices):
    PERSON = "person", _("本人提供")
    THIRD_PARTY = "third_party", _("第三者情報")
    STAFF = "staff", _("職員の所見")
    RECORD = "record", _("記録事項")


# Tags whose items a reviewer must decide on before the export (the others default to 開示:
# the person's own words and the administrative facts have no ground to be withheld).
NEEDS_DECISION = frozenset({Tag.THIRD_PARTY, Tag.STAFF})


class WithholdReason(models.TextChoices):
    """不開示の理由: the categories of 個人情報保護法第78条第1項 that arise in casework."""

    HARM_TO_PERSON = "harm_to_person", _("本人の生命、健康、生活又は財産を害するおそれ（第1号）")
    THIRD_PARTY = "third_party", _("第三者の権利利益を害するおそれ（第2号）")
    CORPORATION = "corporation", _("法人等の正当な利益を害するおそれ（第3号）")
    DELIBERATION = "deliberation", _("率直な意見の交換等が不当に損なわれるおそれ（第6号）")
    ADMINISTRATION = "administration", _("事務の適正な遂行に支障を及ぼすおそれ（第7号）")


@dataclass(frozen=True)
class FieldRule:
    name: str
    tag: str = Tag.RECORD
    by: str = ""  # a field of the same row whose value decides the tag
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    key: str  # "app_label.model"
    section: str
    person_path: str  # the lookup from the model to the person ("a|b": either)
    heading: tuple[str, ...]  # field paths joined into the record's heading
    fields: tuple[FieldRule, ...]
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ("pk",)


def F(name: str, tag: str = Tag.RECORD) -> FieldRule:  # short: the SOURCES below read as a table
    return FieldRule(name, tag)


P, T, S, R = Tag.PERSON, Tag.THIRD_PARTY, Tag.STAFF, Tag.RECORD
# Who was reached / who spoke → whose information it is.
BY_NOTE_SOURCE = {"person": P, "family": T, "third_party": T, "staff": S}
BY_GIVEN_BY = {"person": P}  # a representative or family member: 第三者情報
# A referral's notes come from the agency (answers, feedback), except the sender's cancellation.
BY_REFERRAL_EVENT = {"cancelled": S}
BY_GOAL_OWNER = {"person": P, "family": T, "supporters": S}

SOURCES: tuple[Source, ...] = (
    Source(
        "people.person",
        _("本人の基本情報"),
        "pk",
        (),
        (
            F("family_name", P),
            F("given_name", P),
            F("family_name_kana", P),
            F("given_name_kana", P),
            F("nickname", P),
            F("sex", P),
            F("birth_date", P),
            F("phone", P),
            F("address", P),
            F("district", P),
            F("contact_notes", S),
            F("notes", S),
        ),
    ),
    Source(
        "people.case",
        _("ケース"),
        "person",
        ("pk",),
        (
            F("opened_on"),
            F("window"),
            F("status"),
            F("engagement_stage"),
            F("closure_reason"),
            F("closed_on"),
            F("summary", S),
        ),
        related=("window",),
    ),
    Source(
        "people.casestatuschange",
        _("状況の変更"),
        "case__person",
        ("changed_at",),
        (F("from_status"), F("to_status"), F("closure_reason"), F("reason", S)),
        order=("changed_at", "pk"),
    ),
    Source(
        "people.engagementchange",
        _("関わりの段階の変更"),
        "case__person",
        ("changed_at",),
        (F("from_stage"), F("to_stage"), F("note", S)),
        order=("changed_at", "pk"),
    ),
    Source(
        "people.caseaccess",
        _("引き継ぎ・紹介"),
        "case__person",
        ("created_at", "kind"),
        (F("kind"), F("status"), F("reason", S)),
        order=("created_at", "pk"),
    ),
    Source(
        "people.household",
        _("世帯"),
        "person",
        (),
        (F("note", S),),
    ),
    Source(
        "people.householdmember",
        _("世帯員"),
        "household__person",
        ("relation",),
        (
            F("name", T),
            F("relation", T),
            F("age", T),
            F("living_together", T),
            F("care_level", T),
            F("health_note", T),
            F("employment", T),
            F("note", T),
        ),
    ),
    Source(
        "intake.intake",
        _("相談受付"),
        "person|case__person",  # an intake names the person, or only the case it started
        ("number",),
        (F("received_at"), F("channel"), F("urgency"), F("has_risk", S)),
        related=("form_version",),
        order=("received_at", "pk"),
    ),
    Source(
        "contacts.contact",
        _("支援記録"),
        "case__person",
        ("occurred_at", "channel"),
        (
            F("occurred_at"),
            F("channel"),
            F("reached"),
            F("duration_minutes"),
            F("summary", S),
            F("next_action", S),
            F("next_action_due"),
        ),
        order=("occurred_at", "pk"),
    ),
    Source(
        "contacts.contactnote",
        _("支援記録（情報源つきの記録）"),
        "contact__case__person",
        ("contact__occurred_at", "source"),
        (FieldRule("text", tag=S, by="source", tags=BY_NOTE_SOURCE),),
        related=("contact",),
        order=("contact__occurred_at", "contact_id", "order", "pk"),
    ),
    Source(
        "contacts.outreachvisit",
        _("訪問"),
        "case__person",
        ("planned_for",),
        (F("planned_for"), F("status"), F("purpose", S), F("safety_notes", S)),
        order=("planned_for", "pk"),
    ),
    Source(
        "assessments.assessment",
        _("アセスメント"),
        "case__person",
        ("number", "assessed_on"),
        (
            F("assessed_on"),
            F("status"),
            F("wishes", P),
            F("goals", P),
            F("strengths", S),
            F("summary", S),
        ),
        order=("case_id", "number"),
    ),
    Source(
        "assessments.domainrating",
        _("アセスメントの領域ごとの評価"),
        "assessment__case__person",
        ("assessment__number", "domain"),
        (F("rating", S), F("notes", S)),
        related=("assessment",),
        order=("assessment__case_id", "assessment__number", "pk"),
    ),
    Source(
        "plans.supportplan",
        _("支援計画"),
        "case__person",
        ("number", "made_on"),
        (F("made_on"), F("review_on"), F("status"), F("direction", S), F("person_agreed")),
        order=("case_id", "number"),
    ),
    Source(
        "plans.plangoal",
        _("支援計画の目標"),
        "plan__case__person",
        ("plan__number", "owner"),
        (FieldRule("text", tag=T, by="owner", tags=BY_GOAL_OWNER),),
        related=("plan",),
        order=("plan__case_id", "plan__number", "order", "pk"),
    ),
    Source(
        "plans.planaction",
        _("支援計画の取組"),
        "plan__case__person",
        ("plan__number",),
        (F("what"), F("due_on")),
        related=("plan",),
        order=("plan__case_id", "plan__number", "order", "pk"),
    ),
    Source(
        "consent.consent",
        _("情報提供の同意"),
        "person",
        ("given_on",),
        (
            F("given_by"),
            FieldRule("given_by_name", tag=T, by="given_by", tags=BY_GIVEN_BY),
            F("purpose"),
            F("given_on"),
            F("form"),
            F("expires_on"),
            F("withdrawn_at"),
            F("withdrawal_reason"),
        ),
        order=("given_on", "pk"),
    ),
    Source(
        "referrals.referral",
        _("おつなぎ（関係機関への紹介）"),
        "case__person",
        ("sent_at", "organization"),
        (F("organization"), F("service_name"), F("status"), F("message", S)),
        related=("organization",),
        order=("sent_at", "pk"),
    ),
    Source(
        "referrals.referralevent",
        _("おつなぎの経過（関係機関からの回答）"),
        "referral__case__person",
        ("at", "kind"),
        (FieldRule("note", tag=T, by="kind", tags=BY_REFERRAL_EVENT),),
        order=("at", "pk"),
    ),
    Source(
        "meetings.agendaitem",
        _("会議の資料と支援の方向性"),
        "case__person",
        ("meeting__starts_at", "meeting__title"),
        (
            F("heading", S),
            F("summary", S),
            F("sensitive_summary", S),
            F("direction", S),
        ),
        related=("meeting",),
        order=("meeting__starts_at", "pk"),
    ),
    Source(
        "meetings.actionitem",
        _("会議のアクションアイテム"),
        "case__person",
        ("due_on",),
        (F("title"), F("due_on"), F("done_at")),
        order=("due_on", "pk"),
    ),
    Source(
        "programmes.participant",
        _("プログラムへの参加"),
        "person",
        ("programme",),
        (F("status"), F("enrolled_at"), F("ended_at"), F("note", S)),
        related=("programme",),
        order=("pk",),
    ),
    Source(
        "programmes.attendance",
        _("プログラムの出欠"),
        "person",
        ("session__starts_at",),
        (F("present"), F("note", S)),
        related=("session",),
        order=("session__starts_at", "pk"),
    ),
    Source(
        "consent.disclosure",
        _("情報提供の記録"),
        "person",
        ("disclosed_at",),
        (F("channel"), F("basis"), F("statute"), F("disclosed_at")),
        order=("disclosed_at", "pk"),
    ),
)

# The intake sheet's answers, by section key of the sheet (the default sheet's; a section a
# municipality added is tagged by who consulted, like the ones not listed here).
INTAKE_SECTION_TAGS: dict[str, str] = {
    "reception": R,
    "family": T,
    "history": T,
    "risk": S,
    "first_response": S,
}
# The other sections (the consulter's details included): answers given by the person themself
# are 本人提供; by anyone else (a parent, a commissioner, an agency) 第三者情報.
INTAKE_SELF_RELATION = "self"

# The categories of information (consent.models.Category) a disclosure log entry names, by the
# app of the disclosed item; 基本情報 always, 要配慮個人情報 with any disclosed S-class item.
CATEGORY_BY_APP: dict[str, str] = {
    "intake": "intake",
    "contacts": "contacts",
    "assessments": "assessment",
    "plans": "support_plan",
}
