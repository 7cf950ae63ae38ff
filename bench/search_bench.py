"""Person search and duplicate-candidate benchmark on PostgreSQL (issue 3, item 12).

    uv run python bench/search_bench.py --database-url postgres://postgres@127.0.0.1:5432/tsunagu_bench \
        --persons 100000 --contacts 1000000 --seed 1

Creates the database (UTF-8 ctype) if missing, migrates, generates synthetic data (skipped with
--skip-generate), starts gunicorn on 127.0.0.1, and measures through the API with a Bearer
token: p50/p95 of GET /api/v1/persons?q= and POST /api/v1/persons/match, each beside a naive
baseline (``icontains`` over the name columns; exact-name duplicate lookup) and the bare SQL of
the same query, all in the same run. Then the recall of the planted duplicate variants in the
top 10 candidates. Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import time
from pathlib import Path
from urllib.parse import quote

from _common import ROOT, app_env, generate, gunicorn, require_local, summary, timed

SEARCHES = [
    "佐藤",
    "林",
    "辺見",
    "高橋翔",
    "たかはし",
    "ｻｲﾄｳ ﾏﾅﾌﾞ",
    "渡邊",
    "S60.4.1",
    "昭和50年3月4日",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--contacts", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-generate", action="store_true")
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--recall-sample", type=int, default=1000)
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    require_local(args.database_url)
    planted_file = ROOT / "var" / f"planted-{args.seed}.jsonl"
    planted_file.parent.mkdir(exist_ok=True)
    env = app_env(args.database_url)
    results: dict = {"persons_requested": args.persons, "contacts_requested": args.contacts}
    generate(args, env, results, "--planted-file", str(planted_file))
    os.environ.update(env)
    import django

    django.setup()
    measure(args, env, planted_file, results)


def measure(args, env: dict, planted_file: Path, results: dict) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import connection
    from django.db.models import Q
    from django.test.utils import CaptureQueriesContext

    from tsunagu.accounts.mfa import has_mfa
    from tsunagu.accounts.models import Membership, User
    from tsunagu.accounts.roles import Role
    from tsunagu.accounts.tokens import issue_token
    from tsunagu.people.models import Person
    from tsunagu.search.matching import match_candidates
    from tsunagu.search.services import search_persons
    from tsunagu.tenancy.models import Municipality

    municipalities = list(Municipality.objects.order_by("code"))
    home = municipalities[0]
    one, _ = User.objects.get_or_create(username="bench-search")
    everywhere, _ = User.objects.get_or_create(username="bench-match")
    Membership.objects.get_or_create(user=one, role=Role.SUPERVISOR, municipality=home)
    for m in municipalities:
        Membership.objects.get_or_create(user=everywhere, role=Role.SUPERVISOR, municipality=m)
    for user in (one, everywhere):  # supervisors hold a token only with TOTP enrolled
        if not has_mfa(user):
            TOTP.activate(user, generate_totp_secret())
    token_one = issue_token(one, "bench").raw
    token_all = issue_token(everywhere, "bench").raw
    persons_in_home = Person.objects.in_municipality(home).count()
    results.update(persons_total=Person.objects.unscoped("bench").count(),
                   persons_in_searched_municipality=persons_in_home,
                   municipalities=len(municipalities))  # fmt: skip

    with gunicorn(args.port, env, probe="/api/v1/municipalities"):
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)

        def api(method: str, path: str, token: str, body: dict | None = None) -> dict:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
            response = conn.getresponse()
            data = response.read()
            assert response.status == 200, (response.status, data[:300])
            return json.loads(data)

        rows = []
        for q in SEARCHES:
            first = api("GET", f"/api/v1/persons?q={quote(q)}", token_one)
            api_ms = timed(lambda q=q: api("GET", f"/api/v1/persons?q={quote(q)}", token_one),
                           args.requests)  # fmt: skip
            with CaptureQueriesContext(connection) as ctx:
                search_persons(one, q)
            sql = next(
                c["sql"] for c in ctx.captured_queries if "search_personsearchentry" in c["sql"]
            )

            def bare(sql=sql):
                with connection.cursor() as cursor:
                    cursor.execute(sql)
                    cursor.fetchall()

            term = q.split()[0]
            naive = (
                Person.objects.in_municipality(home)
                .filter(
                    Q(family_name__icontains=term)
                    | Q(given_name__icontains=term)
                    | Q(family_name_kana__icontains=term)
                    | Q(given_name_kana__icontains=term)
                )
                .order_by("kana_key", "pk")
            )
            rows.append({
                "query": q, "first_page": len(first["items"]), "has_more": first["has_more"],
                "api_ms": summary(api_ms), "bare_sql_ms": summary(timed(bare, args.requests)),
                "naive_icontains_ms": summary(timed(lambda n=naive: list(n[:51]), 20)),
                "naive_first_page": len(list(naive[:50])),
            })  # fmt: skip
        results["search"] = rows

        planted = [json.loads(line) for line in planted_file.read_text().splitlines()]
        random.Random(args.seed).shuffle(planted)
        sample = planted[: args.recall_sample]
        fields = ["family_name", "given_name", "family_name_kana", "given_name_kana",
                  "birth_date", "phone", "address"]  # fmt: skip
        hits, kinds, api_ms, naive_hits = 0, {}, [], 0
        people = (
            Person.objects.unscoped("bench")
            .select_related("municipality")
            .in_bulk([p["variant"] for p in sample])
        )
        for item in sample:
            v = people[item["variant"]]
            body = {f: (str(getattr(v, f)) if getattr(v, f) else "") for f in fields}
            body["municipality_code"] = v.municipality.code
            start = time.perf_counter()
            found = api("POST", "/api/v1/persons/match", token_all, body)["candidates"]
            api_ms.append((time.perf_counter() - start) * 1000)
            ok = item["original"] in [c["id"] for c in found[:10]]
            hits += ok
            k = kinds.setdefault(item["kind"], [0, 0])
            k[0] += ok
            k[1] += 1
            naive_hits += (
                Person.objects.in_municipality(v.municipality_id)
                .filter(
                    pk=item["original"],
                    family_name=v.family_name,
                    given_name=v.given_name,
                    birth_date=v.birth_date,
                )
                .exists()
            )
        v = people[sample[0]["variant"]]
        with CaptureQueriesContext(connection) as ctx:
            match_candidates(
                everywhere,
                v.municipality_id,
                family_name=v.family_name,
                given_name=v.given_name,
                birth_date=v.birth_date,
            )
        block_sql = next(
            c["sql"] for c in ctx.captured_queries if "search_personsearchentry" in c["sql"]
        )

        def bare_block():
            with connection.cursor() as cursor:
                cursor.execute(block_sql)
                cursor.fetchall()

        def naive_scan():  # no blocking: fuzzy-score every reading of the municipality
            from rapidfuzz import fuzz

            keys = Person.objects.in_municipality(v.municipality_id).values_list("kana_key", "pk")
            sorted(((fuzz.ratio(v.kana_key, k), pk) for k, pk in keys.iterator()), reverse=True)[
                :10
            ]

        results["match"] = {
            "sample": len(sample), "planted_total": len(planted),
            "recall_top10": hits / len(sample),
            "recall_by_kind": {k: f"{a}/{b}" for k, (a, b) in kinds.items()},
            "naive_exact_name_and_birth_recall": naive_hits / len(sample),
            "api_ms": summary(api_ms), "bare_block_sql_ms": summary(timed(bare_block, 100)),
            "naive_full_scan_rapidfuzz_ms": summary(timed(naive_scan, 5)),
        }  # fmt: skip
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
