"""Staff case page benchmark on PostgreSQL: GET /staff/cases/<id>/ (``case-detail``) at scale.

    uv run python bench/case_page_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/tsunagu_bench_case \
        --persons 1000000 --contacts 10000000 --seed 1 --requests 200

Creates the database (UTF-8 ctype) if missing, migrates, generates synthetic data (skipped with
--skip-generate), collects static files (the page links them through the manifest), and makes
sure, idempotently, that:

- a スーパーバイザー ``bench-case-page`` of the first municipality (by code) exists with a fresh
  random password and an enrolled TOTP authenticator (allauth's ``TOTP.activate``, so the secret
  is stored encrypted by the project's MFAAdapter);
- one long-running case of that municipality carries --heavy-contacts contacts, each with two
  note parts and one staff member (the synthetic generator spreads contacts evenly, ~contacts /
  persons per case; real long-term cases have hundreds), bulk-loaded with COPY like the
  generator and recorded as one audit event.

Then it starts gunicorn on 127.0.0.1, logs in over real HTTP with http.client (login page for
the CSRF token, username and password, then the current TOTP code), keeps the session cookie
and measures, in the same run:

- p50/p95 of the case page for --requests case ids drawn (seeded) among the municipality's cases
  that have contacts, and for the heavy case;
- the number of SQL queries of the view for one sampled case and for the heavy case (the Django
  test Client in this process, ``force_login``; the TOTP enrolment is what RequireMFAMiddleware
  checks), and the bare time of the slowest of those queries, re-run with a cursor;
- the contact log's latest 5 contacts (``contacts.access.contacts_of_case``; the case page shows
  them in its timeline now, ``people.timeline``): its
  bare SQL, the same SQL with index scans disabled (``SET LOCAL enable_indexscan = off`` …, no
  DDL), the ORM call with its prefetches, and a naive version that fetches every contact of the
  case and its notes, staff and visit row by row (N+1) and sorts in Python.

Prints one JSON document. Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import secrets
import statistics
import time

from _common import app_env, generate, gunicorn, require_local, run, summary, timed, tsunagu
from _staff_session import LOGIN_URL, Browser, login

USERNAME = "bench-case-page"
HEAVY_MARK = "bench-case-page: 長期支援ケース（支援記録が多い）"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--contacts", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-generate", action="store_true")
    ap.add_argument("--requests", type=int, default=200, help="case ids sampled (one GET each)")
    ap.add_argument("--heavy-contacts", type=int, default=2000, help="0: no heavy case")
    ap.add_argument("--port", type=int, default=8766)
    args = ap.parse_args()
    require_local(args.database_url)
    env = app_env(args.database_url)
    results: dict = {"persons_requested": args.persons, "contacts_requested": args.contacts}
    generate(args, env, results)
    run(tsunagu("collectstatic", "--noinput", "-v0"), env)
    os.environ.update(env)
    import django

    django.setup()
    measure(args, env, results)
    print(json.dumps(results, ensure_ascii=False, indent=2))


# Fixtures ------------------------------------------------------------------------------------


def bench_user(municipality, username: str = USERNAME):
    """A スーパーバイザー with a known password and TOTP secret: (user, password, secret)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt
    from cryptography.fernet import InvalidToken

    from tsunagu.accounts.models import Membership, User
    from tsunagu.accounts.roles import Role

    user, _ = User.objects.get_or_create(
        username=username, defaults={"display_name": "ベンチマーク用スーパーバイザー"}
    )
    Membership.objects.get_or_create(user=user, role=Role.SUPERVISOR, municipality=municipality)
    password = secrets.token_urlsafe(24)
    user.set_password(password)
    user.save()
    secret = None
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        try:
            secret = decrypt(authenticator.data["secret"])
        except InvalidToken:  # enrolled under another SECRET_KEY / TSUNAGU_MFA_KEY
            authenticator.delete()
    if secret is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)  # encrypted by tsunagu.accounts.adapter.MFAAdapter
    return user, password, secret


def heavy_case(municipality, user, n_contacts: int):
    """The municipality's long-running case with n_contacts contacts (created or topped up)."""
    from django.db import transaction

    from tsunagu.audit.log import record
    from tsunagu.audit.models import AuditAction
    from tsunagu.contacts.models import Channel, Contact, ContactNote, ContactStaff, Reached
    from tsunagu.people.models import Case, Person
    from tsunagu.search.synthetic.writer import TableWriter, analyze
    from tsunagu.tenancy.models import Window

    case = Case.objects.in_municipality(municipality).filter(summary=HEAVY_MARK).first()
    if case is None:
        case = Case.objects.create(
            municipality=municipality,
            person=Person.objects.in_municipality(municipality).order_by("pk").first(),
            window=Window.objects.filter(municipality=municipality).order_by("pk").first(),
            status=Case.Status.SUPPORT,
            opened_on=datetime.date(2016, 4, 1),
            summary=HEAVY_MARK,
            created_by=user,
        )
    contacts = Contact.objects.in_municipality(municipality).filter(case=case)
    missing = n_contacts - contacts.count()
    if missing <= 0:
        return case
    rng = random.Random(case.pk)
    start = datetime.datetime(2016, 4, 1, 9, tzinfo=datetime.UTC)
    rows = []
    for i in range(missing):
        due = rng.random() < 0.1
        rows.append((
            municipality.pk, case.pk, rng.choice(Channel.values),
            start + datetime.timedelta(minutes=rng.randrange(5_000_000)),
            rng.choice((10, 20, 30, 45, 60, 90)), rng.choice(Reached.values),
            f"経過の記録 {i}：本人・家族の様子、次回までの取組を確認した。",
            "次回の面談日程を調整する" if due else "",
            datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(365)) if due else None,
            user.pk,
        ))  # fmt: skip
    with transaction.atomic():
        TableWriter(Contact, ["municipality_id", "case_id", "channel", "occurred_at",
                              "duration_minutes", "reached", "summary", "next_action",
                              "next_action_due", "created_by_id"]).write(rows)  # fmt: skip
        ids = set(contacts.values_list("pk", flat=True))
        noted = set(
            ContactNote.objects.in_municipality(municipality)
            .filter(contact_id__in=ids)
            .values_list("contact_id", flat=True)
        )
        staffed = set(
            ContactStaff.objects.in_municipality(municipality)
            .filter(contact_id__in=ids)
            .values_list("contact_id", flat=True)
        )
        TableWriter(ContactNote, ["municipality_id", "contact_id", "source", "text", "order"]).write(
            row
            for pk in sorted(ids - noted)
            for row in (
                (municipality.pk, pk, "person", "「最近は夜に散歩に出ている」と話した。", 0),
                (municipality.pk, pk, "staff", "表情は前回より穏やか。焦らず関係づくりを続ける。", 1),
            )
        )  # fmt: skip
        TableWriter(ContactStaff, ["municipality_id", "contact_id", "user_id"]).write(
            (municipality.pk, pk, user.pk) for pk in sorted(ids - staffed)
        )
        record(AuditAction.CREATE, object_type="synthetic", object_id="bench-heavy-case",
               municipality_id=municipality.pk, extra={"case": case.pk, "contacts": missing})  # fmt: skip
    analyze([Contact, ContactNote, ContactStaff])
    return case


# Measurement ---------------------------------------------------------------------------------


def sample_cases(municipality, n: int, seed: int, exclude: int | None) -> list[int]:
    from tsunagu.contacts.models import Contact

    with_contacts = (
        Contact.objects.in_municipality(municipality)
        .order_by()
        .values_list("case_id", flat=True)
        .distinct()
    )
    ids = sorted(set(with_contacts) - {exclude})
    rng = random.Random(seed)
    return rng.sample(ids, n) if len(ids) >= n else rng.choices(ids, k=n)


def short(sql: str, length: int = 300) -> str:
    """The statement on one line, its first column list elided."""
    return re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", " ".join(sql.split()), count=1)[:length]


def select_statements(captured: list[dict]) -> list[str]:
    return [
        q["sql"]
        for q in captured
        if q["sql"].lstrip().upper().startswith("SELECT") and "pg_advisory" not in q["sql"]
    ]


def bare(sql: str, n: int, *, no_index: bool = False) -> list[float]:
    """Run sql n times with a cursor; with no_index, inside a transaction that disables index
    scans for itself only (SET LOCAL: no DDL, nothing else is affected)."""
    from django.db import connection, transaction

    def once():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    if not no_index:
        return timed(once, n)
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        return timed(once, n)


def slowest(statements: list[str], n: int = 20, top: int = 3) -> list[dict]:
    """The top slowest statements (by median of n bare runs)."""
    timings = []
    for sql in statements:
        ms = bare(sql, n)
        timings.append((statistics.median(ms), ms, sql))
    timings.sort(key=lambda t: t[0], reverse=True)
    return [{"bare_ms": summary(ms), "sql": short(sql)} for _, ms, sql in timings[:top]]


def measure(args, env: dict, results: dict) -> None:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tsunagu.contacts.access import contacts_of_case
    from tsunagu.contacts.models import Contact, ContactNote, OutreachVisit
    from tsunagu.contacts.views import PANEL_SIZE
    from tsunagu.people.models import Case, Person
    from tsunagu.people.timeline import PAGE_SIZE as TIMELINE_PAGE
    from tsunagu.tenancy.models import Municipality

    home = Municipality.objects.order_by("code").first()
    user, password, secret = bench_user(home)
    heavy = heavy_case(home, user, args.heavy_contacts) if args.heavy_contacts > 0 else None
    sample = sample_cases(home, args.requests, args.seed, heavy.pk if heavy else None)
    per_case = dict(
        Contact.objects.in_municipality(home)
        .filter(case_id__in=set(sample))
        .values_list("case_id")
        .annotate(n=Count("id"))
    )
    counts = [per_case[c] for c in sample]
    contacts_home = Contact.objects.in_municipality(home).count()
    results.update(
        municipality=f"{home.code} {home.name}",
        persons_total=Person.objects.unscoped("bench").count(),
        persons_in_municipality=Person.objects.in_municipality(home).count(),
        cases_in_municipality=Case.objects.in_municipality(home).count(),
        contacts_total=Contact.objects.unscoped("bench").count(),
        contacts_in_municipality=contacts_home,
        user=f"{user.username} (スーパーバイザー, TOTP)",
        sampled_cases=len(sample),
        contacts_per_sampled_case={"median": statistics.median(counts), "max": max(counts)},
        heavy_case={"id": heavy.pk, "contacts": Contact.objects.in_municipality(home).filter(case=heavy).count()} if heavy else None,
    )  # fmt: skip

    # Over HTTP through gunicorn, logged in with password + TOTP.
    with gunicorn(args.port, env, probe=LOGIN_URL):
        browser = Browser(args.port)
        start = time.perf_counter()
        results["login_steps"] = login(browser, user.username, password, secret)
        results["login_ms"] = round((time.perf_counter() - start) * 1000, 1)

        def page(case_id: int) -> bytes:
            status, headers, body = browser.request("GET", reverse("case-detail", args=[case_id]))
            assert status == 200, (case_id, status, headers.get("Location"))
            return body

        first = page(sample[0]).decode()
        assert f"ケース #{sample[0]}" in first and 'class="timeline"' in first
        assert USERNAME in first  # the access log (supervisors) lists this very visit
        for case_id in sample[-10:]:  # warm both workers (templates, connections)
            page(case_id)
        sizes, http_ms = [], []
        for case_id in sample:
            start = time.perf_counter()
            sizes.append(len(page(case_id)))
            http_ms.append((time.perf_counter() - start) * 1000)
        results["case_page_http_ms"] = summary(http_ms)
        results["case_page_http_max_ms"] = round(max(http_ms), 1)
        results["case_page_bytes_median"] = statistics.median(sizes)
        if heavy:
            body = page(heavy.pk).decode()
            shown = body.count('class="timeline__entry ')
            assert shown == TIMELINE_PAGE, "the timeline shows one page of entries"
            results["heavy_case_page_http_ms"] = summary(timed(lambda: page(heavy.pk), 20))

    # The view in this process: its queries, and the slowest of them re-run bare.
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def view_queries(case_id: int) -> list[dict]:
        url = reverse("case-detail", args=[case_id])
        assert client.get(url).status_code == 200  # warm: session, caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return ctx.captured_queries

    typical = view_queries(sample[0])
    results["queries_per_page"] = {"sampled_case": len(typical)}
    results["slowest_queries_sampled_case"] = slowest(select_statements(typical))
    if heavy:
        heavy_queries = view_queries(heavy.pk)
        results["queries_per_page"]["heavy_case"] = len(heavy_queries)
        results["slowest_queries_heavy_case"] = slowest(select_statements(heavy_queries))

    # The contact panel: real (bounded, indexed, prefetched) against naive (every row, N+1).
    cases = Case.objects.in_municipality(home).in_bulk([*sample, *([heavy.pk] if heavy else [])])

    def panel(case: Case) -> list:
        return list(contacts_of_case(user, case)[:PANEL_SIZE])

    def naive(case: Case) -> list:
        rows = []
        for c in Contact.objects.in_municipality(home).filter(case_id=case.pk):
            notes = list(ContactNote.objects.in_municipality(home).filter(contact_id=c.pk))
            staff = [str(u) for u in c.staff.all()]
            try:
                visit = c.visit
            except OutreachVisit.DoesNotExist:
                visit = None
            rows.append((c.occurred_at, c.pk, c, notes, staff, visit))
        rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
        return rows[:PANEL_SIZE]

    def panel_sql(case: Case) -> str:
        with CaptureQueriesContext(connection) as ctx:
            panel(case)
        return next(q["sql"] for q in ctx.captured_queries if 'FROM "contacts_contact"' in q["sql"])

    def query_count(fn, case: Case) -> int:
        with CaptureQueriesContext(connection) as ctx:
            fn(case)
        return len(ctx.captured_queries)

    def over_sample(fn) -> list[float]:
        out = []
        for case_id in sample:
            start = time.perf_counter()
            fn(cases[case_id])
            out.append((time.perf_counter() - start) * 1000)
        return out

    typical_case = cases[sample[0]]
    sqls = [panel_sql(cases[c]) for c in sample]
    seq = [ms for sql in sqls[:10] for ms in bare(sql, 1, no_index=True)]
    contact_panel = {
        "bare_sql_ms": summary([ms for sql in sqls for ms in bare(sql, 1)]),
        "bare_sql_no_index_scans_ms": summary(seq),
        "orm_with_prefetch_ms": summary(over_sample(panel)),
        "orm_queries": query_count(panel, typical_case),
        "naive_n_plus_1_ms": summary(over_sample(naive)),
        "naive_queries": query_count(naive, typical_case),
    }
    if heavy:
        sql = panel_sql(heavy)
        start = time.perf_counter()  # once (query capture included): it takes seconds
        naive_queries = query_count(naive, heavy)
        naive_ms = round((time.perf_counter() - start) * 1000, 1)
        contact_panel["heavy_case"] = {
            "bare_sql_ms": summary(bare(sql, 50)),
            "bare_sql_no_index_scans_ms": summary(bare(sql, 3, no_index=True)),
            "orm_with_prefetch_ms": summary(timed(lambda: panel(heavy), 50)),
            "orm_queries": query_count(panel, heavy),
            "naive_n_plus_1_ms": naive_ms,
            "naive_queries": naive_queries,
        }
    contact_panel["sql"] = short(sqls[0], 400)
    results["contact_panel"] = contact_panel


if __name__ == "__main__":
    main()
