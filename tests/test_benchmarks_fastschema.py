"""The fast validity check (jsonschema-rs) must agree with jsonschema on every record.

The validator skips the detailed translator for records the fast check accepts, so a record
that jsonschema would refuse but jsonschema-rs accepts would lose its diagnostics. These
tests compare both libraries on valid synthetic records, on every fixture and hostile file
that loads as data, and on systematic mutations: each field removed, retyped, emptied or
given an out-of-range, mistyped, misformatted or hidden-newline value, at the top level and
inside list items.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synth import records
from generator.check import fastschema
from generator.check.validate import Environment
from generator.read.yamlstrict import read_text

TESTS = Path(__file__).resolve().parent
ODD_VALUES: tuple[Any, ...] = (
    None, True, False, 0, 1, -1, 1.0, 1.5, 2020.0, 10**18, "", " ", "x", "abc\n", "2024-02-30", "2024-2-01",
    "2024-01-01\n", "٢٠٢٤-01-01", "javascript:alert(1)", "https://a.b/\n", "62.71\n", [], [""], ["x", "x"], {},
    {"x": 1}, "tidak_diketahui", "Wali Kota",
    # issue 19: blank text, dates at and beyond the year bounds, the rupiah bound, non-PDF documents
    "\u00a0", "\n", " \t ", "\u3000", "0000-01-01", "1944-12-31", "1945-01-01", "2100-12-31", "2101-01-01",
    "9999-12-31", 10**15 - 1, 10**15, 1e3, "99999999999999999999999", "True", "https://a.b/x.pdf", "https://a.b/x.svg",
)
# inside list items and objects: one value of each JSON type plus the classic string traps
INNER_VALUES: tuple[Any, ...] = (None, True, 1, 1.0, 1.5, "", "abc\n", "2024-02-30", "javascript:alert(1)", [], {},
                                 "\u00a0", "0000-01-01", "2101-01-01", 1e3, 10**15, "True", "https://a.b/x.html")


@pytest.fixture(scope="module")
def both(env: Environment) -> tuple[Any, Any]:
    fast = fastschema.load(env.schema.document)
    assert fast is not None, "jsonschema-rs is a locked runtime dependency"
    return fast, env.schema.validator.is_valid


def mutations(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Records that differ from ``record`` in one place."""
    for key in list(record):
        broken = copy.deepcopy(record)
        del broken[key]
        yield broken
        for value in ODD_VALUES:
            broken = copy.deepcopy(record)
            broken[key] = value
            yield broken
        value = record[key]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for inner in list(value[0]):
                broken = copy.deepcopy(record)
                del broken[key][0][inner]
                yield broken
                for odd in INNER_VALUES:
                    broken = copy.deepcopy(record)
                    broken[key][0][inner] = odd
                    yield broken
        if isinstance(value, dict):
            for inner in list(value):
                for odd in INNER_VALUES:
                    broken = copy.deepcopy(record)
                    broken[key][inner] = odd
                    yield broken
    extra = copy.deepcopy(record)
    extra["kolom_asing"] = "x"
    yield extra
    both_city = copy.deepcopy(record)
    for party in both_city["para_pihak"]:
        party["pihak_kota"] = True
    yield both_city


def test_synthetic_records_are_valid_for_both(both: tuple[Any, Any]) -> None:
    fast, slow = both
    sample = records(150, seed=3)
    assert all(fast(r) for r in sample)
    assert all(slow(r) for r in sample)


def test_mutated_records_agree(both: tuple[Any, Any]) -> None:
    fast, slow = both
    sample = records(60, seed=5)
    # one record per kind of document and category: each exercises other if/then branches
    kinds = {(r["jenis_naskah"], r.get("kategori")): r for r in sample if r["status"] != "berakhir"}
    checked = refused = 0
    for record in kinds.values():
        for broken in mutations(record):
            expected = slow(broken)
            assert fast(broken) == expected, broken
            checked += 1
            refused += not expected
    assert checked > 1500
    assert refused > checked // 2  # the mutations do break records, so agreement is not vacuous


def test_fixture_and_hostile_files_agree(both: tuple[Any, Any]) -> None:
    fast, slow = both
    files = [p for folder in ("fixtures", "hostile") for p in sorted((TESTS / folder).rglob("*.yaml"))]
    compared = 0
    for path in files:
        parsed = read_text(path.read_bytes(), path.name)
        if parsed.data is None:
            continue
        assert fast(parsed.data) == slow(parsed.data), path
        compared += 1
    if not compared:
        pytest.skip("no fixture files that load as data")
