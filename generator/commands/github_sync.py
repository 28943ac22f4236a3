"""GitHub issues for follow-up actions and link reports: the REST edge of the control loop.

Two halves. :func:`plan` is pure: the actions due and the issues that exist in, the operations
out (create, comment, update), so the rules are tested without a network. :class:`GitHub` is a
small client of the few REST endpoints used (list issues with ``state=all`` and pagination by
``Link`` headers, create, comment, update; list and create labels); never the search API, whose
index lags behind.

An issue belongs to a key through a hidden marker in its body,
``<!-- kerjasama:<jenis> kunci=<key> sidik=<digest> -->``, and a label (``tindak-lanjut``), so a
title edited by hand does not break the link. The digest of the facts decides whether an open
issue gets a comment. A closed issue whose key is due again is reopened, never duplicated.

Rate limits: a 403/429 answer with ``retry-after`` or ``x-ratelimit-remaining: 0`` is waited out
when the wait is short (``max_wait`` seconds), then retried; otherwise :class:`SyncError` says
so in Indonesian and the run fails clearly.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.derive.followup import REASON_LABELS, Action

LABEL = "tindak-lanjut"
LINK_LABEL = "periksa-tautan"
FOLLOWUP_KIND = "tindak-lanjut"
LINK_KIND = "periksa-tautan"
LINK_KEY = "laporan"
_MARKER = re.compile(r"<!-- kerjasama:(?P<kind>[a-z-]+) kunci=(?P<key>\S+) sidik=(?P<digest>[0-9a-f]*) -->")
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')
RATE_LIMIT_STATUSES = frozenset({403, 429})


class SyncError(Exception):
    """The sync cannot go on (rate limit, refused token, unexpected answer); message in Indonesian."""


def marker(kind: str, key: str, digest: str) -> str:
    return f"<!-- kerjasama:{kind} kunci={key} sidik={digest} -->"


def read_marker(body: str | None, kind: str) -> tuple[str, str] | None:
    """(key, digest) of the first marker of this kind in an issue body."""
    for found in _MARKER.finditer(body or ""):
        if found["kind"] == kind:
            return found["key"], found["digest"]
    return None


@dataclass(frozen=True)
class Issue:
    number: int
    state: str
    title: str
    body: str
    labels: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Issue:
        labels = tuple(str(label["name"]) for label in data.get("labels", ()) if isinstance(label, Mapping))
        return cls(int(data["number"]), str(data["state"]), str(data.get("title") or ""), str(data.get("body") or ""),
                   labels)


@dataclass(frozen=True)
class Operation:
    """One write to GitHub: ``create`` (no number), ``comment`` or ``update`` of an issue."""

    kind: str
    key: str
    number: int | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)


def labels_for(action: Action) -> list[str]:
    return [LABEL, f"alasan:{action.reason}", f"unit:{action.unit}"]


def issue_body(action: Action) -> str:
    return f"{action.body}\n\n{marker(FOLLOWUP_KIND, action.key, action.digest)}\n"


def index_issues(issues: Iterable[Issue], kind: str = FOLLOWUP_KIND) -> dict[str, tuple[Issue, str]]:
    """The issue of each key (the lowest number when a key was found twice) and its stored digest."""
    found: dict[str, tuple[Issue, str]] = {}
    for issue in sorted(issues, key=lambda i: i.number):
        mark = read_marker(issue.body, kind)
        if mark is not None and mark[0] not in found:
            found[mark[0]] = (issue, mark[1])
    return found


def plan(due: Sequence[Action], issues: Iterable[Issue]) -> list[Operation]:
    """The writes that make GitHub's issues match the actions due (pure)."""
    existing = index_issues(issues)
    ops: list[Operation] = []
    wanted = {action.key for action in due}
    for action in due:
        body, labels = issue_body(action), labels_for(action)
        if action.key not in existing:
            ops.append(Operation("create", action.key, None, {"title": action.title, "body": body, "labels": labels}))
            continue
        issue, digest = existing[action.key]
        labels = _merged_labels(issue, labels)
        if issue.state != "open":
            ops.append(Operation("update", action.key, issue.number,
                                 {"state": "open", "title": action.title, "body": body, "labels": labels}))
            ops.append(Operation("comment", action.key, issue.number, {"body": _reopened(action)}))
        elif digest != action.digest:
            ops.append(Operation("comment", action.key, issue.number, {"body": _changed(action)}))
            ops.append(Operation("update", action.key, issue.number,
                                 {"title": action.title, "body": body, "labels": labels}))
    for key, (issue, _) in sorted(existing.items()):
        if key not in wanted and issue.state == "open":
            ops.append(Operation("comment", key, issue.number, {"body": _resolved(key)}))
            ops.append(Operation("update", key, issue.number, {"state": "closed", "state_reason": "completed"}))
    return ops


def _merged_labels(issue: Issue, ours: list[str]) -> list[str]:
    """Our labels, plus any label people added by hand (ours are replaced, theirs kept)."""
    theirs = [name for name in issue.labels if name != LABEL and not name.startswith(("alasan:", "unit:"))]
    return ours + sorted(theirs)


def _changed(action: Action) -> str:
    return ("**Fakta berubah.** Data naskah berubah sejak isu ini dibuat atau terakhir diperbarui; isi isu sudah "
            f"diperbarui.\n\n{action.body}")


def _reopened(action: Action) -> str:
    return (f"**Dibuka kembali.** Tindakan ini jatuh tempo lagi ({REASON_LABELS[action.reason].lower()}).\n\n"
            f"{action.body}")


def _resolved(key: str) -> str:
    return (f"**Selesai.** Tindakan `{key}` tidak lagi diperlukan menurut data register terbaru "
            "(data sudah diperbaiki, atau naskah tidak lagi memenuhi alasan ini). Isu ditutup otomatis; "
            "bila tindakan jatuh tempo lagi, isu ini dibuka kembali.")


# --- the REST client ---------------------------------------------------------------------------
Sleep = Callable[[float], None]
Clock = Callable[[], float]


@dataclass
class GitHub:
    """The few REST endpoints the sync needs, with pagination and bounded rate-limit waits."""

    repo: str
    token: str
    api_url: str = "https://api.github.com"
    max_wait: float = 60.0
    """Longest wait for a rate limit to lift before giving up (seconds)."""
    attempts: int = 3
    sleep: Sleep = time.sleep
    clock: Clock = time.time
    timeout: float = 30.0
    calls: list[tuple[str, str]] = field(default_factory=list)

    def _request(self, method: str, url: str, payload: Mapping[str, Any] | None = None) -> tuple[Any, str]:
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(url, data=data, method=method, headers={  # noqa: S310 - https API URL from config
                "Accept": "application/vnd.github+json", "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28", "Content-Type": "application/json",
                "User-Agent": "kerjasama-register"})
            self.calls.append((method, url))
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - see above
                    text = response.read().decode("utf-8")
                    return (json.loads(text) if text else None), response.headers.get("Link", "")
            except urllib.error.HTTPError as exc:
                wait = self._rate_limit_wait(exc)
                if wait is None:
                    detail = exc.read().decode("utf-8", "replace")[:300]
                    raise SyncError(f"GitHub menolak {method} {_path(url)}: HTTP {exc.code} {detail}") from exc
                if wait > self.max_wait or attempt == self.attempts:
                    raise SyncError(f"batas laju GitHub tercapai pada {method} {_path(url)} (HTTP {exc.code}); "
                                    f"perlu menunggu {wait:.0f} detik, batas tunggu {self.max_wait:.0f} detik. "
                                    "Jalankan ulang alur kerja nanti.") from exc
                self.sleep(wait)
            except urllib.error.URLError as exc:
                raise SyncError(f"GitHub tidak dapat dihubungi ({_path(url)}): {exc.reason}") from exc
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _rate_limit_wait(self, exc: urllib.error.HTTPError) -> float | None:
        """Seconds to wait when the answer is a rate limit; None for any other refusal."""
        if exc.code not in RATE_LIMIT_STATUSES:
            return None
        headers = exc.headers
        retry_after = headers.get("retry-after")
        if retry_after is not None and retry_after.strip().isdigit():
            return float(retry_after.strip())
        if headers.get("x-ratelimit-remaining") == "0":
            reset = headers.get("x-ratelimit-reset", "")
            if reset.strip().isdigit():
                return max(0.0, float(reset) - self.clock()) + 1.0
            return 60.0
        return None

    def _url(self, path: str, query: Mapping[str, str] | None = None) -> str:
        url = f"{self.api_url.rstrip('/')}/repos/{self.repo}{path}"
        return f"{url}?{urllib.parse.urlencode(query)}" if query else url

    def issues(self, label: str) -> Iterator[Issue]:
        """Every issue (open and closed) with the label, following ``Link: rel="next"``."""
        url: str | None = self._url("/issues", {"state": "all", "labels": label, "per_page": "100"})
        while url:
            page, link = self._request("GET", url)
            for item in page or ():
                if "pull_request" not in item:
                    yield Issue.from_api(item)
            url = self._next(link)

    def _next(self, link: str) -> str | None:
        """The ``rel="next"`` page, only on the API's own host (the token goes with every request)."""
        found = _NEXT.search(link or "")
        if found is None:
            return None
        if not found.group(1).startswith(self.api_url.rstrip("/") + "/"):
            raise SyncError(f"GitHub memberi halaman berikut di alamat lain: {found.group(1)}")
        return found.group(1)

    def labels(self) -> set[str]:
        """Names of the repository's labels (every page)."""
        names: set[str] = set()
        url: str | None = self._url("/labels", {"per_page": "100"})
        while url:
            page, link = self._request("GET", url)
            names.update(str(item["name"]) for item in page or ())
            url = self._next(link)
        return names

    def create_label(self, name: str) -> None:
        self._request("POST", self._url("/labels"), {"name": name, "color": _label_colour(name)})

    def ensure_labels(self, ops: Iterable[Operation]) -> None:
        """Create the labels the operations set that the repository lacks: GitHub drops an unknown
        label silently for a token without push access, and an issue without its label would not be
        listed the next day (and be created again)."""
        wanted = {str(label) for op in ops for label in op.payload.get("labels", ())}
        for name in sorted(wanted - self.labels()) if wanted else ():
            self.create_label(name)

    def create(self, payload: Mapping[str, Any]) -> int:
        data, _ = self._request("POST", self._url("/issues"), payload)
        return int(data["number"])

    def comment(self, number: int, body: str) -> None:
        self._request("POST", self._url(f"/issues/{number}/comments"), {"body": body})

    def update(self, number: int, payload: Mapping[str, Any]) -> None:
        self._request("PATCH", self._url(f"/issues/{number}"), payload)

    def apply(self, ops: Iterable[Operation]) -> None:
        for op in ops:
            if op.kind == "create":
                self.create(op.payload)
            elif op.kind == "comment" and op.number is not None:
                self.comment(op.number, str(op.payload["body"]))
            elif op.kind == "update" and op.number is not None:
                self.update(op.number, op.payload)
            else:
                raise ValueError(f"unknown operation {op}")


_LABEL_COLOURS = {LABEL: "d93f0b", LINK_LABEL: "b60205", "alasan": "fbca04", "unit": "0e8a16"}


def _label_colour(name: str) -> str:
    return _LABEL_COLOURS.get(name, _LABEL_COLOURS.get(name.partition(":")[0], "ededed"))


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path


def sync_followups(client: GitHub, due: Sequence[Action]) -> list[Operation]:
    """Make the follow-up issues match ``due``; the operations done."""
    ops = plan(due, client.issues(LABEL))
    client.ensure_labels(ops)
    client.apply(ops)
    return ops


def sync_report(client: GitHub, title: str, body: str, *, problems: bool) -> list[Operation]:
    """Keep one marker issue for the link report: open with the report while links fail, else closed.

    Body changes are posted as a comment so the history of broken links stays readable.
    """
    digest = _digest(body)
    full = f"{body}\n\n{marker(LINK_KIND, LINK_KEY, digest)}\n"
    existing = index_issues(client.issues(LINK_LABEL), LINK_KIND).get(LINK_KEY)
    ops: list[Operation] = []
    if existing is None:
        if problems:
            ops.append(Operation("create", LINK_KEY, None, {"title": title, "body": full, "labels": [LINK_LABEL]}))
    else:
        issue, stored = existing
        if problems and (issue.state != "open" or stored != digest):
            ops.append(Operation("update", LINK_KEY, issue.number, {"state": "open", "title": title, "body": full}))
            ops.append(Operation("comment", LINK_KEY, issue.number, {"body": body}))
        elif not problems and issue.state == "open":
            ops.append(Operation("comment", LINK_KEY, issue.number,
                                 {"body": "**Selesai.** Semua tautan sumber dan dokumen dapat dibuka lagi."}))
            ops.append(Operation("update", LINK_KEY, issue.number,
                                 {"state": "closed", "state_reason": "completed", "body": full}))
    client.ensure_labels(ops)
    client.apply(ops)
    return ops


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
