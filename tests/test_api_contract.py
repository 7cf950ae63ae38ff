"""The API against its own OpenAPI document: schemathesis runs over /api/v1/openapi.json.

The real server (Django's live server on 127.0.0.1, the test database) is called with a
supervisor's Bearer token, over a world with persons, cases, contacts, intakes and concern
reports. The run is bounded (a fixed seed and a fixed number of examples per operation, so
the same cases run every time) and must find no server error and no response outside the
schema: every status code is documented, every body and content type is the documented one.

Knobs for a longer local run: TSUNAGU_CONTRACT_MAX_EXAMPLES (default 25) and
TSUNAGU_CONTRACT_SEED.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_url_walker import complete_world

from tsunagu.accounts.roles import Role
from tsunagu.testing.api import issue_test_token

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
MAX_EXAMPLES = int(os.environ.get("TSUNAGU_CONTRACT_MAX_EXAMPLES", "25"))
SEED = int(os.environ.get("TSUNAGU_CONTRACT_SEED", "6"))
# a guard against a hang, not a speed test: the operations grow with every app, and a loaded
# machine runs them slowly
TIME_LIMIT_SECONDS = 900


def run_schemathesis(base_url: str, token: str, report: Path) -> dict:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--no-shrink",
        "--request-timeout",
        "20",
        "--continue-on-failure",
        "--suppress-health-check",
        "all",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""}
    finished = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT_SECONDS,
        env=env,
        cwd=report.parent,  # schemathesis keeps a cache in its working directory
        check=False,
    )
    if not report.exists():
        raise AssertionError(f"schemathesis did not run:\n{finished.stdout}\n{finished.stderr}")
    result = json.loads(report.read_text(encoding="utf-8"))
    result["output"] = finished.stdout[-20000:]
    return result


def test_api_conforms_to_its_openapi_document(live_server, world, tmp_path):
    complete_world(world)
    _, token = issue_test_token(world.user(Role.SUPERVISOR), name="schemathesis")
    result = run_schemathesis(live_server.url, token, tmp_path / "report.json")
    cases = result["test_cases"]["generated"]
    failures = {f["title"]: f["count"] for f in result["failures"]}
    print(  # the figures, for the record (pytest -s)
        f"schemathesis: {cases} cases in {result['running_time']:.1f} s; "
        f"failures {failures}; errors {result['errors']}"
    )
    assert result["operations"]["tested"] >= 10, result["operations"]
    assert cases > 100 * MAX_EXAMPLES // 25
    assert not result["errors"], result["output"]
    assert not failures, result["output"]
