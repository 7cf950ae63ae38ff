"""Import benchmark on PostgreSQL: a 100,000-row spreadsheet of persons (each with a case),
checked (dry run) and imported by the background worker, as staff would run it.

    uv run python bench/import_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/tsunagu_bench_import --rows 100000

Creates the database if missing (UTF-8 ctype), migrates and loads the demo data (日野市 and its
supervisor), writes an .xlsx of --rows rows (tsunagu.testing.imports.synthetic_person_rows: the
varied names of the search benchmark's generator, 和暦 birth dates, phones, addresses, the window,
the 受付日), saves a column mapping, ANALYZEs the database (earlier runs' persons), then:

1. dry run: `start_check`, then `tsunagu worker --batch` until the queue is empty (reading the
   file, every row through the validators, the intake's duplicate check for every row);
   with --skip-duplicate-search the dry run runs in this process without that search (the
   import needs a checked job; the search, one per row, is not part of the import);
2. import: `start_import`, then `tsunagu worker --batch` (reading, checking again, writing the
   persons, search entries, cases, row keys and one audit entry per record in one transaction).

Each run uses its own source name, so the rows are new every time (the duplicate check finds
the previous runs' persons: the import is told to create them anyway). Reports the seconds of
each phase (the worker's whole run, start-up included), the rows per second, and checks that
the audit chain of 日野市 still verifies. Prints one JSON document. Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from _common import ROOT, app_env, ensure_database, require_local, run, tsunagu

HINO = "132128"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--skip-setup", action="store_true", help="the database is migrated already")
    ap.add_argument(
        "--skip-duplicate-search",
        action="store_true",
        help="dry run in this process without the intake's duplicate search (one search per "
        "row: minutes for 100,000 rows; the import itself does not search)",
    )
    args = ap.parse_args()
    require_local(args.database_url)
    env = app_env(args.database_url)
    results: dict[str, object] = {"rows": args.rows}
    if not args.skip_setup:
        ensure_database(args.database_url)
        run(tsunagu("migrate", "-v0"), env)
        run(tsunagu("load-demo"), env)
    # Planner statistics of the persons written by earlier runs (autovacuum may not have
    # analysed them yet: the duplicate search then picks a whole-municipality plan).
    import psycopg

    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from tsunagu.accounts.models import Membership
    from tsunagu.accounts.roles import Role
    from tsunagu.imports.models import ImportJob, Kind
    from tsunagu.imports.services import save_mapping, start_check, start_import
    from tsunagu.tenancy.models import Municipality, Window
    from tsunagu.testing.imports import (
        PERSON_COLUMNS,
        PERSON_HEADINGS,
        synthetic_person_rows,
        xlsx_bytes,
    )

    hino = Municipality.objects.get(code=HINO)
    supervisor = (
        Membership.objects.filter(municipality=hino, role=Role.SUPERVISOR, is_active=True)
        .select_related("user")
        .first()
        .user
    )
    window = Window.objects.filter(municipality=hino).order_by("pk").first()
    start = time.perf_counter()
    rows = synthetic_person_rows(args.rows, window.name, seed=int(time.time()))
    content = xlsx_bytes(PERSON_HEADINGS, rows)
    results["file_mb"] = round(len(content) / 1e6, 1)
    results["write_file_seconds"] = round(time.perf_counter() - start, 1)
    mapping = save_mapping(
        supervisor, hino, name=f"ベンチマーク {time.time():.0f}", kind=Kind.PERSONS,
        columns=PERSON_COLUMNS,
    )  # fmt: skip
    if args.skip_duplicate_search:
        import tsunagu.imports.check as check_module
        import tsunagu.imports.services as services

        check_module.match_candidates = lambda *a, **k: []
        enqueue, services._enqueue = services._enqueue, lambda job, dry_run: None
        job = start_check(supervisor, mapping, filename="bench.xlsx", content=content)
        start = time.perf_counter()
        services.run_job(job.pk, dry_run=True)
        results["dry_run_seconds"] = round(time.perf_counter() - start, 1)
        services._enqueue = enqueue  # the import goes to the worker, as staff start it
        results["dry_run_duplicate_search"] = False
    else:
        job = start_check(supervisor, mapping, filename="bench.xlsx", content=content)
        results["dry_run_seconds"] = round(run(tsunagu("worker", "--batch"), env), 1)
    job = ImportJob.objects.unscoped("benchmark").get(pk=job.pk)
    report = job.report
    results["dry_run"] = {
        "status": job.status,
        "errors": len(report.get("errors", [])),
        "duplicates": len(report.get("duplicates", [])),
        "new": report.get("new"),
    }
    start_import(supervisor, job, import_duplicates=True)
    seconds = run(tsunagu("worker", "--batch"), env)
    job = ImportJob.objects.unscoped("benchmark").get(pk=job.pk)
    results["import_seconds"] = round(seconds, 1)
    results["import_rows_per_second"] = round(args.rows / seconds)
    results["import"] = {"status": job.status, "created": job.created_count, "failure": job.failure}
    results["audit_verify_seconds"] = round(
        run(tsunagu("audit", "verify", "--municipality", HINO), env), 1
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
