"""``kerjasama ringkasan``: what a pull request changes in the register, for the job summary.

Compares the register as it is with a copy of the base branch's ``agreements/`` (the Makefile
extracts it with ``git archive``; this module never calls git). Both sides are read by the
loader and checked by the validator, so a file that stops being valid is reported too.
Output: Markdown in Indonesian (headings and autoescaped HTML tables) for
``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check.validate import Environment, Result, validate
from generator.derive.status import Vocabulary, compute, renewal_start
from generator.project import Project
from generator.read.loader import load_all
from generator.read.record import Record


@dataclass(frozen=True)
class Change:
    """One agreement file that differs between the base branch and the pull request."""

    kind: str  # ditambah | diubah | dihapus
    file: str
    title: str
    before: str  # computed status on the base side ("" when absent or invalid)
    after: str

    @property
    def status_changed(self) -> bool:
        return self.before != self.after


def _by_name(project: Project) -> dict[str, Any]:
    return {Path(item.file).name: item.data for item in load_all(project)}


def _statuses(result: Result, as_of: dt.date, words: Vocabulary) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    renewals: dict[str, list[Record]] = {}
    for record in result.records:
        if record.get("memperpanjang"):
            renewals.setdefault(str(record.get("memperpanjang")), []).append(record)
    for record in result.records:  # as the site computes it: a renewed document ends at its renewal
        renewed = renewals.get(record.id, [])
        status = compute(record, as_of, words=words, renewed=bool(renewed), renewal_start=renewal_start(renewed))
        out[Path(record.file).name] = (status.term.label, record.title)
    return out


def _title(data: Any, fallback: str) -> str:
    return str(data.get("judul")) if isinstance(data, Mapping) and data.get("judul") else fallback


def compare(env: Environment, base_dir: Path, as_of: dt.date) -> tuple[list[Change], Result]:
    """Changes from the base register (``base_dir``) to the current one, and the current result."""
    base_project = Project(env.project.root, register=base_dir)
    base_env = Environment(base_project, env.schema, env.codelists)
    head_result = validate(env, as_of)
    base_result = validate(base_env, as_of)
    before, after = _by_name(base_project), _by_name(env.project)
    words = Vocabulary.from_codelists(env.codelists)
    base_status, head_status = _statuses(base_result, as_of, words), _statuses(head_result, as_of, words)
    changes: list[Change] = []
    for name in sorted(set(before) | set(after)):
        old_status, old_title = base_status.get(name, ("", ""))
        new_status, new_title = head_status.get(name, ("", ""))
        if name not in before:
            kind = "ditambah"
        elif name not in after:
            kind = "dihapus"
        elif before[name] != after[name]:
            kind = "diubah"
        elif old_status != new_status:
            kind = "status"
        else:
            continue
        title = new_title or old_title or _title(after.get(name), "") or _title(before.get(name), name)
        changes.append(Change(kind, f"agreements/{name}", title, old_status, new_status))
    return changes, head_result


def markdown(changes: list[Change], result: Result, as_of: dt.date, render: Callable[..., str]) -> str:
    groups = {kind: [c for c in changes if c.kind == kind] for kind in ("ditambah", "diubah", "dihapus")}
    moved = [c for c in changes if c.status_changed and c.kind != "ditambah"]
    return render("change_summary.md", groups=groups, moved=moved, as_of=as_of, result=result,
                  records=len(result.records), files=len(result.files))

