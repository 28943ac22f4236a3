"""Property tests: the validation result does not depend on the order of the files, and a
file's per-file diagnostics do not depend on which other files are checked with it.

The pool is every file the project knows: the real register, the valid fixtures and every
invalid case (single files and sub-registers), read once; hypothesis draws subsets and
orders of it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from constants import AS_OF, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.rules import CROSS_RECORD_CODES
from generator.check.validate import Environment, Result, check_loaded
from generator.diagnostics import Diagnostic
from generator.project import Project
from generator.read.loader import Loaded, load_file

FIXTURES = REPO / "tests" / "fixtures"
PROJECT = Project(REPO)


def pool_paths() -> list[Path]:
    paths = sorted((REPO / "agreements").glob("*.yaml"))
    paths += sorted((FIXTURES / "valid").glob("*.yaml"))
    paths += sorted(p for p in (FIXTURES / "invalid").rglob("*") if p.is_file())
    return paths


POOL: tuple[Loaded, ...] = tuple(load_file(PROJECT, path) for path in pool_paths())
ENV = Environment.load(PROJECT)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(result: Result) -> tuple[object, ...]:
    return (result.files, tuple((r.file, r.id) for r in result.records), result.diagnostics)


def per_file(diagnostics: tuple[Diagnostic, ...], file: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.file == file and d.code not in CROSS_RECORD_CODES]


@cache
def alone(index: int) -> Result:
    return check_loaded(ENV, AS_OF, [POOL[index]])


subsets = st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=15, unique=True)


def test_as_of_is_the_shared_one(as_of: dt.date) -> None:
    assert as_of == AS_OF


def test_pool_is_rich() -> None:
    assert len(POOL) >= 100
    assert sum(item.data is None for item in POOL) >= 20  # unreadable files take part too
    codes = {d.code for item in range(len(POOL)) for d in alone(item).diagnostics}
    assert len(codes) >= 40


@SETTINGS
@given(chosen=subsets, data=st.data())
def test_result_does_not_depend_on_file_order(chosen: list[int], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(chosen))
    first = check_loaded(ENV, AS_OF, [POOL[i] for i in chosen])
    again = check_loaded(ENV, AS_OF, [POOL[i] for i in shuffled])
    assert outcome(first) == outcome(again)


@SETTINGS
@given(chosen=subsets)
def test_per_file_diagnostics_do_not_depend_on_the_company(chosen: list[int]) -> None:
    together = check_loaded(ENV, AS_OF, [POOL[i] for i in chosen])
    valid_files = {r.file for r in together.records}
    for index in chosen:
        file = POOL[index].file
        assert per_file(together.diagnostics, file) == per_file(alone(index).diagnostics, file)
        # A file is a record exactly when nothing in this run calls it an error.
        errors = [d for d in together.diagnostics if d.file == file and d.is_error]
        assert (file in valid_files) == (not errors)


def test_the_whole_pool_at_once_matches_each_file_alone() -> None:
    together = check_loaded(ENV, AS_OF, POOL)
    for index, item in enumerate(POOL):
        assert per_file(together.diagnostics, item.file) == per_file(alone(index).diagnostics, item.file)


def test_as_of_is_the_only_clock() -> None:
    later = AS_OF + dt.timedelta(days=400)
    first = check_loaded(ENV, later, POOL)
    assert outcome(first) == outcome(check_loaded(ENV, later, POOL))
    assert outcome(first) != outcome(check_loaded(ENV, AS_OF, POOL))  # the date does matter
