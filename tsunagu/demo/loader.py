"""Load the demo data into the database: idempotent, in one transaction.

Rows are looked up by natural keys (prefecture code, municipality code, (municipality, slug) for
windows and organisations, username, (user, municipality, role) for memberships, person name
within the municipality, (person, window) for cases) and only saved when something differs, so a
second run creates nothing and writes no audit entries.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.utils import timezone

from tsunagu.accounts.models import Membership, User
from tsunagu.intake.form_services import install_default_sheets
from tsunagu.people.models import AccessGrant, Case, CaseAccess, Person
from tsunagu.tenancy.models import (
    Municipality,
    OpeningException,
    OpeningHours,
    Organization,
    Prefecture,
    Window,
)

from . import data
from .data_booking import load_booking
from .data_casework import CASES
from .data_programme_people import load_programme_people
from .data_programmes import load_programmes
from .data_publicity import load_publicity
from .data_reports import load_report_demo
from .data_resources import load_resources
from .data_routing import load_routing_rules
from .data_staff import DEMO_PASSWORD, STAFF
from .data_teamwork import load_teamwork
from .sessions import SATURDAY_SESSION_NOTE, saturday_sessions

CREATED, UPDATED, UNCHANGED, DELETED = "created", "updated", "unchanged", "deleted"


@dataclass
class LoadReport:
    """What a load did, per model (verbose name) and outcome."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, model: type[models.Model], outcome: str) -> None:
        label = str(model._meta.verbose_name)
        self.counts.setdefault(label, Counter())[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    @property
    def created(self) -> int:
        return self.total(CREATED)

    @property
    def updated(self) -> int:
        return self.total(UPDATED)

    @property
    def deleted(self) -> int:
        return self.total(DELETED)

    def lines(self) -> list[str]:
        """One line per model: 「相談窓口: 作成 19・更新 0・変更なし 0」."""
        out = []
        for label, c in self.counts.items():
            parts = [f"作成 {c[CREATED]}", f"更新 {c[UPDATED]}", f"変更なし {c[UNCHANGED]}"]
            if c[DELETED]:
                parts.append(f"削除 {c[DELETED]}")
            out.append(f"{label}: " + "・".join(parts))
        return out


def _upsert(
    report: LoadReport,
    queryset: models.QuerySet,
    lookup: dict[str, Any],
    values: dict[str, Any],
) -> Any:
    """Create the row matching `lookup`, or bring its `values` up to date (saving only on a
    difference). `queryset` may be a scoped queryset for personal data."""
    model = queryset.model
    obj = queryset.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        report.add(model, CREATED)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    report.add(model, UPDATED if changed else UNCHANGED)
    return obj


def _sync_hours(report: LoadReport, window: Window, spec: data.WindowSpec) -> None:
    wanted = {(day, opens): closes for day, opens, closes in spec.hours}
    for row in list(window.opening_hours.all()):
        key = (row.weekday, row.opens)
        if key not in wanted:
            row.delete()
            report.add(OpeningHours, DELETED)
    for (day, opens), closes in wanted.items():
        _upsert(
            report,
            OpeningHours.objects.all(),
            {"window": window, "weekday": day, "opens": opens},
            {"closes": closes},
        )


def _sync_saturday_sessions(report: LoadReport, window: Window, today: datetime.date) -> None:
    """Keep the next few 土曜出張個別相談会 as extra openings; drop stale future ones."""
    upcoming = saturday_sessions(today)
    dates = {s.date for s in upcoming}
    stale = window.opening_exceptions.filter(note=SATURDAY_SESSION_NOTE, date__gt=today).exclude(
        date__in=dates
    )
    for row in list(stale):
        row.delete()
        report.add(OpeningException, DELETED)
    for s in upcoming:
        _upsert(
            report,
            OpeningException.objects.all(),
            {"window": window, "date": s.date, "note": s.note},
            {"kind": "extra", "is_closed": False, "opens": s.opens, "closes": s.closes},
        )


def _load_places(report: LoadReport, today: datetime.date) -> dict[str, Municipality]:
    prefecture = _upsert(
        report,
        Prefecture.objects.all(),
        {"code": data.PREFECTURE.code},
        {"name": data.PREFECTURE.name},
    )
    municipalities: dict[str, Municipality] = {}
    for m in data.MUNICIPALITIES:
        municipalities[m.code] = _upsert(
            report,
            Municipality.objects.all(),
            {"code": m.code},
            {
                "prefecture": prefecture,
                "name": m.name,
                "name_kana": m.name_kana,
                "website": m.website,
            },
        )
    for o in data.ORGANIZATIONS:
        _upsert(
            report,
            Organization.objects.all(),
            {"municipality": municipalities[o.municipality], "slug": o.slug},
            {
                "name": o.name,
                "org_type": o.org_type,
                "description": o.description,
                "website": o.website,
                "is_public": True,
            },
        )
    for w in data.WINDOWS:
        municipality = municipalities[w.municipality]
        operator = (
            Organization.objects.get(municipality=municipality, slug=w.operator)
            if w.operator
            else None
        )
        window = _upsert(
            report,
            Window.objects.all(),
            {"municipality": municipality, "slug": w.slug},
            {
                "name": w.name,
                "kind": w.kind,
                "operator": operator,
                "description": w.description,
                "summary_easy": w.summary_easy,
                "postal_code": w.postal_code,
                "address": w.address,
                "phone": w.phone,
                "contact_is_sample": w.contact_is_sample,
                "channels": [str(c) for c in w.channels],
                "age_min": w.age_min,
                "age_max": w.age_max,
                "does_outreach": w.does_outreach,
                "closed_on_holidays": True,
                "closed_year_end": True,
                "is_public": True,
            },
        )
        _sync_hours(report, window, w)
        if w.saturday_sessions:
            _sync_saturday_sessions(report, window, today)
    return municipalities


class _SharedPassword:
    """DEMO_PASSWORD hashed once per load: password hashing (Argon2) is deliberately slow, and
    every demo account has the same password anyway."""

    def __init__(self) -> None:
        self._checked: dict[str, bool] = {}
        self._fresh: str | None = None

    def matches(self, encoded: str) -> bool:
        if encoded not in self._checked:
            self._checked[encoded] = bool(encoded) and check_password(DEMO_PASSWORD, encoded)
        return self._checked[encoded]

    def encoded(self) -> str:
        for encoded, ok in self._checked.items():
            if ok:
                return encoded
        if self._fresh is None:
            self._fresh = make_password(DEMO_PASSWORD)
        return self._fresh


def _load_staff(report: LoadReport, municipalities: dict[str, Municipality]) -> dict[str, User]:
    users: dict[str, User] = {}
    password = _SharedPassword()
    for s in STAFF:
        existing = User.objects.filter(username=s.username).first()
        keep = existing is not None and password.matches(existing.password)
        user = _upsert(
            report,
            User.objects.all(),
            {"username": s.username},
            {
                "display_name": s.display_name,
                "display_name_kana": s.display_name_kana,
                "is_demo": True,
                "is_active": True,
                # A changed demo password is reset (and counted as an update).
                "password": existing.password if keep else password.encoded(),
            },
        )
        users[s.username] = user
        for ms in s.memberships:
            municipality = municipalities[ms.municipality]
            window = (
                Window.objects.get(municipality=municipality, slug=ms.window) if ms.window else None
            )
            organization = (
                Organization.objects.get(municipality=municipality, slug=ms.organization)
                if ms.organization
                else None
            )
            Membership(
                user=user,
                role=ms.role,
                municipality=municipality,
                window=window,
                organization=organization,
            ).clean()
            _upsert(
                report,
                Membership.objects.all(),
                {"user": user, "municipality": municipality, "role": ms.role},
                {"window": window, "organization": organization, "is_active": True},
            )
    return users


def _load_casework(
    report: LoadReport, municipalities: dict[str, Municipality], users: dict[str, User]
) -> None:
    for c in CASES:
        municipality = municipalities[c.municipality]
        person = _upsert(
            report,
            Person.objects.in_municipality(municipality),
            {
                "municipality": municipality,
                "family_name": c.family_name,
                "given_name": c.given_name,
            },
            {
                "family_name_kana": c.family_name_kana,
                "given_name_kana": c.given_name_kana,
                "nickname": c.nickname,
                "birth_date": c.birth_date,
                "phone": c.phone,
                "address": c.address,
                "notes": c.notes,
                "created_by": users[c.created_by],
            },
        )
        window = Window.objects.get(municipality=municipality, slug=c.window)
        case = _upsert(
            report,
            Case.objects.in_municipality(municipality),
            {"municipality": municipality, "person": person, "window": window},
            {
                "status": c.status,
                "summary": c.summary,
                "opened_on": c.opened_on,
                "lead_worker": users[c.lead_worker] if c.lead_worker else None,
                "created_by": users[c.created_by],
            },
        )
        for a in c.accesses:
            lookup: dict[str, Any] = {
                "municipality": municipality,
                "case": case,
                "kind": a.kind,
                "user": users[a.user] if a.user else None,
            }
            lookup["organization"] = (
                Organization.objects.get(municipality=municipality, slug=a.organization)
                if a.organization
                else None
            )
            access = CaseAccess.objects.in_municipality(municipality).filter(**lookup).first()
            answered_at = access.answered_at if access and access.answered_at else timezone.now()
            grant = _upsert(
                report,
                AccessGrant.objects.in_municipality(municipality),
                {**{k: v for k, v in lookup.items() if k != "kind"}, "source": a.kind},
                {
                    "starts_at": answered_at if a.status == CaseAccess.Status.ACCEPTED else None,
                    "reason": a.reason,
                    "granted_by": users[c.created_by],
                    "granting_window": window,
                },
            )
            _upsert(
                report,
                CaseAccess.objects.in_municipality(municipality),
                lookup,
                {
                    "status": a.status,
                    "reason": a.reason,
                    "created_by": users[c.created_by],
                    "answered_at": answered_at if a.status != CaseAccess.Status.PENDING else None,
                    "grant": grant,
                },
            )


def load_demo(today: datetime.date | None = None) -> LoadReport:
    """Create or update every demo row. Safe to run again: the second run changes nothing."""
    today = today or timezone.localdate()
    report = LoadReport()
    with transaction.atomic():
        municipalities = _load_places(report, today)
        users = _load_staff(report, municipalities)
        _load_casework(report, municipalities, users)
        install_default_sheets()  # the default 相談受付票 in every municipality (intake app)
        load_routing_rules(report, municipalities)
        load_teamwork(report, municipalities, users, today)
        load_resources(report, municipalities)  # before programmes: they link to its places
        programmes = load_programmes(report, municipalities, today)
        load_programme_people(report, programmes, users, today)
        load_report_demo(report, municipalities, today)
        load_booking(report, municipalities, today)
        load_publicity(report, municipalities, today)
    return report
