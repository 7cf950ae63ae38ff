"""A local stand-in for the X API v2 ``POST /2/tweets``, for tests: a real HTTP server
(http.server in a thread on 127.0.0.1) that checks every request the way the API defines it and
answers as X does.

Checked: the path, ``Authorization: Bearer <user access token>`` (another token: 401), a JSON
body whose only field is ``text``, a text of 1–280 by X's weighted count (characters of the
Latin ranges 1, others 2, a URL 23). A request that breaks the contract is answered 400 and
listed in ``violations``.

Answers: 201 with ``{"data": {"id", "text"}}``; the text of an earlier post is refused with 403
"duplicate content", as X refuses a repeated post; ``script`` queues other answers for the next
requests (``"429"``, ``"503"``, or ``"lost"``: post, then answer 503, as when the answer is lost
on the way back).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LIMIT = 280
_URL = re.compile(r"https?://\S+")
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def _weight(text: str) -> int:
    plain = _URL.sub("", text)
    urls = len(_URL.findall(text))
    return urls * 23 + sum(1 if any(a <= ord(c) <= b for a, b in _LIGHT) else 2 for c in plain)


@dataclass
class XContractServer:
    token: str
    posts: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    script: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> XContractServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, path: str, headers: Any, body: bytes) -> tuple[int, dict[str, str], Any]:
        if path != "/2/tweets":
            return 404, {}, {"title": "Not Found"}
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {}, {"title": "Unauthorized", "status": 401}
        problems = []
        if not (headers.get("Content-Type") or "").startswith("application/json"):
            problems.append("Content-Type is not application/json")
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if not isinstance(data, dict) or set(data) != {"text"} or not isinstance(data["text"], str):
            problems.append('the body is not {"text": ...}')
        elif not 1 <= _weight(data["text"]) <= LIMIT:
            problems.append(f"text weighs {_weight(data['text'])} (1–{LIMIT})")
        if problems:
            self.violations.extend(problems)
            return 400, {}, {"title": "Invalid Request", "errors": problems}
        step = self.script.pop(0) if self.script else ""
        if step == "429":
            return 429, {"x-rate-limit-reset": "1"}, {"title": "Too Many Requests"}
        if step == "503":
            return 503, {}, {"title": "Service Unavailable"}
        if any(p["text"] == data["text"] for p in self.posts):
            detail = "You are not allowed to create a Tweet with duplicate content."
            return 403, {}, {"detail": detail, "title": "Forbidden", "status": 403}
        post = {"id": str(1800000000000000000 + len(self.posts)), "text": data["text"]}
        self.posts.append(post)
        if step == "lost":
            return 503, {}, {"title": "Service Unavailable"}
        return 201, {}, {"data": post}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with server._lock:
                    server.requests.append({"path": self.path, "body": body})
                    status, headers, payload = server.answer(self.path, self.headers, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        return Handler
