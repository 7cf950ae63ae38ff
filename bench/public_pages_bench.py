"""Public pages under load (issue 10, item 7): gunicorn on PostgreSQL, anonymous clients.

    uv run python bench/public_pages_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/tsunagu_public_bench

    # that every page answers through gunicorn and PostgreSQL, without measuring anything:
    uv run python bench/public_pages_bench.py --database-url ... --smoke

Creates the database (UTF-8 ctype) if missing, migrates and loads the demo data (the public
windows, routing rules; unless --skip-load), collects static files and starts gunicorn on
127.0.0.1 (--workers, gthread with --threads > 1) with Redis as the shared cache, as in
production (--redis-url; public pages are served from it: tsunagu.core.public_cache). Then, for each page in turn, --clients
clients in a closed loop (one new connection per request, as a browser without keep-alive to a
sync worker; the next request as soon as the answer is read) for --seconds after --warmup
seconds. The pages: a static file served the same way (WhiteNoise in the same gunicorn: the
ceiling), the public home, a window page, the navigator's start page, a question and a result,
and the directory (/resources/) and calendar (/calendar/) when those routes exist (a page that
answers 404 is reported as absent). Reports per page: requests, requests per second, p50/p95/p99
in milliseconds, errors (any answer but 200), and the target (≥ 500 requests/s for the
navigator, directory and calendar pages). The clients are threads of this process on the same
2 cores as gunicorn and PostgreSQL: they take CPU from the server. Prints one JSON document;
talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import threading
import time

from _common import app_env, ensure_database, gunicorn, pct, require_local, run, tsunagu

KUNITACHI = "132152"
# (name, path, counts towards the target). The navigator's question and result pages carry the
# visitor's answers in their URL: they are no-store (never kept by a browser, a proxy or the
# shared cache: "nothing the user answers is stored") and built for every request, from the
# process's copy of the public data and cards kept by public data only
# (tsunagu.navigator.snapshot, tsunagu.navigator.fragments); they count towards the target.
PAGES: list[tuple[str, str, bool]] = [
    ("static file (ceiling)", "/static/tsunagu/css/navigator.css", False),
    ("public home", "/", False),
    ("window page", f"/windows/{KUNITACHI}/fukufuku/", False),
    ("navigator start", "/navi/", True),
    ("navigator question", f"/navi/age/?m={KUNITACHI}&who=family", True),
    ("navigator result", f"/navi/result/?m={KUNITACHI}&who=family&age=45", True),
    ("resource directory", "/resources/", True),
    ("public calendar", "/calendar/", True),
]
TARGET_RPS = 500.0


def get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def measure(port: int, path: str, clients: int, seconds: float, warmup: float) -> dict:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = time.perf_counter()
    begin, end = start + warmup, start + warmup + seconds

    def loop(i: int) -> None:
        while (now := time.perf_counter()) < end:
            try:
                status = get(port, path)
            except OSError:
                status = 0
            done = time.perf_counter()
            if now >= begin:
                latencies[i].append((done - now) * 1000)
                if status != 200:
                    errors[i] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ms = [x for per in latencies for x in per]
    return {
        "requests": len(ms),
        "requests_per_second": round(len(ms) / seconds, 1),
        "p50_ms": round(pct(ms, 50), 2) if ms else None,
        "p95_ms": round(pct(ms, 95), 2) if ms else None,
        "p99_ms": round(pct(ms, 99), 2) if ms else None,
        "errors": sum(errors),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--skip-load", action="store_true", help="reuse a migrated, loaded database")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--warmup", type=float, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1, help="per worker; 1: sync workers")
    ap.add_argument("--port", type=int, default=8768)
    ap.add_argument("--smoke", action="store_true", help="check each page answers; no timing")
    ap.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/15",
        help="the shared cache, as production has it (TSUNAGU_REDIS_URL: public pages are "
        "served from it, tsunagu.core.public_cache); emptied first. '' runs without it",
    )
    args = ap.parse_args()
    require_local(args.database_url)
    env = app_env(args.database_url)
    if args.redis_url:
        require_local(args.redis_url)
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()  # no page of another database
        env["TSUNAGU_REDIS_URL"] = args.redis_url
    ensure_database(args.database_url)
    if not args.skip_load:
        run(tsunagu("migrate", "-v0"), env)
        run(tsunagu("load-demo"), env)
    run(tsunagu("collectstatic", "--noinput", "-v0"), env)
    results: dict = {
        "shared_cache": bool(args.redis_url),
        "gunicorn": {"workers": args.workers, "threads": args.threads,
                     "worker_class": "gthread" if args.threads > 1 else "sync"},
        "clients": args.clients, "seconds": args.seconds, "warmup": args.warmup,
        "cpus": os.cpu_count(), "pages": [],
    }  # fmt: skip
    with gunicorn(args.port, env, probe="/navi/", workers=args.workers, threads=args.threads):
        for name, path, counted in PAGES:
            status = get(args.port, path)
            page: dict = {"page": name, "path": path, "status": status}
            if status == 404:
                page["absent"] = True
            elif args.smoke:
                statuses = {get(args.port, path) for _ in range(10)}
                page["ok"] = statuses == {200}
            else:
                page.update(measure(args.port, path, args.clients, args.seconds, args.warmup))
                if counted:
                    page["target_rps"] = TARGET_RPS
                    page["meets_target"] = page["requests_per_second"] >= TARGET_RPS
            results["pages"].append(page)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    present = [p for p in results["pages"] if not p.get("absent")]
    if args.smoke and not all(p["ok"] for p in present):
        raise SystemExit("a page did not answer 200")


if __name__ == "__main__":
    main()
