"""The fixed cost of one request (issue 7, item 12): SQL statements and in-process time of the
requests the concurrency benchmark sends, through the whole middleware stack (Django's test
Client in this process; no HTTP, no gunicorn).

    uv run python bench/request_cost.py \
        --database-url postgres://postgres@127.0.0.1:5432/tsunagu_speed [--sql] [--profile N]

Uses the data already in the database (generate it with bench/concurrency_bench.py or
`tsunagu generate-synthetic`). For each request: the number of SQL statements (BEGIN, COMMIT
and SAVEPOINT included: each is a round trip), how many of them write, p50/p95 over --requests
calls of the wall time and of this process's CPU time (steadier on a shared machine; the
database's own work is not in it); with --sql, the statements themselves; with --profile N, the N functions of the
project with the largest cumulative time (cProfile) over the calls. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import time

from _common import app_env, require_local, summary, timed

WRITES = ("INSERT", "UPDATE", "DELETE", "COMMIT", "SELECT PG_ADVISORY")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--sql", action="store_true", help="list each request's statements")
    ap.add_argument("--profile", type=int, default=0, metavar="N")
    ap.add_argument(
        "--calls",
        type=int,
        default=0,
        metavar="N",
        help="deterministic counts over N requests of each kind (the same cases each run): "
        "Python function calls and SQL statements per request",
    )
    args = ap.parse_args()
    require_local(args.database_url)
    os.environ.update(app_env(args.database_url))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from staff_mix import Mix

    mix = Mix.prepare(seed=1)
    client = mix.django_client()
    print(json.dumps(measure(mix, client, args), ensure_ascii=False, indent=2))


def measure(mix, client, args) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results: dict = {"persons_in_municipality": mix.persons_in_home, "requests": {}}
    for name, call in mix.in_process_calls(client).items():
        call()  # warm: templates, caches, the last-used stamp of the token
        with CaptureQueriesContext(connection) as ctx:
            call()
        sql = [" ".join(q["sql"].split()) for q in ctx.captured_queries]
        entry = {
            "statements": len(sql),
            "writes": sum(s.upper().startswith(WRITES) for s in sql),
            "ms": summary(timed(call, args.requests)),
            "cpu_ms": summary(cpu_timed(call, args.requests)),
        }
        if args.sql:
            entry["sql"] = [s[:160] for s in sql]
        if args.profile:
            entry["profile"] = profile(call, args.requests, args.profile)
        if args.calls:
            mix.rng.seed(args.calls)  # the same cases and search terms in every run
            entry["calls"] = counted(call, args.calls)
        results["requests"][name] = entry
    return results


def cpu_timed(call, n: int) -> list[float]:
    """This process's CPU time per call (the app's Python; PostgreSQL's work is not in it):
    steadier than wall time on a shared machine."""
    out = []
    for _ in range(n):
        start = time.process_time()
        call()
        out.append((time.process_time() - start) * 1000)
    return out


def counted(call, n: int) -> dict:
    """Python function calls (cProfile's count, primitive and recursive) and SQL statements per
    request, averaged over n requests: unlike the times, the same from run to run of the same
    code on the same data, whatever else the machine is doing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as ctx:
        profiler.enable()
        for _ in range(n):
            call()
        profiler.disable()
    stats = pstats.Stats(profiler)
    return {
        "python_calls_per_request": round(stats.total_calls / n),
        "statements_per_request": round(len(ctx.captured_queries) / n, 2),
    }


def profile(call, n: int, top: int) -> list[str]:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"tsunagu/(?!testing)", top)
    return [line.strip() for line in out.getvalue().splitlines() if "tsunagu/" in line]


if __name__ == "__main__":
    main()
