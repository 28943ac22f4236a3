"""A local fake of the few GitHub REST endpoints the sync uses (tests only).

``GET /repos/o/r/issues`` (state, labels, per_page, page; ``Link: rel="next"``), ``POST`` issues and
comments, ``PATCH`` an issue, ``GET``/``POST`` labels. ``rate_limits`` queues answers to give before the next request:
(status, headers). Every request is recorded in ``requests``.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "test-token"


@dataclass
class FakeGitHub:
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[str]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    rate_limits: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    url: str = ""
    labels: set[str] = field(default_factory=set)
    """Labels the repository has; like GitHub for a token without push access, an issue is created
    without the labels the repository lacks."""

    def add(self, title: str, body: str, labels: list[str], state: str = "open", *, pull: bool = False) -> int:
        number = len(self.issues) + 1
        issue: dict[str, Any] = {"number": number, "title": title, "body": body, "state": state,
                                 "labels": [{"name": n} for n in labels]}
        if pull:
            issue["pull_request"] = {"url": "x"}
        self.issues[number] = issue
        return number

    def open_titles(self) -> list[str]:
        return sorted(i["title"] for i in self.issues.values() if i["state"] == "open")


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, data: Any = None, headers: dict[str, str] | None = None) -> None:
            body = b"" if data is None else json.dumps(data).encode("utf-8")
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _gate(self) -> bool:
            fake.requests.append((self.command, self.path))
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._send(401, {"message": "Bad credentials"})
                return False
            if fake.rate_limits:
                status, headers = fake.rate_limits.pop(0)
                self._send(status, {"message": "API rate limit exceeded"}, headers)
                return False
            return True

        def _payload(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length", "0"))
            data = json.loads(self.rfile.read(length) or b"{}")
            assert isinstance(data, dict)
            return data

        def do_GET(self) -> None:
            if not self._gate():
                return
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            if parts.path == "/repos/o/r/labels":
                self._send(200, [{"name": name} for name in sorted(fake.labels)])
                return
            assert parts.path == "/repos/o/r/issues", parts.path
            assert query.get("state") == "all"  # closed issues must be found too
            wanted = set(filter(None, query.get("labels", "").split(",")))
            found = [i for _, i in sorted(fake.issues.items())
                     if wanted <= {label["name"] for label in i["labels"]}]
            per_page, page = int(query.get("per_page", "30")), int(query.get("page", "1"))
            chunk = found[(page - 1) * per_page: page * per_page]
            headers = {}
            if page * per_page < len(found):
                nxt = urllib.parse.urlencode({**query, "page": str(page + 1)})
                headers["Link"] = f'<{fake.url}{parts.path}?{nxt}>; rel="next", <{fake.url}/x>; rel="last"'
            self._send(200, chunk, headers)

        def do_POST(self) -> None:
            if not self._gate():
                return
            data = self._payload()
            segments = self.path.strip("/").split("/")
            if segments == ["repos", "o", "r", "labels"]:
                fake.labels.add(data["name"])
                self._send(201, {"name": data["name"]})
            elif segments == ["repos", "o", "r", "issues"]:
                kept = [n for n in data.get("labels", []) if n in fake.labels]
                number = fake.add(data["title"], data["body"], kept)
                self._send(201, fake.issues[number])
            elif len(segments) == 6 and segments[5] == "comments":
                fake.comments.setdefault(int(segments[4]), []).append(data["body"])
                self._send(201, {"id": 1})
            else:
                self._send(404, {"message": "Not Found"})

        def do_PATCH(self) -> None:
            if not self._gate():
                return
            data = self._payload()
            number = int(self.path.strip("/").split("/")[4])
            issue = fake.issues[number]
            for key in ("title", "body", "state"):
                if key in data:
                    issue[key] = data[key]
            if "labels" in data:
                issue["labels"] = [{"name": n} for n in data["labels"] if n in fake.labels]
            self._send(200, issue)

    return Handler


@contextmanager
def serve() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
