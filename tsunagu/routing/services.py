"""Routing: suggest the responsible windows for an intake, record the decision, edit the rules.

How a rule matches (all of its conditions must hold; an empty condition matches everyone):

- age: `age_min <= age <= age_max` (either bound optional). When the age is unknown, only rules
  without an age condition are suggested, and `Suggestions.notes` says which windows depend on
  the age;
- district: one of the rule's district names (町名・地区名) occurs in the district typed at intake
  (compared with `tsunagu.jp.names.search_key`, so width and variant kanji do not matter);
  `other_districts` matches when no district rule of the municipality matches (district unknown
  included) — used for 「最寄りの拠点が分からないとき」;
- topics: any of the rule's 主訴 codes is among the intake's topics.

Every matching rule is suggested, by priority (then id); a window is suggested once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.tenancy.models import Municipality, Window

from .models import RoutingDecision, RoutingRule


@dataclass(frozen=True)
class Suggestion:
    window: Window
    rule: RoutingRule
    reason: str  # 「18歳未満のため 八王子市子ども家庭支援センター」

    @property
    def note(self) -> str:
        return self.rule.note


class Suggestions(list):
    """A list of `Suggestion`, best first, with notes for the person taking the intake."""

    def __init__(
        self,
        items: Sequence[Suggestion] = (),
        notes: Sequence[str] = (),
        age_dependent: Sequence[Suggestion] = (),
    ) -> None:
        super().__init__(items)
        self.notes = list(notes)
        # When the age is unknown: the windows that would be suggested for some age (the
        # public navigator lists them with their age band).
        self.age_dependent = list(age_dependent)


def active_rules(municipality: Municipality | int) -> list[RoutingRule]:
    municipality_id = getattr(municipality, "pk", municipality)
    return list(
        RoutingRule.objects.filter(municipality_id=municipality_id, is_active=True)
        .select_related("window")
        .order_by("priority", "pk")
    )


def _reason(rule: RoutingRule) -> str:
    return _("%(condition)sのため %(window)s") % {
        "condition": rule.condition_label(),
        "window": rule.window.name,
    }


def suggest_windows(
    municipality: Municipality | int,
    *,
    age: int | None,
    district: str = "",
    topics: Sequence[str] = (),
    rules: list[RoutingRule] | None = None,
) -> Suggestions:
    """The windows to suggest for a person of this age, district and topics, best first."""
    rules = active_rules(municipality) if rules is None else rules
    wanted_topics = set(topics)
    district = (district or "").strip()
    named_district_hit = bool(district) and any(
        r.matches_district_name(district) for r in rules if r.district_names()
    )
    items: list[Suggestion] = []
    seen: set[int] = set()
    skipped_for_age: list[RoutingRule] = []
    for rule in rules:
        if rule.district_names() or rule.other_districts:
            by_name = bool(rule.district_names()) and rule.matches_district_name(district)
            by_other = rule.other_districts and not named_district_hit
            if not (by_name or by_other):
                continue
        if not rule.matches_topics(wanted_topics):
            continue
        if not rule.matches_age(age):
            if age is None:
                skipped_for_age.append(rule)
            continue
        if rule.window_id in seen:
            continue
        seen.add(rule.window_id)
        items.append(Suggestion(window=rule.window, rule=rule, reason=_reason(rule)))
    notes = []
    if age is None and skipped_for_age:
        names = "、".join(
            dict.fromkeys(f"{r.window.name}（{r.age_label()}）" for r in skipped_for_age)
        )
        notes.append(
            _(
                "年齢が分からないため、年齢で対象が分かれる窓口（%(names)s）は候補に含めていません。"
                "年齢を確認してください。"
            )
            % {"names": names}
        )
    if not items:
        notes.append(_("該当する振り分けルールがありません。窓口を選んでください。"))
    age_dependent = []
    for rule in skipped_for_age:
        if rule.window_id not in seen:
            seen.add(rule.window_id)
            age_dependent.append(Suggestion(window=rule.window, rule=rule, reason=_reason(rule)))
    return Suggestions(items, notes, age_dependent)


@transaction.atomic
def record_routing_decision(
    actor: User,
    *,
    municipality: Municipality,
    suggested_window: Window | None,
    chosen_window: Window,
    reason: str = "",
    suggested_reason: str = "",
    intake_id: int | None = None,
) -> RoutingDecision:
    """Store the window chosen for an intake. Raises ValidationError({"reason": …}) when the
    chosen window differs from the suggestion and no reason is given."""
    require(actor, Action.CREATE_INTAKE, municipality)
    for window in (suggested_window, chosen_window):
        if window is not None and window.municipality_id != municipality.pk:
            raise ValidationError({"chosen_window": _("窓口は同じ自治体のものを選んでください。")})
    reason = (reason or "").strip()
    suggested_id = suggested_window.pk if suggested_window else None
    if chosen_window.pk != suggested_id and not reason:
        raise ValidationError(
            {"reason": _("提案と異なる窓口を選ぶときは、その理由を入力してください。")}
        )
    return RoutingDecision.objects.create(
        municipality=municipality,
        intake_id=intake_id,
        suggested_window=suggested_window,
        suggested_reason=suggested_reason[:300],
        chosen_window=chosen_window,
        reason=reason,
        decided_by=actor,
    )


def decisions_for_intake(user: User, intake_id: int) -> list[RoutingDecision]:
    """The routing decisions of one intake that `user` may see, newest first."""
    return list(
        RoutingDecision.objects.visible_to(user, Action.CREATE_INTAKE)
        .filter(intake_id=intake_id)
        .select_related("suggested_window", "chosen_window", "decided_by")
        .order_by("-decided_at", "-pk")
    )


# The rule editor ------------------------------------------------------------------------------


def validate_rule(rule: RoutingRule) -> None:
    errors: dict[str, str] = {}
    if rule.window_id and rule.window.municipality_id != rule.municipality_id:
        errors["window"] = _("窓口は同じ自治体のものを選んでください。")
    if rule.age_min is not None and rule.age_max is not None and rule.age_min > rule.age_max:
        errors["age_max"] = _("対象年齢の上限は下限以上にしてください。")
    if rule.districts.strip() and rule.other_districts:
        errors["other_districts"] = _(
            "地区名を入力した規則と「ほかの地区」は同時に指定できません。"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_rule(actor: User, rule: RoutingRule) -> RoutingRule:
    """Create or update a rule (a 自治体管理者 of the rule's municipality only)."""
    require(actor, Action.MANAGE_ROUTING, rule.municipality_id)
    validate_rule(rule)
    rule.save()  # audited through the audit registry (routing/apps.py)
    return rule


@transaction.atomic
def delete_rule(actor: User, rule: RoutingRule) -> None:
    require(actor, Action.MANAGE_ROUTING, rule.municipality_id)
    rule.delete()
