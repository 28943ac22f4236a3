"""The validation pipeline: load every file, check it against the schema, then run the rules.

Returns the valid records and every diagnostic; one bad file never stops the others. Each
file is read and checked alone (by worker processes too, for a large register), then the
rules across records run once over all of them.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from generator.check import datafiles
from generator.check.checker import Schema
from generator.check.datafiles import load_exemptions
from generator.check.privacy import EXEMPTIONS_FILE, NO_EXEMPTIONS, Exemptions
from generator.check.rules import check_across, check_exemptions, check_record
from generator.diagnostics import Diagnostic, Severity
from generator.parallel import map_chunks
from generator.project import Project
from generator.read.codelists import CodeLists, load_codelists
from generator.read.loader import Loaded, discover, load_all, load_files
from generator.read.record import Record


@dataclass(frozen=True)
class Environment:
    """Schema, code lists and the personal-data allow-list, loaded and checked once per run."""

    project: Project
    schema: Schema
    codelists: CodeLists
    exemptions: Exemptions = NO_EXEMPTIONS
    exemption_problems: tuple[Diagnostic, ...] = ()
    """Diagnostics of a malformed allow-list (reported with the register's)."""

    @classmethod
    def load(cls, project: Project) -> Environment:
        codelists = load_codelists(project.codelist_dir)
        exemptions, problems = load_exemptions(project, codelists)
        return cls(project, Schema.load(project.schema_file), codelists, exemptions, problems)


@dataclass(frozen=True)
class Result:
    """Outcome of checking the register."""

    files: tuple[str, ...]
    records: tuple[Record, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    data: Mapping[str, Any] = field(default_factory=dict)
    """The register's other data files that passed their checks, by name (``tkksd``, ``istilah``);
    only a whole-register run reads them (see generator.check.datafiles)."""

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
        return Result(self.files, self.records, tuple(d for d in self.diagnostics if d.file in wanted), self.data)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector; reference counting still frees everything.

    Reading a register makes millions of small containers and no reference cycles, and every
    automatic collection walks all live containers again: at 10,000 files that was most of the
    time spent freezing records and a fifth of the whole check (issue 8).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate(env: Environment, as_of: dt.date, paths: Iterable[Path] = ()) -> Result:
    """Check the register. With ``paths``, those files are checked together with the whole
    register (cross-record rules always see every record) and only their problems are kept."""
    with _cycle_collector_paused():
        return _validate(env, as_of, list(paths))


def validate_all(env: Environment, as_of: dt.date) -> Result:
    """The whole register and every other data file the build reads (the SOP, TKKSD and glossary
    files): what ``kerjasama validate`` without paths and ``kerjasama build`` check, so that the
    one passes exactly when the other can. The data files' contents come back in ``data``."""
    result = validate(env, as_of)
    files = datafiles.load(env.project, env.codelists)
    return Result(tuple(sorted(result.files + files.files)), result.records,
                  tuple(sorted(result.diagnostics + files.diagnostics)), files.data)


def _validate(env: Environment, as_of: dt.date, chosen: list[Path]) -> Result:
    checked = check_register_files(env, as_of)
    if chosen:
        known = {one.item.file for one in checked}
        picked = load_all(env.project, chosen)
        checked.extend(check_file(env, as_of, item) for item in picked if item.file not in known)
        result = _conclude(env, as_of, checked)
        wanted = {item.file for item in picked}
        return Result(tuple(sorted(wanted)), tuple(r for r in result.records if r.file in wanted),
                      tuple(d for d in result.diagnostics if d.file in wanted | {EXEMPTIONS_FILE}))
    return _conclude(env, as_of, checked)


@dataclass(frozen=True)
class Checked:
    """One file after every check that looks at it alone, as a worker process hands it back."""

    item: Loaded
    schema: tuple[Diagnostic, ...] = ()
    """Schema diagnostics; the file becomes a record when there are none."""
    rules: tuple[Diagnostic, ...] = ()
    """Diagnostics of the rules that look at one record (a schema-valid file only)."""
    record: Record | None = field(default=None, compare=False)
    """The record those rules saw, in the process that made it (a record cannot be pickled)."""

    def __reduce__(self) -> tuple[type[Checked], tuple[Loaded, tuple[Diagnostic, ...], tuple[Diagnostic, ...]]]:
        return (Checked, (self.item, self.schema, self.rules))


def check_file(env: Environment, as_of: dt.date, item: Loaded) -> Checked:
    """The schema, then the single-record rules, for one file read by the loader."""
    if item.data is None:
        return Checked(item)
    record_id = item.data.get("id") if isinstance(item.data.get("id"), str) else None
    problems = env.schema.check(item.data, item.file, item.lines, record_id)
    if problems:
        return Checked(item, tuple(problems))
    record = Record.create(item.file, item.data, item.lines)
    return Checked(item, (), tuple(check_record(record, env.codelists, as_of, env.exemptions)), record)


# From this many files the register is read and checked file by file by worker processes too
# (issue 8): that costs about 0.4 ms of CPU per file, seconds for a national register; below
# it, starting a worker costs more than it saves. The result is the same either way. Pieces
# of a few hundred files keep both processes busy to the end (see parallel.map_chunks).
PARALLEL_MIN_FILES = 2_000
PIECES_PER_WORKER = 16


def _read_and_check(env: Environment, as_of: dt.date, files: Sequence[Path]) -> list[Checked]:
    return [check_file(env, as_of, item) for item in load_files(env.project, files)]


def check_register_files(env: Environment, as_of: dt.date) -> list[Checked]:
    """Every file of the register, read and checked alone; in parallel for large registers."""
    return map_chunks(partial(_read_and_check, env, as_of), discover(env.project), min_items=PARALLEL_MIN_FILES,
                      pieces_per_worker=PIECES_PER_WORKER)


def check_loaded(env: Environment, as_of: dt.date, loaded: Sequence[Loaded]) -> Result:
    """Check files already read by the loader; the result does not depend on their order."""
    return _conclude(env, as_of, [check_file(env, as_of, item) for item in loaded])


def _conclude(env: Environment, as_of: dt.date, checked: Sequence[Checked]) -> Result:
    """Records of the files checked alone, the checks across them, and every diagnostic."""
    diagnostics: list[Diagnostic] = []
    records: list[Record] = []
    refused: set[str] = set()
    for one in checked:
        item = one.item
        diagnostics.extend(item.diagnostics)
        if item.data is None:
            continue
        if one.schema:
            diagnostics.extend(one.schema)
            if isinstance(item.data.get("id"), str):
                refused.add(item.data["id"])
            continue
        records.append(one.record or Record.create(item.file, item.data, item.lines))
        diagnostics.extend(one.rules)
    records.sort(key=lambda r: (r.id, r.file))
    diagnostics.extend(check_across(records, env.codelists, as_of, refused))
    diagnostics.extend(env.exemption_problems)
    if env.exemptions.entries:
        diagnostics.extend(check_exemptions(env.exemptions, {r.file: r.data for r in records},
                                            [one.item.file for one in checked]))
    bad = {d.file for d in diagnostics if d.severity is Severity.ERROR}
    valid = tuple(r.without_positions() for r in records if r.file not in bad)
    return Result(tuple(sorted(one.item.file for one in checked)), valid, tuple(sorted(diagnostics)))
