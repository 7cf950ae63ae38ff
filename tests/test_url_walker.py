"""Walk EVERY URL pattern of the project as every role, anonymous, and with API tokens.

Routes are discovered from the resolver (recursively through includes: allauth, the django-ninja
API under /api/v1/, …), so a route added later is covered without anyone remembering to. Each
path parameter is filled by name; a parameter the walker cannot fill fails the test (add it to
OBJECT_PARAMS or VALUE_PARAMS below).

Every URL is sent a GET, and then (in a second pass, since POSTs change the world) an empty
POST — form data for pages, a JSON `{}` for the API.

For every response: never a 500; the away municipality's person (name 「漏洩検知」, kana, phone)
never appears in any body or header; a URL pointing at a foreign object (the other municipality's,
or a home record the user is not on) answers 401/403/404 or a redirect to the login page, never
200 — except the home records a supervisor may see. Every S-class (要配慮個人情報) text field of
every home record carries a marker; the roles that may not read S fields never see one.

Two-factor authentication: every user gets a real allauth TOTP authenticator
(TOTP.activate), so RequireMFAMiddleware lets them through the production code path; demo mode
(TSUNAGU_DEMO_MODE + is_demo) is not used.
"""

from __future__ import annotations

import datetime
import json
import re
import traceback
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import phonenumbers
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls import converters as dj_converters
from django.utils.regex_helper import normalize

from tsunagu.accounts.mfa import has_mfa
from tsunagu.accounts.permissions import Action, memberships_for
from tsunagu.accounts.role_tables import READABLE_CLASSES
from tsunagu.accounts.roles import Role
from tsunagu.people.models import CaseStatusChange, EngagementChange, Person
from tsunagu.tenancy.models import Municipality
from tsunagu.tenancy.scoping import TenantOwned
from tsunagu.testing.api import issue_test_token

AWAY_PHONE = "+81427999999"
HUGE_ID = "99999999999999999999"
KNOWN_CONVERTERS = (
    dj_converters.IntConverter,
    dj_converters.StringConverter,
    dj_converters.SlugConverter,
    dj_converters.PathConverter,
    dj_converters.UUIDConverter,
)


@dataclass(frozen=True)
class ObjectParam:
    """A path parameter naming a record. The world's Sides provide, under `attr`:

    - `world.away.<attr>`: a record of the other municipality ("away": never served);
    - `world.home.<attr>`: a home record ("own": served to the roles on it);
    - `world.home.other_<attr>` (optional): another record, served only if it is within the
      user's scope (TenantOwned: `visible_to`; otherwise a membership in its municipality).
    """

    attr: str
    to_url: Any = None

    def value(self, obj: Any) -> str:
        return str(self.to_url(obj) if self.to_url else obj.pk)


OBJECT_PARAMS: dict[str, ObjectParam] = {
    "person_id": ObjectParam("person"),
    "case_id": ObjectParam("case"),
    "access_id": ObjectParam("handoff"),
    "rule_id": ObjectParam("routing_rule"),
    "report_id": ObjectParam("concern_report"),
    "contact_id": ObjectParam("contact"),
    "visit_id": ObjectParam("visit"),
    "merge_id": ObjectParam("merge"),
    "intake_id": ObjectParam("intake"),
    "definition_id": ObjectParam("form_definition"),
    "version_id": ObjectParam("form_version"),
    "grant_id": ObjectParam("grant"),
    "municipality_code": ObjectParam("municipality", to_url=lambda m: m.code),
    "token_id": ObjectParam("api_token"),
    "membership_id": ObjectParam("membership"),
    "window_id": ObjectParam("window"),
    "exception_id": ObjectParam("opening_exception"),
    "organization_id": ObjectParam("agency"),
    "notification_id": ObjectParam("notification"),
    "request_id": ObjectParam("approval_request"),
    "referral_id": ObjectParam("referral"),
    "assessment_id": ObjectParam("assessment"),
    "plan_id": ObjectParam("plan"),
    "meeting_id": ObjectParam("meeting"),
    "item_id": ObjectParam("agenda_item"),
    "action_item_id": ObjectParam("action_item"),
    "consent_id": ObjectParam("consent"),
    "programme_id": ObjectParam("programme"),
    "schedule_id": ObjectParam("schedule"),
    "session_id": ObjectParam("session"),
    "mapping_id": ObjectParam("import_mapping"),
    "job_id": ObjectParam("import_job"),
    "service_id": ObjectParam("service"),
    "disclosure_request_id": ObjectParam("disclosure_request"),
    "booking_id": ObjectParam("booking"),
    "availability_rule_id": ObjectParam("availability_rule"),
    "announcement_id": ObjectParam("announcement"),
    "placement_id": ObjectParam("placement"),
}
# Other parameters: a list of values; variant i of a URL uses value i (cycling).
VALUE_PARAMS: dict[str, Any] = {
    "slug": lambda w: [w.home.window.slug, w.away.window.slug, "no-such-slug"],
    "field_key": lambda w: [
        first_field_key(w.home.form_version),
        "household_members",
        "no-such-field",
    ],
    "sub_key": lambda w: ["relation", "no-such-field"],
    # allauth: e-mail confirmation and password reset keys
    "key": lambda w: ["junk-key-0", "junk:key:1", "x"],
    "uidb36": lambda w: ["zz", "1", "0"],
    # the date readout (no records): every kind, and one that does not exist
    "kind": lambda w: ["date", "datetime", "birth", "onset", "no-such-kind"],
    # the one-time set-password link of an invited staff member
    "uidb64": lambda w: ["MQ", "!!", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5"],
    "token": lambda w: ["junk-token", "x"],
}
# Routes that only serve published information: any municipality's may be shown to anyone.
PUBLIC_ROUTES = {
    "window-detail",
    # the public calendar: published programmes and sessions, feeds and open data
    "calendar-programme",
    "calendar-programme-feed",
    "calendar-session",
    "calendar-feed",
    "calendar-municipality-open-data",
    # the resource directory: published services, leaflets and the HSDS API
    "resource-detail",
    "resources-leaflet",
    "hsds-service",
    # live availability and the booking form of a public window
    "booking-window",
    "booking-book",
    # announcements: published pages, images, flyers, feeds and the signage screen
    "news-detail",
    "news-image",
    "news-flyer",
    "news-feed",
    "signage",
}
# Routes that must answer 200 to a supervisor for the home records, "own" and "other" (the walk
# really reaches the views, not only login redirects).
MUST_SERVE_SUPERVISOR = {"person-detail", "case-detail", "person", "case"}


@dataclass
class Route:
    regex: str  # full regex, without the leading ^
    converters: dict[str, Any]
    name: str | None
    callback: Any
    params: list[str] = field(default_factory=list)
    fmt: str = ""

    @property
    def is_api(self) -> bool:
        return self.regex.startswith("api/")

    def __str__(self) -> str:
        return f"{self.name or '?'} /{self.fmt}"


class UnfillableRouteError(Exception):
    pass


class UnreachableRouteError(Exception):
    pass


def _strip(regex: str) -> str:
    return regex[1:] if regex.startswith("^") else regex


def collect_routes(patterns, prefix: str = "", converters: dict | None = None) -> list[Route]:
    converters = dict(converters or {})
    routes = []
    for p in patterns:
        regex = prefix + _strip(p.pattern.regex.pattern)
        merged = {**converters, **getattr(p.pattern, "converters", {})}
        if isinstance(p, URLResolver):
            routes += collect_routes(p.url_patterns, regex, merged)
        elif isinstance(p, URLPattern):
            routes.append(Route(regex, merged, p.name, p.callback))
        else:  # pragma: no cover - a new kind of pattern
            raise UnfillableRouteError(f"unknown pattern type {type(p)!r}")
    if not prefix:  # the top level: drop routes shadowed by an identical earlier one
        seen: set[str] = set()  # (django-ninja: one pattern per operation on the same path)
        routes = [r for r in routes if not (r.regex in seen or seen.add(r.regex))]
    for route in routes:
        possibilities = normalize(route.regex)
        # the variant with every parameter (normalize also yields shorter optional variants)
        route.fmt, route.params = max(possibilities, key=lambda fp: len(fp[1]))
        route.fmt = route.fmt.replace("\\Z", "").replace("$", "")
    return routes


def check_fillable(route: Route, world: Any = None) -> list[str]:
    problems = []
    for param in route.params:
        converter = route.converters.get(param)
        if converter is not None and not isinstance(converter, KNOWN_CONVERTERS):
            problems.append(f"{route}: converter {type(converter).__name__} of <{param}>")
        if param not in OBJECT_PARAMS and param not in VALUE_PARAMS:
            problems.append(f"{route}: parameter <{param}>")
        elif param in OBJECT_PARAMS and world is not None:
            attr = OBJECT_PARAMS[param].attr
            for side in ("home", "away"):
                if getattr(getattr(world, side), attr, None) is None:
                    problems.append(
                        f"{route}: <{param}> needs world.{side}.{attr} (tsunagu/testing/world.py)"
                    )
    return problems


@dataclass
class ConcreteUrl:
    route: Route
    url: str
    kind: str  # "plain", "away", "other", "own", "junk", "missing"
    objects: list[Any] = field(default_factory=list)


def concrete_urls(route: Route, world) -> list[ConcreteUrl]:
    object_params = [p for p in route.params if p in OBJECT_PARAMS]
    value_lists = {p: VALUE_PARAMS[p](world) for p in route.params if p in VALUE_PARAMS}
    n_values = max((len(v) for v in value_lists.values()), default=1)

    def values(i: int) -> dict[str, str]:
        return {p: str(v[i % len(v)]) for p, v in value_lists.items()}

    kinds: list[tuple[str, dict[str, str], list[Any]]] = []
    if object_params:
        for kind, side, prefix in (
            ("away", world.away, ""),
            ("other", world.home, "other_"),
            ("own", world.home, ""),
        ):
            objs = {p: getattr(side, prefix + OBJECT_PARAMS[p].attr, None) for p in object_params}
            if any(o is None for o in objs.values()):
                continue  # no "other" record of this kind in the world
            vals = {p: OBJECT_PARAMS[p].value(o) for p, o in objs.items()}
            kinds.append((kind, {**values(0), **vals}, list(objs.values())))
        if any(
            not isinstance(route.converters.get(p), dj_converters.IntConverter)
            for p in object_params
        ):
            kinds.append(("junk", {**values(0), **{p: "abc" for p in object_params}}, []))
        # an id that exists nowhere
        kinds.append(("missing", {**values(0), **{p: "987654321" for p in object_params}}, []))
        # an id beyond the database's bigint: 404 like a missing one, never a database error
        kinds.append(("huge", {**values(0), **{p: HUGE_ID for p in object_params}}, []))
    else:
        kinds = [("plain", values(i), []) for i in range(n_values)]

    urls = []
    for kind, vals, objs in kinds:
        url = "/" + route.fmt % vals
        if kind == "huge":  # the <id:…> converter refuses it: no route matches (404)
            urls.append(ConcreteUrl(route, url, kind, objs))
            continue
        match = resolve(url)
        if match.func != route.callback:
            raise UnreachableRouteError(
                f"{route}: {url} resolves to {match.view_name} ({match.route}); the route is "
                "shadowed by an earlier pattern and can never be reached"
            )
        urls.append(ConcreteUrl(route, url, kind, objs))
    return urls


# The actions under which pages and the API open records: a record is "in scope" for a user if
# any of them reaches it.
READ_ACTIONS = (
    Action.VIEW_PERSON,
    Action.VIEW_CASE,
    Action.CREATE_INTAKE,
    Action.MERGE_PERSONS,
    Action.MANAGE_GRANTS,
    Action.SUBMIT_CONCERN_REPORT,
    Action.VIEW_BOOKINGS,
)
S_MARKER = "要配慮マーカー"


def in_scope(user, obj) -> bool:
    """May this user be shown this record at all (the scoping mechanism's answer)?"""
    if user is None:
        return False
    if isinstance(obj, TenantOwned):
        model = type(obj)
        return any(
            model.objects.visible_to(user, action).filter(pk=obj.pk).exists()
            for action in READ_ACTIONS
        )
    municipality_id = (
        obj.pk if isinstance(obj, Municipality) else getattr(obj, "municipality_id", None)
    )
    if municipality_id is None and hasattr(obj, "definition"):  # a form version
        municipality_id = obj.definition.municipality_id
    return municipality_id in {m.municipality_id for m in memberships_for(user)}


def complete_world(world) -> None:
    """Add the records the walker fills parameters with, from the apps' test builders, where
    build_world does not already provide them."""
    home, away = world.home, world.away
    if getattr(home, "contact", None) is None:
        from tsunagu.testing.contacts import add_contacts

        add_contacts(world)
    if getattr(home, "intake", None) is None:
        from tsunagu.testing.intake import add_intakes

        add_intakes(world)
    if getattr(home, "assessment", None) is None:
        from tsunagu.testing.assessments import add_assessments

        add_assessments(world)
    if getattr(home, "plan", None) is None:
        from tsunagu.testing.plans import add_plans

        add_plans(world)
    if getattr(home, "meeting", None) is None:
        from tsunagu.testing.meetings import add_meetings

        add_meetings(world)
    if getattr(home, "programme", None) is None:
        from tsunagu.testing.programmes import add_programmes

        add_programmes(world)
    if getattr(home, "consent", None) is None:
        from tsunagu.testing.consent import add_consents

        add_consents(world)
    if getattr(home, "disclosure_request", None) is None:
        from tsunagu.testing.disclosures import add_disclosure_requests

        add_disclosure_requests(world)
    if getattr(home, "import_job", None) is None:
        from tsunagu.testing.imports import add_imports

        add_imports(world)
    if getattr(home, "merge", None) is None:
        from tsunagu.testing.people import add_merges

        add_merges(world)
    if not CaseStatusChange.objects.in_municipality(home.municipality).exists():
        # the case page's histories, with their S-class reason and note
        for model, fields in (
            (CaseStatusChange, {"from_status": "received", "to_status": "assessment"}),
            (EngagementChange, {"from_stage": "no_contact", "to_stage": "family_only"}),
        ):
            model.objects.create(municipality=home.municipality, case=home.case, **fields)
    if getattr(home, "referral", None) is None:
        from tsunagu.testing.referrals import add_referrals

        add_referrals(world)
    if getattr(home, "booking", None) is None:
        from tsunagu.testing.booking import add_bookings

        add_bookings(world)
    if getattr(home, "service", None) is None:
        from tsunagu.testing.resources import add_resources

        add_resources(world)
    if getattr(home, "announcement", None) is None:
        from tsunagu.testing.publicity import add_announcements

        add_announcements(world)
    if getattr(home, "api_token", None) is None:
        from tsunagu.accounts.tokens import issue_token

        # no "other" token: who may revoke a colleague's token is not a record scope
        # (tsunagu/accounts/tests/test_token_pages.py covers it)
        home.api_token = issue_token(home.users[Role.COUNSELLOR], "walker").token
        away.api_token = issue_token(away.users[Role.SUPERVISOR], "walker").token
    if getattr(home, "membership", None) is None:
        from tsunagu.accounts.models import Membership
        from tsunagu.tenancy.models import OpeningException

        # staff administration: a membership of a role without records (the walk's POSTs
        # deactivate it and reset its two-factor), and a dated exception of each side's window
        home.membership = Membership.objects.get(user=home.users[Role.PREFECTURE_ANALYST])
        away.membership = Membership.objects.get(user=away.users[Role.COUNSELLOR])
        for side in (home, away):
            side.opening_exception = OpeningException.objects.create(
                window=side.window, date=datetime.date(2026, 6, 6), note="研修"
            )
    if getattr(home, "notification", None) is None:
        from tsunagu.approvals.models import ApprovalRequest
        from tsunagu.notifications.services import notify

        # a notification of each side's counsellor (the others' is someone else's: 404), and a
        # closure request of each side's case waiting for a supervisor (S-class note, comment)
        for side in (home, away):
            side.notification = notify(
                side.users[Role.COUNSELLOR],
                municipality_id=side.municipality.pk,
                kind="approval_decided",
                message="終結の申請が承認されました（申請 #1）",
                url=f"/staff/cases/{side.case.pk}/",
            )
            side.approval_request = ApprovalRequest.objects.create(
                municipality=side.municipality,
                kind="case_closure",
                target_type=ContentType.objects.get_for_model(side.case),
                target_id=side.case.pk,
                requested_by=side.users[Role.COUNSELLOR],
                note="終結の補足",
                details={"closure_reason": "persons_wish", "from_status": "received"},
            )
    for side in (home, away):
        if getattr(side, "form_definition", None) is None:
            from tsunagu.intake.form_services import install_default_sheet

            side.form_definition = install_default_sheet(side.municipality)
            side.form_version = side.form_definition.versions.order_by("number").first()


def plant_sensitive_markers(world) -> int:
    """Put S_MARKER into every S-class text field of every home record (and the S-class text
    answers of the home intakes). Returns how many values were planted."""
    from django.db import models

    from tsunagu.intake.models import Intake

    home = world.home.municipality
    planted = 0
    for model in apps.get_models():
        if not issubclass(model, TenantOwned):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and model.SENSITIVITY.get(f.name) == "S"
        ]
        if fields:
            rows = model.objects.in_municipality(home)
            planted += rows.count() * len(fields)
            rows.update(**{name: S_MARKER for name in fields})
    for intake in Intake.objects.in_municipality(home).select_related("form_version"):
        answers = dict(intake.answers)
        for section in intake.form_version.schema.get("sections", []):
            for item in section.get("fields", []):
                if item.get("sensitivity") == "S" and item.get("type") in ("text", "long_text"):
                    answers[item["key"]] = S_MARKER
                    planted += 1
        Intake.objects.in_municipality(home).filter(pk=intake.pk).update(answers=answers)
    return planted


def first_field_key(version) -> str:
    for section in (version.schema or {}).get("sections", []):
        for item in section.get("fields", []):
            return item["key"]
    return "name"


def leak_markers(world) -> list[str]:
    away = world.away.person
    number = phonenumbers.parse(AWAY_PHONE, "JP")
    texts = [
        away.family_name,  # 漏洩検知
        "漏洩検知",
        away.family_name_kana,
        AWAY_PHONE,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        re.sub(
            r"\D", "", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        ),
    ]
    markers = set()
    for text in texts:
        markers |= {text, json.dumps(text)[1:-1], quote(text)}
    return sorted(markers)


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _login_url() -> str:
    return reverse("account_login")


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303, 307) and response.get("Location", "").startswith(
        _login_url()
    )


def test_walker_guard_rejects_unknown_parameters():
    """A route whose parameter the walker cannot fill is reported, not skipped."""
    from django.urls import path, re_path, register_converter

    class YearConverter:
        regex = "[0-9]{4}"

        def to_python(self, value):
            return int(value)

        def to_url(self, value):
            return str(value)

    register_converter(YearConverter, "walker_test_year")

    def view(request, **kwargs):  # pragma: no cover - never called
        return None

    patterns = [
        path("x/<int:widget_id>/", view),
        re_path(r"^y/(?P<thing>[0-9]+)/$", view),
        path("z/<walker_test_year:person_id>/", view),
        path("ok/<int:person_id>/<slug:slug>/", view),
    ]
    problems = [p for r in collect_routes(patterns) for p in check_fillable(r)]
    assert len(problems) == 3, problems
    assert any("widget_id" in p for p in problems)
    assert any("thing" in p for p in problems)
    assert any("YearConverter" in p for p in problems)


@pytest.mark.django_db
def test_walk_every_url_as_every_role(world, client):
    home, away = world.home, world.away
    complete_world(world)
    Person.objects.unscoped("test: a phone number unique to the away person").filter(
        pk=away.person.pk
    ).update(phone=AWAY_PHONE)
    markers = leak_markers(world)
    assert plant_sensitive_markers(world) > 20

    routes = collect_routes(get_resolver().url_patterns)
    assert len(routes) > 20
    names = {r.name for r in routes}
    assert {"person-detail", "case-detail", "account_login", "person", "case"} <= names
    unfillable = [p for r in routes for p in check_fillable(r, world)]
    assert not unfillable, (
        "The URL walker cannot fill these route parameters; map them in OBJECT_PARAMS or "
        "VALUE_PARAMS in tests/test_url_walker.py, and give both Sides of the test world the "
        "records they name:\n" + "\n".join(unfillable)
    )
    urls: list[ConcreteUrl] = []
    failures: list[str] = []
    for route in routes:
        try:
            urls += concrete_urls(route, world)
        except UnreachableRouteError as exc:
            failures.append(str(exc))

    users = {role: home.users[role] for role in Role.values}
    for user in users.values():
        if not has_mfa(user):
            TOTP.activate(user, generate_totp_secret())
    tokens = {role: issue_test_token(user, name="walker")[1] for role, user in users.items()}
    scope_cache: dict[tuple[str, str, Any], bool] = {}

    def allowed(role: str | None, obj: Any) -> bool:
        key = (role or "", obj._meta.label_lower, obj.pk)
        if key not in scope_cache:
            scope_cache[key] = in_scope(users.get(role), obj)
        return scope_cache[key]

    served: set[tuple[str, str]] = set()
    s_seen: set[str] = set()

    def send(c: Client, method: str, cu: ConcreteUrl, headers: dict) -> Any:
        if method == "GET":
            return c.get(cu.url, **headers)
        if cu.route.is_api:
            return c.post(cu.url, data="{}", content_type="application/json", **headers)
        return c.post(cu.url, data={}, **headers)

    def check(
        who: str, role: str | None, cu: ConcreteUrl, c: Client, method: str = "GET", **headers
    ) -> None:
        try:
            response = send(c, method, cu, headers)
        except Exception:
            tail = "".join(traceback.format_exc().splitlines(keepends=True)[-8:])
            failures.append(f"{who} {method} {cu.url}: exception\n{tail}")
            return
        status = response.status_code
        where = f"{who} {method} {cu.url} ({cu.kind}) → {status}"
        if status >= 500:
            failures.append(f"{where}: server error")
        text = body_of(response) + "\n" + "\n".join(f"{k}: {v}" for k, v in response.items())
        leaked = [m for m in markers if m in text]
        if leaked:
            failures.append(f"{where}: leaks {leaked}")
        if S_MARKER in text:
            s_seen.add(role or "anonymous")
            if role is None or "S" not in READABLE_CLASSES[role]:
                failures.append(f"{where}: shows S-class text to a role that may not read it")
        denied = status in (401, 403, 404, 405) or _is_login_redirect(response)
        if (cu.kind == "junk" or method == "POST") and status in (400, 422):
            denied = True  # a malformed id or an empty body, refused before anything is done
        if cu.route.name not in PUBLIC_ROUTES and not denied:
            if cu.kind in ("away", "junk", "missing", "huge"):
                failures.append(f"{where}: a foreign or missing record must be refused")
            if cu.kind == "other" and not all(allowed(role, o) for o in cu.objects):
                failures.append(f"{where}: a record outside this role's scope must be refused")
        if status == 200 and cu.kind in ("own", "other") and method == "GET":
            served.add((f"{role}:{cu.kind}", cu.route.name or ""))

    # GETs first; then the POSTs, which may change the world the GETs were judged against.
    for method in ("GET", "POST"):
        anonymous = Client()
        for cu in urls:
            check("anonymous", None, cu, anonymous, method)
            if cu.route.is_api:
                junk = {"HTTP_AUTHORIZATION": "Bearer tsu_junk"}
                check("anonymous+junk-token", None, cu, anonymous, method, **junk)

        for role, user in users.items():
            c = Client()
            c.force_login(user)
            for cu in urls:
                if "_auth_user_id" not in c.session:  # a route logged us out: log in again
                    c.force_login(user)
                check(role, role, cu, c, method)
            api = Client()
            bearer = {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"}
            for cu in (u for u in urls if u.route.is_api):
                check(f"{role}+token", role, cu, api, method, **bearer)

    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:80])
    # Positive control: the S markers are really shown to roles that may read them.
    assert {Role.SUPERVISOR, Role.COUNSELLOR, Role.CONTRACTED_COUNSELLOR} <= s_seen

    # The walk reached the views: a supervisor was served the home records, page and API,
    # including those the supervisor is not on; the case-scoped roles their own case.
    for name in MUST_SERVE_SUPERVISOR:
        assert (f"{Role.SUPERVISOR}:own", name) in served, name
        assert (f"{Role.SUPERVISOR}:other", name) in served, name
        for role in (Role.COUNSELLOR, Role.RECEPTION, Role.CONTRACTED_COUNSELLOR):
            assert (f"{role}:other", name) not in served, (role, name)
    assert (f"{Role.COUNSELLOR}:own", "case-detail") in served
    assert (f"{Role.AGENCY_STAFF}:own", "case") in served

    # Positive control: the markers are what the pages and the API really show of the away
    # person, so their absence above means something.
    away_sup = away.users[Role.SUPERVISOR]
    if not has_mfa(away_sup):
        TOTP.activate(away_sup, generate_totp_secret())
    c = Client()
    c.force_login(away_sup)
    page = body_of(c.get(reverse("person-detail", args=[away.person.pk])))
    assert "漏洩検知" in page
    assert sum(m in page for m in markers if "42" in m) >= 1, "the page shows the phone"
    token = issue_test_token(away_sup)[1]
    api = Client().get(f"/api/v1/persons/{away.person.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
    assert any(m in body_of(api) for m in markers if "6f0f" in m or "漏洩" in m)
    assert AWAY_PHONE in body_of(api)
