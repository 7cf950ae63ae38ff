"""Report benchmark on PostgreSQL: the standard 年度 report (tsunagu.reports) at scale, beside a
naive per-row Python aggregation in the same run.

    uv run python bench/report_bench.py \
        --municipality-db postgres://postgres@127.0.0.1:5432/tsunagu_bench_reports \
        --prefecture-db postgres://postgres@127.0.0.1:5432/tsunagu_bench

1. The municipality report: a database with ONE municipality of --contacts (default 500,000)
   contacts over --persons persons (created, migrated and generated with
   `tsunagu generate-synthetic` unless --skip-generate), the 年度 report of its busiest 年度.
2. The prefecture view: the prefecture-wide report (municipality × category grids, suppression)
   over every municipality of --prefecture-db (the 1 M-person / 10 M-contact database; it is
   migrated first — the reports app adds its table and an index on contacts — and never
   generated here).

For each: --runs timings of `run_report` (median and max, seconds; the first run is a warm-up
and is reported apart), the number of SQL queries of one report, the contacts counted, and the
naive version — every contact of the period fetched row by row with its case and person and
counted in Python dicts (実人数, 新規, 延べ件数 by month and channel only, a fraction of the
report's tables) — timed once. Prints one JSON document. Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter

from _common import app_env, ensure_database, require_local, run, tsunagu


def _setup(database_url: str) -> None:
    os.environ.update(app_env(database_url))
    import django

    django.setup()


def _reconnect(database_url: str) -> None:
    """Point Django's default connection at another database (same process)."""
    import dj_database_url
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict.update(dj_database_url.parse(database_url))


def _busiest_fiscal_year(municipality_ids: list[int]) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXTRACT(YEAR FROM (occurred_at AT TIME ZONE 'Asia/Tokyo') - interval '3 months')"
            " AS fy, COUNT(*) FROM contacts_contact WHERE municipality_id = ANY(%s)"
            " GROUP BY fy ORDER BY 2 DESC LIMIT 1",
            [municipality_ids],
        )
        row = cursor.fetchone()
    return int(row[0])


def _time_report(runs: int, **kwargs: object) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tsunagu.reports.engine import run_report

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        result = run_report(**kwargs)  # type: ignore[arg-type]
    warm = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run_report(**kwargs)  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    summary = result.tables[0].rows[-1].values
    return {
        "first_run_seconds": round(warm, 3),
        "median_seconds": round(statistics.median(times), 3),
        "max_seconds": round(max(times), 3),
        "runs": runs,
        "queries": len(ctx.captured_queries),
        "tables": len(result.tables),
        "summary_total_row": summary,
    }


def _naive(municipality_ids: list[int], period: object) -> dict:
    """Per-row Python: every contact of the period with its case and person, counted in dicts."""
    from tsunagu.contacts.models import Contact
    from tsunagu.reports.periods import local_tz

    tz = local_tz()
    start = time.perf_counter()
    rows = (
        Contact.objects.unscoped("benchmark: naive aggregation")
        .filter(
            municipality_id__in=municipality_ids,
            occurred_at__gte=period.start_at,  # type: ignore[attr-defined]
            occurred_at__lt=period.end_at,  # type: ignore[attr-defined]
        )
        .values_list("case__person_id", "channel", "occurred_at", "case__opened_on")
        .iterator(chunk_size=20_000)
    )
    persons: set[int] = set()
    new: set[int] = set()
    by_month: Counter = Counter()
    by_channel: Counter = Counter()
    contacts = 0
    for person_id, channel, occurred_at, opened_on in rows:
        contacts += 1
        persons.add(person_id)
        if period.start <= opened_on <= period.end:  # type: ignore[attr-defined]
            new.add(person_id)
        by_month[occurred_at.astimezone(tz).month] += 1
        by_channel[channel] += 1
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "contacts": contacts,
        "persons": len(persons),
        "new": len(new),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--municipality-db",
        default="postgres://postgres@127.0.0.1:5432/tsunagu_bench_reports",
    )
    parser.add_argument(
        "--prefecture-db", default="postgres://postgres@127.0.0.1:5432/tsunagu_bench"
    )
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--skip-prefecture", action="store_true")
    parser.add_argument("--skip-municipality", action="store_true")
    args = parser.parse_args()
    require_local(args.municipality_db)
    require_local(args.prefecture_db)
    results: dict = {}

    if not args.skip_municipality:
        env = app_env(args.municipality_db)
        ensure_database(args.municipality_db)
        run(tsunagu("migrate", "-v0"), env)
        if not args.skip_generate:
            results["generate_seconds"] = run(
                tsunagu("generate-synthetic", "--persons", str(args.persons), "--contacts",
                        str(args.contacts), "--seed", str(args.seed),
                        "--municipalities", "132128"), env)  # fmt: skip
    if not args.skip_prefecture:
        run(tsunagu("migrate", "-v0"), app_env(args.prefecture_db))

    _setup(args.municipality_db)
    from tsunagu.reports import standard
    from tsunagu.reports.periods import Period
    from tsunagu.reports.sources import Scope
    from tsunagu.tenancy.models import Municipality

    if not args.skip_municipality:
        municipality = Municipality.objects.get(code="132128")
        ids = [municipality.pk]
        period = Period.fiscal_year(_busiest_fiscal_year(ids))
        results["municipality"] = {
            "database": args.municipality_db.rsplit("/", 1)[-1],
            "municipality": municipality.name,
            "period": period.slug,
            "report": _time_report(
                args.runs,
                report=standard.STANDARD,
                scope=Scope(tuple(ids)),
                period=period,
                scope_label=municipality.name,
            ),
            "naive_python": _naive(ids, period),
            "target_seconds": 2,
        }
    if not args.skip_prefecture:
        _reconnect(args.prefecture_db)
        municipalities = list(Municipality.objects.order_by("code"))
        ids = [m.pk for m in municipalities]
        period = Period.fiscal_year(_busiest_fiscal_year(ids))
        results["prefecture"] = {
            "database": args.prefecture_db.rsplit("/", 1)[-1],
            "municipalities": len(ids),
            "period": period.slug,
            "report": _time_report(
                args.runs,
                report=standard.STANDARD,
                scope=Scope(tuple(ids)),
                period=period,
                scope_label="prefecture",
                prefecture=True,
                municipalities=[(m.pk, m.name) for m in municipalities],
            ),
            "naive_python": _naive(ids, period),
            "target_seconds": 10,
        }
    json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
    print()


if __name__ == "__main__":
    main()
