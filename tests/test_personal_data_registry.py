"""Every model is either personal data behind the scoping mechanism, or explicitly not.

A model added later without `TenantOwned` (and not added to NOT_PERSONAL with a reason) fails
here, and so does a TenantOwned model without a complete SENSITIVITY map or a second, unscoped
manager.
"""

from __future__ import annotations

import asyncio
import datetime

import pytest
from django.apps import apps
from django.db.models import Count, Q

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.tenancy.models import Municipality
from tsunagu.tenancy.scoping import ScopedManager, ScopeError, Sensitivity, TenantOwned
from tsunagu.testing.audit import last_audit_id

# label → why the model is not personal data of the people supported.
NOT_PERSONAL: dict[str, str] = {
    "auth.permission": "Django permission definitions (no people)",
    "auth.group": "Django groups (unused; no people)",
    "auth.group_permissions": "m2m between groups and permissions",
    "contenttypes.contenttype": "model registry",
    "sessions.session": "staff login sessions, not case records",
    "account.emailaddress": "allauth: staff e-mail addresses (staff accounts, not persons)",
    "account.emailconfirmation": "allauth: staff e-mail confirmations",
    "mfa.authenticator": "allauth: staff TOTP secrets / recovery codes",
    "tenancy.prefecture": "public reference data",
    "tenancy.municipality": "the tenants themselves (public)",
    "tenancy.window": "public consultation windows (operational, published)",
    "tenancy.openinghours": "public opening hours of a window",
    "tenancy.openingexception": "public closures / extra openings of a window",
    "tenancy.organization": "partner organisations (operational, published)",
    "accounts.user": "staff accounts (scoped by Membership; audited through tsunagu.audit.registry)",
    "accounts.user_groups": "m2m staff ↔ groups",
    "accounts.user_user_permissions": "m2m staff ↔ permissions",
    "accounts.membership": "staff role assignments (the input of the scoping itself)",
    "accounts.apitoken": "staff API tokens (hash only)",
    "accounts.usersession": "staff session bookkeeping (logout everywhere)",
    "accounts.roleconfiguration": "a municipality's configuration of a role (no people)",
    "audit.auditevent": "the append-only audit log (names of fields only, never values)",
    "audit.auditcheckpoint": "signed heads of the audit chains (counts and hashes only)",
    "routing.routingrule": "routing configuration of a municipality (ages, districts → window)",
    "intake.formdefinition": "intake form definitions of a municipality (configuration, no people)",
    "intake.formversion": "versions of an intake form: the schema of questions (no answers)",
    "intake.intakesequence": "per-municipality, per-年度 counter of intake numbers",
    "people.caseworksettings": "per-municipality casework thresholds (8050 ages; no people)",
    "programmes.programme": "public programmes (groups, 居場所, seminars): published data",
    "programmes.schedule": "a programme's recurrence rule (public)",
    "programmes.scheduleexception": "dates a programme's rule skips (public)",
    "programmes.session": (
        "a programme's session: time, place, status (public); head counts only, no names"
    ),
    "imports.importmapping": "a source's column headings → fields (configuration, no people)",
    "django_tasks_database.dbtaskresult": (
        "the background task queue: task path and ids of import jobs (never row contents)"
    ),
    "reports.referralcategory": "which 白書 category an organisation is counted under (no people)",
    "resources.field": "the fields (分野) of a municipality's resource directory (public)",
    "resources.location": "places of public services (published; a hidden address is shown by area)",
    "resources.service": "public services and places of the resource directory (published)",
    "resources.serviceatlocation": "which public service is held at which public place",
    "resources.schedule": "when a public service runs",
    "resources.phone": "public phone numbers of services",
    "resources.contact": "public contact points of services (departments, titles)",
    "booking.availabilityrule": "what a window offers for booking (public configuration)",
    "booking.weeklyhours": "a booking rule's weekly hours (public)",
    "booking.dateoverride": "a booking rule's dated closures and sessions (public)",
    "booking.slotseat": "which seat of a slot is taken: a time and a number, no person",
    "publicity.announcement": "public announcements (お知らせ): published data, drafts by staff",
    "publicity.delivery": "an announcement's delivery status per channel (no people)",
    "publicity.flyerplacement": "where flyers are placed (public places, counts, dates)",
    "publicity.linewebhookevent": "ids of LINE webhook events already handled (replay guard)",
    "notifications.notification": (
        "staff notifications: the kind of event and a record number, never names or content; "
        "read by their recipient only"
    ),
}


def all_models():
    return list(apps.get_models(include_auto_created=True))


def tenant_models():
    return [m for m in all_models() if issubclass(m, TenantOwned)]


def test_every_model_is_classified():
    unclassified = [
        m._meta.label_lower
        for m in all_models()
        if not issubclass(m, TenantOwned) and m._meta.label_lower not in NOT_PERSONAL
    ]
    assert unclassified == [], (
        f"{unclassified}: personal data must inherit tenancy.scoping.TenantOwned; otherwise add "
        "the model to NOT_PERSONAL in this test with a one-line reason."
    )


def test_allowlist_has_no_personal_or_stale_entries():
    labels = {m._meta.label_lower: m for m in all_models()}
    for label, reason in NOT_PERSONAL.items():
        assert reason.strip(), label
        if label in labels:  # a removed model may linger here harmlessly, but not a TenantOwned one
            assert not issubclass(labels[label], TenantOwned), f"{label} is TenantOwned"


def test_there_are_personal_models():
    labels = {m._meta.label_lower for m in tenant_models()}
    assert {"people.person", "people.case", "people.caseaccess"} <= labels


@pytest.fixture(params=[m._meta.label_lower for m in tenant_models()])
def model(request):
    return apps.get_model(request.param)


def test_managers_are_scoped(model):
    assert isinstance(model._default_manager, ScopedManager)
    assert isinstance(model.objects, ScopedManager)
    for manager in model._meta.managers:
        assert isinstance(manager, ScopedManager), (
            f"{model.__name__}.{manager.name} is a second, unscoped manager"
        )


def test_every_concrete_field_has_a_sensitivity_class(model):
    names = {f.name for f in model._meta.concrete_fields}
    missing = names - set(model.SENSITIVITY)
    assert not missing, f"{model.__name__}.SENSITIVITY lacks {sorted(missing)}"
    stale = set(model.SENSITIVITY) - names
    assert not stale, f"{model.__name__}.SENSITIVITY names unknown fields {sorted(stale)}"
    for name in names:
        assert model.sensitivity_of(name) in Sensitivity.ALL


def test_has_municipality_foreign_key(model):
    field = model._meta.get_field("municipality")
    assert field.many_to_one
    assert field.related_model is Municipality
    assert not field.null


def test_scope_q_handles_every_level(model, world):
    """scope_q must answer every record-scope level (unknown levels must mean nothing)."""
    user = world.user(Role.SUPERVISOR)
    membership = user.active_memberships()[0]
    for level in ("own", "assigned", "organization", "window", "municipality", "none", "bogus"):
        assert isinstance(model.scope_q(level, user, membership), Q)
    # unknown levels see nothing, in the municipality of the membership too
    rows = model.objects.unscoped("test").filter(model.scope_q("bogus", user, membership))
    assert rows.count() == 0


EVALUATIONS = {
    "list": lambda qs: list(qs),
    "iter": lambda qs: next(iter(qs), None),
    "len": lambda qs: len(qs),
    "bool": lambda qs: bool(qs),
    "index": lambda qs: qs[0],
    "slice": lambda qs: list(qs[:1]),
    "count": lambda qs: qs.count(),
    "exists": lambda qs: qs.exists(),
    "contains": lambda qs: qs.contains(qs.model(pk=1)),
    "iterator": lambda qs: next(qs.iterator(), None),
    "update": lambda qs: qs.update(municipality_id=0),
    "delete": lambda qs: qs.delete(),
    "aggregate": lambda qs: qs.aggregate(n=Count("pk")),
    "values": lambda qs: list(qs.values("pk")),
    "values_list": lambda qs: list(qs.values_list("pk", flat=True)),
    "get": lambda qs: qs.get(pk=1),
    "first": lambda qs: qs.first(),
    "last": lambda qs: qs.last(),
    "earliest": lambda qs: qs.earliest("pk"),
    "latest": lambda qs: qs.latest("pk"),
    "in_bulk": lambda qs: qs.in_bulk([1]),
    "in_bulk_all": lambda qs: qs.in_bulk(),
    "explain": lambda qs: qs.explain(),
    "get_or_create": lambda qs: qs.get_or_create(pk=1),
    "filter_list": lambda qs: list(qs.filter(pk__gt=0)),
    "exclude_count": lambda qs: qs.exclude(pk=0).count(),
    "order_by_first": lambda qs: qs.order_by("-pk").first(),
    "annotate": lambda qs: list(qs.annotate(n=Count("pk"))),
    "distinct": lambda qs: list(qs.distinct()),
    "select_for_update": lambda qs: list(qs.select_for_update()),
    "dates": lambda qs: (
        list(qs.dates("created_at", "day"))
        if "created_at" in {f.name for f in qs.model._meta.concrete_fields}
        else list(qs)
    ),
    "none_or": lambda qs: list(qs.model.objects.none() | qs),
    "acount": lambda qs: asyncio.run(qs.acount()),
    "aiterator": lambda qs: asyncio.run(_first_async(qs.aiterator())),
    "aiter": lambda qs: asyncio.run(_first_async(qs)),
}


async def _first_async(iterable):
    async for item in iterable:
        return item
    return None


@pytest.mark.parametrize("how", EVALUATIONS)
def test_unscoped_queries_fail_closed(model, world, how):
    with pytest.raises(ScopeError):
        EVALUATIONS[how](model.objects.all())
    with pytest.raises(ScopeError):
        EVALUATIONS[how](model.objects.filter(municipality=world.home.municipality))


def test_related_managers_fail_closed(world):
    with pytest.raises(ScopeError):
        list(world.home.person.cases.all())
    with pytest.raises(ScopeError):
        world.home.case.accesses.count()


def test_widening_a_scoped_queryset_with_an_unscoped_one_fails_closed(world):
    """OR / XOR / UNION with an unscoped queryset would leak every municipality's rows."""
    from tsunagu.people.models import Person

    counsellor = world.user(Role.COUNSELLOR)
    visible = Person.objects.visible_to(counsellor, Action.VIEW_PERSON)
    everything = Person.objects.all()
    for combined in (
        visible | everything,
        everything | visible,
        visible ^ everything,
        visible.union(everything),
        everything.union(visible),
        visible[:1] | everything,
    ):
        with pytest.raises(ScopeError):
            list(combined)
    # narrowing is fine, and scoped | scoped stays scoped
    assert set(visible & everything) == {world.home.person}
    assert set(visible | Person.objects.visible_to(counsellor, Action.VIEW_PERSON)) == {
        world.home.person
    }
    assert set(visible.union(Person.objects.in_municipality(world.home.municipality))) == {
        world.home.person,
        world.home.other_person,
    }
    assert list(Person.objects.none() | visible) == [world.home.person]


def test_narrowed_querysets_run(world, model):
    home = world.home.municipality
    in_home = model.objects.in_municipality(home).count()
    assert model.objects.unscoped("test: counting every row").count() >= in_home
    with pytest.raises(ScopeError):
        model.objects.unscoped("  ")
    with pytest.raises(ScopeError):
        model.objects.in_municipality(None)
    # a narrowed queryset stays narrowed through chaining
    qs = model.objects.in_municipality(home).filter(pk__gt=0).order_by("pk").distinct()
    assert all(row.municipality_id == home.pk for row in qs)


def test_visible_to_anonymous_and_none_is_empty(world, model):
    from django.contrib.auth.models import AnonymousUser

    assert list(model.objects.visible_to(AnonymousUser(), Action.VIEW_CASE)) == []
    assert list(model.objects.visible_to(None, Action.VIEW_CASE)) == []


def test_an_unscoped_subquery_raises_like_any_unscoped_query(world):
    """`pk__in=qs`, `Subquery(qs)` and `Exists(qs)` contribute only the inner query: the
    check is where SQL is compiled, so an unscoped inner query on a personal-data model raises
    even inside a scoped (or a non-personal) outer query."""
    from django.db.models import Exists, OuterRef, Subquery

    from tsunagu.accounts.models import User
    from tsunagu.people.models import Case, Person

    counsellor = world.user(Role.COUNSELLOR)
    scoped = Case.objects.visible_to(counsellor, Action.VIEW_CASE)
    every_person = Person.objects.all()
    names = every_person.filter(pk=OuterRef("person_id")).values("family_name")[:1]
    for query in (
        scoped.filter(person__in=every_person),
        scoped.annotate(name=Subquery(names)),
        scoped.filter(Exists(every_person.filter(pk=OuterRef("person_id")))),
        User.objects.filter(pk__in=Case.objects.values("lead_worker")),
        User.objects.annotate(
            n=Subquery(every_person.filter(created_by=OuterRef("pk")).values("pk")[:1])
        ),
    ):
        with pytest.raises(ScopeError):
            list(query)
    # the same subqueries, scoped, run — and return only what the scope allows
    visible_persons = Person.objects.visible_to(counsellor, Action.VIEW_PERSON)
    rows = scoped.annotate(
        name=Subquery(visible_persons.filter(pk=OuterRef("person_id")).values("family_name")[:1])
    )
    assert [(c.pk, c.name) for c in rows] == [(world.home.case.pk, "山田")]
    away_name = Subquery(
        Person.objects.in_municipality(world.away.municipality)
        .filter(pk=OuterRef("person_id"))
        .values("family_name")[:1]
    )
    assert [c.name for c in scoped.annotate(name=away_name)] == [None]


def test_bulk_writes_are_audited(world):
    """QuerySet.update() and bulk_create() send no model signals: the queryset audits them."""
    from tsunagu.audit.models import AuditEvent
    from tsunagu.people.models import Person

    home = world.home.municipality
    before = last_audit_id()
    Person.objects.in_municipality(home).update(nickname="x", notes="要配慮メモ2")
    events = list(AuditEvent.objects.filter(pk__gt=before, action="update"))
    assert {e.object_id for e in events} == {
        str(world.home.person.pk),
        str(world.home.other_person.pk),
    }
    assert all(e.changed_fields == ["nickname", "notes"] for e in events)
    assert all(e.municipality_id == home.pk for e in events)

    before = last_audit_id()
    created = Person.objects.bulk_create(
        [Person(municipality=home, family_name="一括", birth_date=datetime.date(2000, 1, 1))]
    )
    events = list(AuditEvent.objects.filter(pk__gt=before, action="create"))
    assert [e.object_id for e in events] == [str(created[0].pk)]
    assert "notes" in events[0].changed_fields
