"""A staff session over real HTTP for the benchmarks: http.client with a cookie jar, and the
real login (password, then the current TOTP code), as a browser would do it."""

from __future__ import annotations

import http.client
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

LOGIN_URL = "/accounts/login/"
MFA_URL = "/accounts/2fa/authenticate/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """http.client with a cookie jar: what a browser sends, nothing more."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, data

    def form(self, path: str, fields: dict, page: bytes | None = None):
        """POST fields to path with the CSRF token of page (GET path when not given)."""
        if page is None:
            status, _, page = self.request("GET", path)
            assert status == 200, (path, status)
        token = CSRF_INPUT.search(page.decode()).group(1)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields})


def totp_code(secret: str, at: float | None = None) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time() if at is None else at) // 30))


def login(browser: Browser, username: str, password: str, secret: str) -> list[str]:
    """The real login: password, then TOTP. Returns the steps taken (for the report)."""
    steps = []
    status, headers, _ = browser.form(LOGIN_URL, {"login": username, "password": password})
    steps.append(f"POST {LOGIN_URL} {status} → {headers.get('Location')}")
    assert status == 302 and headers["Location"] == MFA_URL, steps
    for _ in range(3):
        status, _, page = browser.request("GET", MFA_URL)
        assert status == 200, (MFA_URL, status)
        status, headers, _ = browser.form(MFA_URL, {"code": totp_code(secret)}, page)
        steps.append(f"POST {MFA_URL} {status} → {headers.get('Location')}")
        if status == 302:
            break
        # The code of this period was spent (a re-run within 90 s with a shared cache): wait.
        time.sleep(30 - time.time() % 30 + 1)
    else:
        raise AssertionError(steps)
    status, _, _ = browser.request("GET", headers["Location"])
    steps.append(f"GET {headers['Location']} {status}")
    assert status == 200, steps
    assert "sessionid" in browser.cookies
    return steps
