"""Helpers shared by the benchmarks in bench/ (run them as scripts: ``python bench/x.py``).

Percentiles and timing, the PostgreSQL database (created with a UTF-8 ctype), the environment
the app runs with (local settings, DEBUG off, the given DATABASE_URL), migrate + synthetic data,
and a gunicorn on 127.0.0.1 that is stopped however the benchmark ends.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def summary(values: list[float]) -> str:
    """ "p50 / p95" in milliseconds."""
    return f"{statistics.median(values):.1f} / {pct(values, 95):.1f}"


def timed(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(
                f"CREATE DATABASE \"{name}\" ENCODING UTF8 LC_CTYPE 'C.UTF-8'"
                f" LC_COLLATE 'C.UTF-8' TEMPLATE template0"
            )
        # The production recommendation (README): data on SSD or in memory. With the default 4,
        # PostgreSQL ANDs a whole-municipality bitmap into the search of a common surname.
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')


def run(cmd: list[str], env: dict) -> float:
    """Run cmd in the project; its output goes to stderr (stdout is the JSON report)."""
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=sys.stderr)  # noqa: S603
    return time.perf_counter() - start


def require_local(database_url: str) -> None:
    if urlparse(database_url).hostname not in ("127.0.0.1", "localhost"):
        sys.exit("the benchmark talks only to 127.0.0.1")


def app_env(database_url: str) -> dict[str, str]:
    """The environment of the app (gunicorn and this process): local settings, DEBUG off."""
    env = {**os.environ, "DATABASE_URL": database_url,
           "DJANGO_SETTINGS_MODULE": "tsunagu.settings.local"}  # fmt: skip
    for name in ("TSUNAGU_ENV", "TSUNAGU_DEBUG", "TSUNAGU_DEMO_MODE"):
        env.pop(name, None)
    return env


def tsunagu(*args: str) -> list[str]:
    """The command line of ``tsunagu ARGS`` with this interpreter."""
    return [sys.executable, "-m", "tsunagu.cli", *args]


def generate(args, env: dict, results: dict, *extra: str) -> None:
    """Create and migrate the database, then `tsunagu generate-synthetic` and the nightly
    clustering of the search index (unless --skip-generate); their seconds go to results."""
    ensure_database(args.database_url)
    if args.skip_generate:
        return
    run(tsunagu("migrate", "-v0"), env)
    results["generate_seconds"] = run(
        tsunagu("generate-synthetic", "--persons", str(args.persons), "--contacts",
                str(args.contacts), "--seed", str(args.seed), *extra), env)  # fmt: skip
    # the nightly maintenance a deployment runs (README): the search index in reading order
    results["cluster_seconds"] = run(tsunagu("rebuild-search-index", "--cluster-only"), env)


@contextlib.contextmanager
def gunicorn(
    port: int, env: dict, probe: str = "/", workers: int = 2, threads: int = 1
) -> Iterator[None]:
    """gunicorn tsunagu.wsgi on 127.0.0.1:PORT, answering PROBE before this yields. With
    threads > 1, gthread workers (each thread holds its own database connection)."""
    threaded = ["-k", "gthread", "--threads", str(threads)] if threads > 1 else []
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "tsunagu.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", str(workers), *threaded, "--log-level", "warning"], cwd=ROOT, env=env)  # fmt: skip
    try:
        for _ in range(150):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", probe)
                conn.getresponse().read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("gunicorn exited") from None
                time.sleep(0.2)
            finally:
                conn.close()
        else:
            raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{port}")
        yield
    finally:
        server.terminate()
        server.wait(10)
