"""The staff workload of the concurrency benchmark (issue 7, item 12), shared by
bench/concurrency_bench.py (over HTTP) and bench/request_cost.py (in process).

Four requests, as a staff member's browser and tools send them:

- ``case``: the case page (HTML, logged-in session), ``GET /staff/cases/<id>/``;
- ``search``: ``GET /api/v1/persons?q=`` with a Bearer token;
- ``match``: duplicate candidates, ``POST /api/v1/persons/match`` with a Bearer token;
- ``intake``: the intake screen's autosave, ``POST /staff/intake/<id>/autosave/`` (session,
  CSRF token), on a draft intake the client started once.

Fixtures, idempotent: one スーパーバイザー per client (``bench-staff-NN``, fresh password, TOTP
enrolled; a user of its own, so that 20 logins do not spend one TOTP code) in the first
municipality by code, an API token for each, and the municipality's default intake sheet.
"""

from __future__ import annotations

import http.client
import json
import random
from dataclasses import dataclass, field
from urllib.parse import quote

from _staff_session import CSRF_INPUT, Browser, login
from case_page_bench import bench_user, sample_cases
from search_bench import SEARCHES

REQUESTS = ("case", "search", "match", "intake")
MATCH_FIELDS = ("family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date")
# A field of the default sheet that holds no name (the log records field names only anyway).
INTAKE_FIELD = "consulter_situation"


@dataclass
class Staff:
    username: str
    password: str
    totp_secret: str
    token: str


@dataclass
class Mix:
    municipality_code: str
    persons_in_home: int
    staff: list[Staff]
    case_ids: list[int]
    match_bodies: list[dict]
    window_id: int
    rng: random.Random = field(default_factory=lambda: random.Random(1))

    @classmethod
    def prepare(cls, *, seed: int, clients: int = 1, cases: int = 200) -> Mix:
        from tsunagu.accounts.tokens import issue_token
        from tsunagu.intake.form_services import install_default_sheet
        from tsunagu.people.models import Person
        from tsunagu.tenancy.models import Municipality, Window

        home = Municipality.objects.order_by("code").first()
        install_default_sheet(home)
        staff = []
        for i in range(1, clients + 1):
            user, password, secret = bench_user(home, f"bench-staff-{i:02d}")
            staff.append(Staff(user.username, password, secret, issue_token(user, "bench").raw))
        rng = random.Random(seed)
        persons = list(
            Person.objects.in_municipality(home)
            .exclude(birth_date=None)
            .order_by("pk")
            .values(*MATCH_FIELDS)[:2000]
        )
        bodies = [
            {**{k: str(v or "") for k, v in p.items()}, "municipality_code": home.code}
            for p in rng.sample(persons, min(200, len(persons)))
        ]
        return cls(
            municipality_code=home.code,
            persons_in_home=Person.objects.in_municipality(home).count(),
            staff=staff,
            case_ids=sample_cases(home, cases, seed, None),
            match_bodies=bodies,
            window_id=Window.objects.filter(municipality=home).order_by("pk").first().pk,
            rng=rng,
        )

    def paths(self, rng: random.Random) -> dict[str, str]:
        return {
            "case": f"/staff/cases/{rng.choice(self.case_ids)}/",
            "search": f"/api/v1/persons?q={quote(rng.choice(SEARCHES))}",
        }

    # In process (bench/request_cost.py) -------------------------------------------------------

    def django_client(self):
        from django.test import Client

        from tsunagu.accounts.models import User

        client = Client()
        client.force_login(User.objects.get(username=self.staff[0].username))
        return client

    def in_process_calls(self, client) -> dict:
        """name → a function sending that request once with the test Client (asserting 200):
        the pages with the logged-in client, the API with a client without cookies."""
        from django.test import Client

        api = Client()
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {self.staff[0].token}"}
        rng = self.rng
        response = client.post("/staff/intake/new/", {"window": self.window_id})
        assert response.status_code == 302, response.status_code
        autosave = response["Location"].rstrip("/") + "/autosave/"

        def ok(response):
            assert response.status_code == 200, (response.status_code, response.content[:300])

        return {
            # the fixed cost of an API call alone: the token, no personal data, no audit entry
            "me": lambda: ok(api.get("/api/v1/me", **bearer)),
            "case": lambda: ok(client.get(self.paths(rng)["case"])),
            "search": lambda: ok(api.get(self.paths(rng)["search"], **bearer)),
            "match": lambda: ok(
                api.post(
                    "/api/v1/persons/match",
                    json.dumps(rng.choice(self.match_bodies)),
                    content_type="application/json",
                    **bearer,
                )
            ),
            "intake": lambda: ok(
                client.post(autosave, {f"f-{INTAKE_FIELD}": f"様子を聞いた {rng.random()}"})
            ),
        }


class StaffClient:
    """One staff member over HTTP: a logged-in browser session (case page, intake autosave) and
    a keep-alive connection with the Bearer token (search, duplicate candidates)."""

    def __init__(self, port: int, mix: Mix, staff: Staff, seed: int) -> None:
        self.mix = mix
        self.rng = random.Random(seed)
        self.browser = Browser(port)
        login(self.browser, staff.username, staff.password, staff.totp_secret)
        self.api = Browser(port)
        self.bearer = {"Authorization": f"Bearer {staff.token}"}
        status, headers, _ = self.browser.form("/staff/intake/new/", {"window": mix.window_id})
        assert status == 302, status
        detail = headers["Location"]
        status, _, page = self.browser.request("GET", detail)
        assert status == 200, (detail, status)
        self.csrf = CSRF_INPUT.search(page.decode()).group(1)
        self.autosave = detail.rstrip("/") + "/autosave/"

    def send(self, name: str) -> int:
        """Send one request of this kind; its HTTP status. When the server has closed the idle
        keep-alive connection (gthread workers do after a few seconds), once more on a new
        connection, as a browser does."""
        try:
            return self._send(name)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.reconnect()
            return self._send(name)

    def _send(self, name: str) -> int:
        if name in ("case", "search"):
            path = self.mix.paths(self.rng)[name]
            if name == "case":
                return self.browser.request("GET", path)[0]
            return self._api("GET", path)
        if name == "match":
            return self._api(
                "POST", "/api/v1/persons/match", self.rng.choice(self.mix.match_bodies)
            )
        form = {"csrfmiddlewaretoken": self.csrf,
                f"f-{INTAKE_FIELD}": f"様子を聞いた {self.rng.random()}"}  # fmt: skip
        return self.browser.request("POST", self.autosave, form)[0]

    def reconnect(self) -> None:
        """After a broken connection: the next request opens a new one."""
        self.browser.conn.close()
        self.api.conn.close()

    def _api(self, method: str, path: str, body: dict | None = None) -> int:
        conn = self.api.conn
        headers = {**self.bearer, "Content-Type": "application/json"}
        conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
