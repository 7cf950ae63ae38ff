"""PostgreSQL plans of the person search and the duplicate check for what staff actually type
(issue 7, item 11): long-vowel readings, kanji with a kana given name, a year-only 和暦 birth
date, a family name one kanji off.

    uv run python bench/search_plans.py --database-url postgres://postgres@127.0.0.1:5432/tsunagu_bench

Runs on a database already filled by ``tsunagu generate-synthetic`` (search_bench.py does it),
as a supervisor of the first municipality. For every query: ``EXPLAIN (ANALYZE)`` of each SQL
statement on the search index, the indexes it used, any sequential scan, and the p50 / p95 of
the bare SQL. stdout is one JSON document; it exits non-zero when a plan has a sequential scan.
Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

from _common import app_env, require_local, summary, timed

SEARCHES = ["佐藤", "たかはし", "ヨーコ", "オータ ヨーコ", "斉藤みさき", "斉藤 みさき", "佐藤 昭和60年",
            "昭和60年", "S60"]  # fmt: skip
MATCHES = [
    {"family_name": "佐藤", "given_name": "陽子", "birth_date": "1985-04-01"},
    {"family_name_kana": "オータ", "given_name_kana": "ヨーコ"},
    {"family_name": "斉藤", "given_name": "みさき"},
    {"family_name": "大田", "given_name": "陽子", "birth_date": "昭和60年"},
    {"family_name": "大田", "given_name": "陽子", "address": "東京都八王子市子安町2-3-4"},
    {"family_name": "佐藤　陽子", "family_name_kana": "サトウ ヨウコ"},
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--requests", type=int, default=50)
    args = ap.parse_args()
    require_local(args.database_url)
    os.environ.update(app_env(args.database_url))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tsunagu.accounts.models import Membership, User
    from tsunagu.accounts.roles import Role
    from tsunagu.search.matching import match_candidates
    from tsunagu.search.services import search_persons
    from tsunagu.tenancy.models import Municipality

    home = Municipality.objects.order_by("code").first()
    user, _ = User.objects.get_or_create(username="bench-plans")
    Membership.objects.get_or_create(user=user, role=Role.SUPERVISOR, municipality=home)

    def measure(fn) -> dict:
        with CaptureQueriesContext(connection) as ctx:
            fn()
        sqls = [q["sql"] for q in ctx.captured_queries if "search_personsearchentry" in q["sql"]]
        plans = []
        for sql in sqls:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE) " + sql)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))

        def bare() -> None:
            with connection.cursor() as cursor:
                for sql in sqls:
                    cursor.execute(sql)
                    cursor.fetchall()

        text = "\n".join(plans)
        return {
            "indexes": sorted(set(re.findall(r"Index (?:Only )?Scan (?:on|using) (\w+)", text))),
            "seq_scans": re.findall(r"Seq Scan on (\w+)", text),
            "execution_ms": [float(m) for m in re.findall(r"Execution Time: ([\d.]+)", text)],
            "bare_sql_ms": summary(timed(bare, args.requests)),
        }

    results = {
        "search": {q: measure(lambda q=q: search_persons(user, q)) for q in SEARCHES},
        "match": {
            json.dumps(m, ensure_ascii=False): measure(
                lambda m=m: match_candidates(user, home, **m)
            )
            for m in MATCHES
        },
    }
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if any(r["seq_scans"] for part in results.values() for r in part.values()):
        sys.exit("a plan has a sequential scan")


if __name__ == "__main__":
    main()
