"""Per-agreement change history, read from the git repository that holds the register.

For each agreement file: every commit that touched it (one ``git log --name-status`` over the
register's folder, following renames back in time), with its date, short hash and subject, and
which top-level fields changed compared with the previous version (both versions read with
the strict YAML reader). Git runs with a fixed argument list and no shell, twice per build
(``git log`` and one ``git cat-file --batch``); the repository must have its ``.git`` at the
project root, so a copy of the project inside some other repository never borrows that repository's history.

Outside a git checkout (or without git) the history is *unavailable*, a value like any other:
the build goes on and the pages say so.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from generator.clock import WIB
from generator.project import Project
from generator.read.record import Record
from generator.read.yamlstrict import read_text

GIT_TIMEOUT = 120
_RECORD, _FIELD = "\x1e", "\x1f"
_LOG_FORMAT = "--format=" + "%x1e%H%x1f%h%x1f%cI%x1f%s"
# Variables that would point git at another repository than the project's.
_GIT_ENV_DROP = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")


@dataclass(frozen=True)
class Change:
    """One commit that touched one agreement file."""

    commit: str
    short: str
    committed: dt.datetime
    subject: str
    path: str
    created: bool = False
    """True for the first commit of the file (the agreement was added)."""
    fields: tuple[str, ...] = ()
    """Top-level fields whose value differs from the previous version, sorted."""
    readable: bool = True
    """False when this version (or the previous one) could not be read, so ``fields`` is unknown."""

    @property
    def day(self) -> dt.date:
        """Commit date in Asia/Jakarta."""
        return self.committed.astimezone(WIB).date()


def _lower_first(text: str) -> str:
    """``Tanggal berakhir`` -> ``tanggal berakhir``; an acronym (``DPRD ...``) keeps its case."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " dan " + items[-1]


def describe(change: Change, title: Callable[[str], str]) -> str:
    """What the change did to the agreement's data, in plain Indonesian for the public.

    Never the commit subject, which is developer text in whatever language its author wrote;
    ``title`` names a top-level field as the schema's title does (``tanggal_berakhir`` ->
    ``Tanggal berakhir``).
    """
    if change.created:
        return "Naskah dicatat dalam register."
    if not change.readable:
        return "Data diperbarui; bagian yang berubah tidak dapat ditentukan."
    if not change.fields:
        return "Penulisan berkas dirapikan; isi data tidak berubah."
    return f"Diperbarui: {_join([_field_words(name, title) for name in change.fields])}."


def _field_words(name: str, title: Callable[[str], str]) -> str:
    try:
        return _lower_first(title(name))
    except KeyError:  # a field an older version of the schema had
        return name.replace("_", " ")


@dataclass(frozen=True)
class AgreementHistory:
    """Every recorded change of one agreement, newest first."""

    id: str
    changes: tuple[Change, ...] = ()

    @property
    def last(self) -> Change | None:
        return self.changes[0] if self.changes else None

    @property
    def first(self) -> Change | None:
        return self.changes[-1] if self.changes else None


@dataclass(frozen=True)
class History:
    """Histories by agreement id, with whether git history could be read at all."""

    available: bool
    reason: str = ""
    """Why the history is unavailable or incomplete (Indonesian, shown on the site)."""
    complete: bool = True
    """False in a shallow clone: older commits are missing."""
    entries: Mapping[str, AgreementHistory] = field(default_factory=dict)

    def of(self, record_id: str) -> AgreementHistory:
        return self.entries.get(record_id) or AgreementHistory(record_id)

    def recent(self, limit: int = 10) -> list[tuple[str, Change]]:
        """Latest changes across the register, newest first (ties by id for a stable order)."""
        flat = [(rid, change) for rid, h in self.entries.items() for change in h.changes]
        flat.sort(key=lambda item: (-item[1].committed.timestamp(), item[0], item[1].commit))
        return flat[:limit]


UNAVAILABLE = History(False, "Riwayat perubahan tidak tersedia: situs ini dibangun di luar repositori git.")


# --- running git --------------------------------------------------------------------------------
class GitError(Exception):
    """git is missing, failed or is not usable for this project."""


def _git_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_ENV_DROP}
    env.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat",
               GIT_CEILING_DIRECTORIES=str(root.resolve().parent))
    return env


def _git(root: Path, args: Sequence[str], stdin: bytes | None = None) -> bytes:
    command = ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args]
    try:
        done = subprocess.run(command, cwd=root, env=_git_env(root), input=stdin, capture_output=True,  # noqa: S603
                              timeout=GIT_TIMEOUT, check=False)  # fixed argv, no shell
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(str(exc)) from exc
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def _toplevel(root: Path) -> Path:
    top = Path(_git(root, ["rev-parse", "--show-toplevel"]).decode("utf-8").strip()).resolve()
    if top != root.resolve():
        raise GitError(f"{root} is not the top of its repository ({top})")
    return top


# --- parsing ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Commit:
    commit: str
    short: str
    committed: dt.datetime
    subject: str
    path: str


@dataclass(frozen=True)
class _Touch:
    """One file touched by one commit: ``A``dded, ``M``odified, ``D``eleted or ``R``enamed from ``old``."""

    status: str
    path: str
    old: str | None = None


def parse_log(output: str) -> list[tuple[_Commit, list[_Touch]]]:
    """Parse ``git log --name-status`` output made with :data:`_LOG_FORMAT`, newest first."""
    commits = []
    for chunk in output.split(_RECORD):
        header, _, rest = chunk.partition("\n")
        parts = header.split(_FIELD)
        if len(parts) != 4:
            continue
        commit, short, date, subject = parts
        touches = []
        for line in rest.splitlines():
            fields = line.split("\t")
            if len(fields) == 3 and fields[0].startswith("R"):
                touches.append(_Touch("R", fields[2], fields[1]))
            elif len(fields) == 2 and fields[0][:1] in {"A", "M", "D", "T"}:
                touches.append(_Touch(fields[0][:1], fields[1]))
        commits.append((_Commit(commit, short, dt.datetime.fromisoformat(date), subject.strip(), ""), touches))
    return commits


def follow(log: Sequence[tuple[_Commit, Sequence[_Touch]]], current: Mapping[str, str]) -> dict[str, list[_Commit]]:
    """Commits of each file, newest first, following renames back in time.

    ``current`` maps each file's path today to its record id. Walking from the newest commit, a
    rename moves the file to its old path, an addition ends its history.
    """
    tracked = dict(current)
    found: dict[str, list[_Commit]] = {rid: [] for rid in current.values()}
    for commit, touches in log:
        for touch in touches:
            rid = tracked.get(touch.path)
            if rid is None or touch.status == "D":
                continue
            found[rid].append(replace(commit, path=touch.path))
            if touch.status == "A":
                del tracked[touch.path]
            elif touch.status == "R" and touch.old is not None:
                del tracked[touch.path]
                tracked[touch.old] = rid
    return found


def parse_batch(output: bytes, count: int) -> list[bytes | None]:
    """Parse ``git cat-file --batch`` output for ``count`` requests (None for a missing object)."""
    blobs: list[bytes | None] = []
    pos = 0
    for _ in range(count):
        end = output.index(b"\n", pos)
        header = output[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs.append(output[pos:pos + size])
            pos += size + 1
        else:
            blobs.append(None)
    return blobs


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    """Top-level keys whose value was added, removed or changed."""
    return tuple(sorted(k for k in set(old) | set(new) if old.get(k, _MISSING) != new.get(k, _MISSING)))


_MISSING = object()


def _parse_version(blob: bytes | None, path: str) -> Mapping[str, Any] | None:
    if blob is None:
        return None
    parsed = read_text(blob, path)
    return parsed.data if isinstance(parsed.data, dict) else None


def _changes(commits: Sequence[_Commit], blobs: Sequence[bytes | None],
             boundary: frozenset[str] = frozenset()) -> tuple[Change, ...]:
    """Changes newest first from commits newest first and the file's content at each.

    A commit in ``boundary`` (the oldest commit of a shallow clone) shows every file as added
    without being where it was added: its change is neither a creation nor readable.
    """
    out: list[Change] = []
    previous: Mapping[str, Any] | None = None
    for i, (commit, blob) in enumerate(zip(reversed(commits), reversed(blobs), strict=True)):
        data = _parse_version(blob, commit.path)
        created = i == 0 and commit.commit not in boundary
        readable = data is not None and (created or previous is not None)
        fields = changed_fields(previous or {}, data) if readable and data is not None and not created else ()
        out.append(Change(commit.commit, commit.short, commit.committed, commit.subject, commit.path,
                          created=created, fields=fields, readable=readable))
        previous = data
    return tuple(reversed(out))


def _shallow_commits(top: Path) -> frozenset[str]:
    """The boundary commits of a shallow clone (git lists them in ``.git/shallow``)."""
    path = top / _git(top, ["rev-parse", "--git-path", "shallow"]).decode().strip()  # relative to top, or absolute
    try:
        return frozenset(path.read_text(encoding="ascii").split())
    except OSError as exc:
        raise GitError(str(exc)) from exc


# --- the entry point ----------------------------------------------------------------------------
def collect(project: Project, records: Iterable[Record]) -> History:
    """History of every record's file; :data:`UNAVAILABLE` outside a usable git checkout."""
    root = project.root
    if not (root / ".git").exists():
        return UNAVAILABLE
    try:
        top = _toplevel(root)
        shallow = _git(top, ["rev-parse", "--is-shallow-repository"]).decode().strip() == "true"
        boundary = _shallow_commits(top) if shallow else frozenset()
        current = {(root / r.file).resolve().relative_to(top).as_posix(): r.id for r in records}
        folders = sorted({str(PurePosixPath(path).parent) for path in current})
        output = _git(top, ["log", "-M", "--name-status", "--no-color", _LOG_FORMAT, "--", *folders]) if folders else b""
        logs = dict(sorted(follow(parse_log(output.decode("utf-8", "replace")), current).items()))
        requests = [f"{c.commit}:{c.path}" for commits in logs.values() for c in commits]
        blobs = parse_batch(_git(top, ["cat-file", "--batch"], "".join(r + "\n" for r in requests).encode()),
                            len(requests)) if requests else []
    except (GitError, ValueError):
        # The git message may name local paths of the build machine: never publish it.
        return replace(UNAVAILABLE, reason="Riwayat perubahan tidak tersedia: riwayat git tidak dapat dibaca.")
    entries: dict[str, AgreementHistory] = {}
    pos = 0
    for record_id, commits in logs.items():
        entries[record_id] = AgreementHistory(record_id, _changes(commits, blobs[pos:pos + len(commits)], boundary))
        pos += len(commits)
    reason = ("Riwayat tidak lengkap: repositori ini salinan dangkal (shallow clone); "
              "perubahan yang lebih lama tidak terlihat.") if shallow else ""
    return History(True, reason, not shallow, entries)
