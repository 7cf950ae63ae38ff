"""Audit log append benchmark on PostgreSQL: one global lock vs one chain per municipality.

    uv run python bench/audit_chain_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/tsunagu_bench_audit \
        --clients 20 --seconds 20 --rounds 3

Creates the database (UTF-8 ctype) if missing, migrates and loads the demo data (the five
municipalities of the demo), then runs --clients writer processes at once, client i writing in
municipality i mod 5. One write is what a support record costs the audit log: in one
transaction, a person of the municipality is updated (audited by the signal: one UPDATE event)
and viewed (one VIEW event), then committed (synchronous_commit on, as in production).

With ``--workload append`` a write is the two audit events alone (no person row): the audit
path by itself, where the lock matters most.

Two modes, alternated for --rounds rounds on the same data:

- ``global``: every append first takes the single advisory lock the previous code took
  (``pg_advisory_xact_lock(7243001)``), held until commit, so all municipalities' writers queue
  behind each other — what the code did before chains per municipality;
- ``per-municipality``: the code as it is (``pg_advisory_xact_lock(class, municipality)``): a
  writer only waits for writers of its own municipality.

Reports, per mode and round, audit events per second over the measured window (after a short
warm-up) and the p50/p95 latency of one write transaction in milliseconds, then checks that
every chain still verifies. Prints one JSON document. Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time

from _common import app_env, ensure_database, pct, require_local, run, tsunagu

OLD_GLOBAL_LOCK = 7_243_001  # the key of the lock the previous code took for every append


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20.0, help="measured time per mode and round")
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--workload",
        choices=["person", "append"],
        default="person",
        help="person: update and view a person (2 events); append: the 2 events alone",
    )
    args = ap.parse_args()
    require_local(args.database_url)
    env = app_env(args.database_url)
    ensure_database(args.database_url)
    run(tsunagu("migrate", "-v0"), env)
    run(tsunagu("load-demo"), env)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from tsunagu.tenancy.models import Municipality

    municipalities = list(Municipality.objects.order_by("code").values_list("pk", flat=True))
    ensure_persons(municipalities)
    connection.close()  # never share a connection with the forked writers
    results: dict = {
        "workload": args.workload,
        "clients": args.clients,
        "municipalities": len(municipalities),
        "seconds_per_run": args.seconds,
        "cpus": os.cpu_count(),
        "runs": [],
    }
    for round_no in range(args.rounds):
        for mode in ("global", "per-municipality"):
            measured = measure(mode, municipalities, args)
            measured["round"] = round_no + 1
            results["runs"].append(measured)
            print(json.dumps(measured, ensure_ascii=False), flush=True, file=sys.stderr)
    for mode in ("global", "per-municipality"):
        runs = [r for r in results["runs"] if r["mode"] == mode]
        results[mode] = {
            "events_per_second_median": statistics.median(r["events_per_second"] for r in runs),
            "p95_ms_median": statistics.median(r["p95_ms"] for r in runs),
            "p50_ms_median": statistics.median(r["p50_ms"] for r in runs),
        }
    results["verify"] = verify_all()
    print(json.dumps(results, ensure_ascii=False, indent=2))


BENCH_PERSONS = 40


def ensure_persons(municipalities: list[int]) -> None:
    """BENCH_PERSONS fictitious persons per municipality to write to (the demo has a handful)."""
    import datetime

    from tsunagu.people.models import Person

    for municipality_id in municipalities:
        have = Person.objects.in_municipality(municipality_id).filter(family_name="ベンチ").count()
        for i in range(have, BENCH_PERSONS):
            Person.objects.create(
                municipality_id=municipality_id,
                family_name="ベンチ",
                given_name=f"太郎{i}",
                birth_date=datetime.date(1980, 1, 1) + datetime.timedelta(days=i),
            )


def measure(mode: str, municipalities: list[int], args) -> dict:
    ctx = multiprocessing.get_context("fork")
    start_at = time.time() + 1.0  # every writer starts together
    with ctx.Pool(args.clients) as pool:
        jobs = [
            (
                mode,
                args.workload,
                municipalities[i % len(municipalities)],
                start_at,
                args.warmup,
                args.seconds,
            )
            for i in range(args.clients)
        ]
        outcomes = pool.starmap(writer, jobs)
    latencies = [ms for lat, _ in outcomes for ms in lat]
    events = sum(n for _, n in outcomes)
    return {
        "mode": mode,
        "transactions": len(latencies),
        "events": events,
        "events_per_second": round(events / args.seconds, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(pct(latencies, 95), 1),
    }


def writer(
    mode: str, workload: str, municipality_id: int, start_at: float, warmup: float, seconds: float
):
    """One client: audited writes in its municipality until the window closes. Returns the
    latencies (ms) of the writes that started inside the measured window, and their events."""
    from django.db import connection, transaction

    from tsunagu.audit import chain, log
    from tsunagu.people.models import Person

    if mode == "global":

        def old_global_lock(municipality_id):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [OLD_GLOBAL_LOCK])
            return chain.chain_head(municipality_id)

        log.locked_head = old_global_lock
    else:
        log.locked_head = chain.locked_head
    persons = list(
        Person.objects.in_municipality(municipality_id)
        .filter(family_name="ベンチ")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    time.sleep(max(0.0, start_at - time.time()))
    measure_from = start_at + warmup
    measure_until = measure_from + seconds
    latencies: list[float] = []
    events = 0
    n = 0
    while True:
        began = time.time()
        if began >= measure_until:
            break
        t0 = time.perf_counter()
        with transaction.atomic():
            pk = persons[n % len(persons)]
            if workload == "person":
                person = Person.objects.in_municipality(municipality_id).get(pk=pk)
                person.nickname = f"b{os.getpid()}-{n}"  # always a change
                person.save()  # one UPDATE event (signal)
                log.record_view(person)  # one VIEW event
            else:
                for action in ("update", "view"):
                    log.record(
                        action,
                        object_type="people.person",
                        object_id=pk,
                        municipality_id=municipality_id,
                    )
        elapsed = (time.perf_counter() - t0) * 1000
        n += 1
        if began >= measure_from:
            latencies.append(elapsed)
            events += 2
    connection.close()
    return latencies, events


def verify_all() -> str:
    from tsunagu.audit.verify import verify

    report = verify()
    return f"{len(report.chains)} chains, {report.rows} rows, {len(report.problems)} problems"


if __name__ == "__main__":
    main()
