"""A local stand-in for the LINE Messaging API, for tests: a real HTTP server (http.server in a
thread on 127.0.0.1) that checks every request the way the API reference defines it and answers
as LINE does.

Checked: the path (broadcast, multicast), ``Authorization: Bearer <channel access token>``, a
JSON body, ``messages`` of 1–5 message objects, text messages of 1–5,000 characters, multicast
``to`` of 1–500 user ids, no ``to`` on a broadcast, and ``X-Line-Retry-Key`` a UUID. A request
that breaks the contract is answered 400 and listed in ``violations``.

Answers: 200 with ``X-Line-Request-Id``; a retry key already accepted is answered 409 with
``X-Line-Accepted-Request-Id`` (and not posted again); ``script`` queues other answers for the
next requests (``"429"``, ``"500"``, or ``"lost"``: accept and post, then answer 500, as when
the answer is lost on the way back).
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PATHS = {"/v2/bot/message/broadcast": "broadcast", "/v2/bot/message/multicast": "multicast"}
MAX_MESSAGES = 5
MAX_TEXT = 5000
MAX_TO = 500


@dataclass
class LineContractServer:
    token: str
    posts: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    script: list[str] = field(default_factory=list)
    accepted: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> LineContractServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def check(self, kind: str, headers: Any, body: bytes) -> tuple[list[str], dict]:
        problems = []
        if headers.get("Authorization") != f"Bearer {self.token}":
            problems.append("Authorization is not 'Bearer <channel access token>'")
        if not (headers.get("Content-Type") or "").startswith("application/json"):
            problems.append("Content-Type is not application/json")
        try:
            uuid.UUID(headers.get("X-Line-Retry-Key") or "")
        except ValueError:
            problems.append("X-Line-Retry-Key is not a UUID")
        try:
            data = json.loads(body)
        except ValueError:
            return [*problems, "body is not JSON"], {}
        messages = data.get("messages")
        if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_MESSAGES:
            problems.append("messages must hold 1 to 5 message objects")
        for message in messages or []:
            text = message.get("text")
            if message.get("type") != "text" or not isinstance(text, str):
                problems.append("a message is not a text message")
            elif not 1 <= len(text) <= MAX_TEXT:
                problems.append(f"text has {len(text)} characters (1–5000)")
        to = data.get("to")
        if kind == "multicast" and (not isinstance(to, list) or not 1 <= len(to) <= MAX_TO):
            problems.append("multicast 'to' must hold 1 to 500 user ids")
        if kind == "broadcast" and to is not None:
            problems.append("broadcast has no 'to'")
        return problems, data

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet test output
                pass

            def _answer(self, status: int, body: dict, headers: dict[str, str] = {}) -> None:  # noqa: B006
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                kind = PATHS.get(self.path)
                if kind is None:
                    return self._answer(404, {"message": "Not found"})
                problems, data = server.check(kind, self.headers, body)
                key = self.headers.get("X-Line-Retry-Key", "")
                with server._lock:
                    server.requests.append({"kind": kind, "key": key, "body": data})
                    if problems:
                        server.violations += problems
                        return self._answer(400, {"message": "; ".join(problems)})
                    if key in server.accepted:
                        return self._answer(
                            409,
                            {"message": "The retry key is already accepted"},
                            {"X-Line-Accepted-Request-Id": server.accepted[key]},
                        )
                    step = server.script.pop(0) if server.script else "ok"
                    if step == "429":
                        return self._answer(429, {"message": "Too many requests"})
                    if step == "500":
                        return self._answer(500, {"message": "Internal server error"})
                    request_id = str(uuid.uuid4())
                    server.accepted[key] = request_id
                    server.posts.append({"kind": kind, "key": key, "body": data})
                if step == "lost":
                    return self._answer(500, {"message": "Internal server error"})
                return self._answer(200, {}, {"X-Line-Request-Id": request_id})

        return Handler
