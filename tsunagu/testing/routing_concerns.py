"""World rows of routing, handoff history and concern reports (called by build_world).

Adds to each Side attributes the URL walker fills parameters from:

- `routing_rule` / `other_routing_rule` (`rule_id`): the home rule, and — since every rule of
  home is visible to home's 自治体管理者 — the away rule as the "other" one;
- `handoff` / `other_handoff` (`access_id`): the world's accepted handoff and referral of the
  home case (answered, so nobody may answer them again), and a pending handoff in away;
  the grants they carry (world.home.grant, .other_grant; the away offer's grant, not started);
- `concern_report` / `other_concern_report` (`report_id`): a home report by the home 民生委員,
  and the away report as the "other" one (triage staff see every report of their municipality).

Also a RoutingDecision and HandoffEvents in home, so every TenantOwned model has rows there.
No CaseAccess is added in home (tests count the world's home handoffs).
"""

from __future__ import annotations

from typing import Any

from tsunagu.accounts.roles import Role
from tsunagu.concerns.models import ConcernReport
from tsunagu.people.models import AccessGrant, CaseAccess
from tsunagu.routing.models import HandoffEvent, RoutingDecision, RoutingRule

from .world import World, make_user


def add_routing_and_concerns(world: World) -> World:
    home, away = world.home, world.away
    RoutingRule.objects.create(
        municipality=home.municipality, window=home.other_window, priority=10, age_max=17
    )
    home.routing_rule = RoutingRule.objects.create(
        municipality=home.municipality, window=home.window, priority=20
    )
    away.routing_rule = RoutingRule.objects.create(
        municipality=away.municipality, window=away.window, priority=10
    )
    home.other_routing_rule = away.routing_rule

    RoutingDecision.objects.create(
        municipality=home.municipality,
        suggested_window=home.window,
        chosen_window=home.window,
        decided_by=home.users[Role.RECEPTION],
    )

    home_accesses = CaseAccess.objects.in_municipality(home.municipality).filter(case=home.case)
    home.handoff = home_accesses.get(kind=CaseAccess.Kind.HANDOFF)
    home.other_handoff = home_accesses.get(kind=CaseAccess.Kind.REFERRAL)
    home.grant = home.handoff.grant
    home.other_grant = home.other_handoff.grant
    for event in (HandoffEvent.Event.OFFERED, HandoffEvent.Event.ACCEPTED):
        HandoffEvent.objects.create(
            municipality=home.municipality,
            access_id=home.handoff.pk,
            case_id=home.case.pk,
            event=event,
            actor=home.users[Role.COUNSELLOR if event == "offered" else Role.CONTRACTED_COUNSELLOR],
            note="",
        )
    away.grant = AccessGrant.objects.create(
        municipality=away.municipality,
        case=away.case,
        organization=away.contractor,
        source=AccessGrant.Source.HANDOFF,
        reason="申し送り（要配慮）",
        granted_by=away.users[Role.COUNSELLOR],
        granting_window=away.window,
    )
    away.other_grant = away.grant
    away.handoff = CaseAccess.objects.create(
        municipality=away.municipality,
        case=away.case,
        kind=CaseAccess.Kind.HANDOFF,
        organization=away.contractor,
        status=CaseAccess.Status.PENDING,
        reason="申し送り（要配慮）",
        created_by=away.users[Role.COUNSELLOR],
        grant=away.grant,
    )
    HandoffEvent.objects.create(
        municipality=away.municipality,
        access_id=away.handoff.pk,
        case_id=away.case.pk,
        event=HandoffEvent.Event.OFFERED,
        actor=away.users[Role.COUNSELLOR],
    )
    away.other_handoff = away.handoff

    home.concern_report = ConcernReport.objects.create(
        municipality=home.municipality,
        reported_by=home.users[Role.WELFARE_COMMISSIONER],
        district="元本郷町",
        approximate_age="40代くらい",
        situation="長男が何年も外に出ていない様子（要配慮）",
        how_known="母親から相談を受けた",
    )
    away_commissioner = make_user("away_commissioner", Role.WELFARE_COMMISSIONER, away)
    away.concern_report = ConcernReport.objects.create(
        municipality=away.municipality,
        reported_by=away_commissioner,
        district="原町田",
        person_hint="漏洩検知さん宅",
        situation="漏洩検知（要配慮）",
    )
    home.other_concern_report = away.concern_report
    away.other_concern_report = away.concern_report
    return world


def login(client: Any, settings: Any, user: Any) -> Any:
    """Log `user` in through demo mode, so RequireMFAMiddleware lets force_login through."""
    from tsunagu.accounts.models import User

    settings.TSUNAGU_DEMO_MODE = True
    User.objects.filter(pk=user.pk).update(is_demo=True)
    user.refresh_from_db()
    client.force_login(user)
    return client
