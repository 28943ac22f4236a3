"""The validation pipeline: load every file, check it against the schema, then run the rules.

Returns the valid records and every diagnostic; one bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator.checker import Schema
from generator.codelists import CodeLists, load_codelists
from generator.diagnostics import Diagnostic, Severity
from generator.loader import Loaded, discover, load_all, load_file
from generator.parallel import map_chunks
from generator.project import Project
from generator.record import Record
from generator.rules import check_register


@dataclass(frozen=True)
class Environment:
    """Schema and code lists, loaded and checked once per run."""

    project: Project
    schema: Schema
    codelists: CodeLists

    @classmethod
    def load(cls, project: Project) -> Environment:
        return cls(project, Schema.load(project.schema_file), load_codelists(project.codelist_dir))


@dataclass(frozen=True)
class Result:
    """Outcome of checking the register."""

    files: tuple[str, ...]
    records: tuple[Record, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def ok(self, *, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def only(self, files: Sequence[str]) -> Result:
        """The same result restricted to diagnostics of the given files."""
        wanted = set(files)
        return Result(self.files, self.records, tuple(d for d in self.diagnostics if d.file in wanted))


def validate(env: Environment, as_of: dt.date, paths: Iterable[Path] = ()) -> Result:
    """Check the register. With ``paths``, those files are checked together with the whole
    register (cross-record rules always see every record) and only their problems are kept."""
    chosen = list(paths)
    loaded = read_register(env.project)
    if chosen:
        known = {item.file for item in loaded}
        picked = load_all(env.project, chosen)
        loaded.extend(item for item in picked if item.file not in known)
        result = check_loaded(env, as_of, loaded)
        wanted = {item.file for item in picked}
        return Result(tuple(sorted(wanted)), tuple(r for r in result.records if r.file in wanted),
                      tuple(d for d in result.diagnostics if d.file in wanted))
    return check_loaded(env, as_of, loaded)


# From this many files the register is read by worker processes too (issue 8): parsing costs
# about 0.3 ms of CPU per file, seconds for a national register; below it, starting a worker
# costs more than it saves. The result is the same list in the same order either way.
PARALLEL_MIN_FILES = 2_000


def _load_files(project: Project, files: Sequence[Path]) -> list[Loaded]:
    return [load_file(project, path) for path in files]


def read_register(project: Project) -> list[Loaded]:
    """Every file of the register, read by the loader; in parallel for large registers."""
    return map_chunks(partial(_load_files, project), discover(project), min_items=PARALLEL_MIN_FILES)


def check_loaded(env: Environment, as_of: dt.date, loaded: Sequence[Loaded]) -> Result:
    """Check files already read by the loader; the result does not depend on their order."""
    diagnostics: list[Diagnostic] = []
    records: list[Record] = []
    refused: set[str] = set()
    for item in loaded:
        diagnostics.extend(item.diagnostics)
        if item.data is None:
            continue
        record_id = item.data.get("id") if isinstance(item.data.get("id"), str) else None
        problems = env.schema.check(item.data, item.file, item.lines, record_id)
        diagnostics.extend(problems)
        if not problems:
            records.append(Record.create(item.file, item.data, item.lines))
        elif record_id is not None:
            refused.add(record_id)
    records.sort(key=lambda r: (r.id, r.file))
    diagnostics.extend(check_register(records, env.codelists, as_of, refused))
    bad = {d.file for d in diagnostics if d.severity is Severity.ERROR}
    valid = tuple(r for r in records if r.file not in bad)
    return Result(tuple(sorted(item.file for item in loaded)), valid, tuple(sorted(diagnostics)))
