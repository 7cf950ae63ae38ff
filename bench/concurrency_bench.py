"""A full office on PostgreSQL (issue 7, item 12): N staff clients at once against gunicorn.

    uv run python bench/concurrency_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/tsunagu_bench --skip-generate \
        --workers 2 --threads 4 --seconds 60

Creates the database (UTF-8 ctype) if missing, migrates and generates synthetic data unless
--skip-generate (same data and options as bench/case_page_bench.py), collects static files,
prepares one スーパーバイザー per client with a password, TOTP and an API token
(bench/staff_mix.py), starts gunicorn on 127.0.0.1 (--workers, and gthread workers with
--threads > 1), logs every client in over real HTTP (password, then TOTP) and runs the phases.

A phase is ``CLIENTS:MIX``: that many clients at once, each in a closed loop (the next request
as soon as the previous answer is read, no think time) for --seconds after --warmup seconds,
each request drawn with the mix's weights among ``case`` (the case page, HTML, logged-in
session), ``search`` (``GET /api/v1/persons?q=``, Bearer token), ``match`` (duplicate
candidates, ``POST /api/v1/persons/match``) and ``intake`` (the intake screen's autosave on the
client's own draft). The default phases:

- ``1:case=1,search=1,match=1,intake=1``: one client, the latency of each request alone;
- ``20:case=1``: 20 clients opening case pages (the target is in requests per second);
- ``20:case=4,search=3,match=2,intake=1``: 20 clients, a working office's mix.

Reports per phase and request: requests, requests per second, p50/p95/p99 in milliseconds and
errors (any answer but 200, or a broken connection), and the issue's targets against the
figures. The clients run as threads of this process, on the same machine as gunicorn and
PostgreSQL: on 2 cores they take CPU from the server. Prints one JSON document; talks only to
127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import threading
import time
from collections import Counter

from _common import app_env, generate, gunicorn, pct, require_local, run, tsunagu
from _staff_session import LOGIN_URL

DEFAULT_PHASES = [
    "1:case=1,search=1,match=1,intake=1",
    "20:case=1",
    "20:case=4,search=3,match=2,intake=1",
]
# issue 7, item 12: (phase clients, request, figure, bound)
TARGETS = [
    (1, "case", "p95_ms", 60.0),
    (20, "case", "requests_per_second", 60.0),
    (1, "search", "p95_ms", 20.0),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--contacts", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-generate", action="store_true")
    ap.add_argument("--phase", action="append", metavar="CLIENTS:MIX",
                    help=f"repeatable; default {' '.join(DEFAULT_PHASES)}")  # fmt: skip
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--warmup", type=float, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4, help="per worker; 1: sync workers")
    ap.add_argument("--port", type=int, default=8767)
    args = ap.parse_args()
    require_local(args.database_url)
    phases = [parse_phase(p) for p in args.phase or DEFAULT_PHASES]
    env = app_env(args.database_url)
    results: dict = {}
    if not args.skip_generate:
        results.update(persons_requested=args.persons, contacts_requested=args.contacts)
    generate(args, env, results)
    run(tsunagu("collectstatic", "--noinput", "-v0"), env)
    os.environ.update(env)
    import django

    django.setup()
    from staff_mix import Mix, StaffClient

    clients = max(n for n, _ in phases)
    mix = Mix.prepare(seed=args.seed, clients=clients)
    results.update(
        municipality=mix.municipality_code,
        persons_in_municipality=mix.persons_in_home,
        gunicorn={"workers": args.workers, "threads": args.threads,
                  "worker_class": "gthread" if args.threads > 1 else "sync"},
        seconds=args.seconds, warmup=args.warmup, cpus=os.cpu_count(),
    )  # fmt: skip
    with gunicorn(args.port, env, probe=LOGIN_URL, workers=args.workers, threads=args.threads):
        staff = [
            StaffClient(args.port, mix, s, seed=args.seed * 1000 + i)
            for i, s in enumerate(mix.staff)
        ]
        results["phases"] = [
            run_phase(staff[:n], weights, args.seconds, args.warmup) for n, weights in phases
        ]
    results["targets"] = check_targets(results["phases"])
    print(json.dumps(results, ensure_ascii=False, indent=2))


def parse_phase(text: str) -> tuple[int, dict[str, float]]:
    from staff_mix import REQUESTS

    clients, _, mix = text.partition(":")
    weights = {}
    for part in mix.split(","):
        name, _, weight = part.partition("=")
        if name not in REQUESTS:
            raise SystemExit(f"unknown request {name!r} in {text!r} (one of {REQUESTS})")
        weights[name] = float(weight or 1)
    return int(clients), weights


def run_phase(staff: list, weights: dict[str, float], seconds: float, warmup: float) -> dict:
    """Every client in its own thread, closed loop; requests that start after the warm-up
    and before the end are counted."""
    names, cumulative = list(weights), list(weights.values())
    start = time.perf_counter() + 0.5  # all threads started
    measured_from, until = start + warmup, start + warmup + seconds
    samples: list[list[tuple[str, float, object]]] = [[] for _ in staff]

    def loop(i: int) -> None:
        client, out = staff[i], samples[i]
        rng = random.Random(i)
        time.sleep(max(0.0, start - time.perf_counter()))
        while (begin := time.perf_counter()) < until:
            name = rng.choices(names, cumulative)[0]
            try:
                status: object = client.send(name)
            except OSError as error:  # a broken connection counts as an error
                status = type(error).__name__
                client.reconnect()
            if begin >= measured_from:
                out.append((name, (time.perf_counter() - begin) * 1000, status))

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(len(staff))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = seconds
    flat = [s for per_client in samples for s in per_client]
    per_request = {}
    for name in names:
        ms = [m for n, m, _ in flat if n == name]
        errors = Counter(str(s) for n, _, s in flat if n == name and s != 200)
        per_request[name] = summary(ms, elapsed) | {"errors": sum(errors.values()),
                                                     "error_kinds": dict(errors)}  # fmt: skip
    return {
        "clients": len(staff),
        "mix": weights,
        "seconds": round(elapsed, 1),
        "requests_per_second": round(len(flat) / elapsed, 1),
        "requests": per_request,
    }


def summary(ms: list[float], elapsed: float) -> dict:
    if not ms:
        return {"requests": 0}
    return {
        "requests": len(ms),
        "requests_per_second": round(len(ms) / elapsed, 1),
        "p50_ms": round(pct(ms, 50), 1),
        "p95_ms": round(pct(ms, 95), 1),
        "p99_ms": round(pct(ms, 99), 1),
    }


def check_targets(phases: list[dict]) -> list[dict]:
    """The issue's targets against the first phase with that many clients that sent only or
    also that request (a phase of case pages alone is the one for requests per second)."""
    out = []
    for clients, name, figure, bound in TARGETS:
        candidates = [p for p in phases if p["clients"] == clients and name in p["mix"]]
        candidates.sort(key=lambda p: len(p["mix"]))
        if not candidates:
            continue
        value = candidates[0]["requests"][name].get(figure)
        met = value is not None and (value <= bound if figure.endswith("_ms") else value >= bound)
        out.append({"clients": clients, "request": name, "figure": figure, "value": value,
                    "target": bound, "met": met})  # fmt: skip
    return out


if __name__ == "__main__":
    main()
