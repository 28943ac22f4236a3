"""The fixture corpus: every valid/ file is clean, every invalid/<code>/ case yields exactly
the diagnostics its leading comment declares, and every code a file can trigger has a case.

An invalid case is one file, checked together with the valid/ register (so it may point at
valid agreements), or a folder that is a register of its own for cross-record codes. Each
file declares its diagnostics in its leading comment, one per line:

    # expect: <code> <line> <JSON path>

The comparison is exact (code, line, path) as a multiset, never prose.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from constants import REPO

from generator.check.validate import Environment, Result, validate
from generator.derive.index import category_key
from generator.diagnostics import CATALOGUE
from generator.project import Project

FIXTURES = REPO / "tests" / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
EXPECT = re.compile(rb"# expect: (\S+) ([0-9]+) (.+)")
FILE_STAGES = {"berkas", "yaml", "skema", "aturan"}

# Codes a file can trigger that have no fixture file, and why. Each is covered elsewhere.
NO_FIXTURE = {
    "berkas-tidak-terbaca": "needs an operating-system read error, which a committed file never has; "
                            "test_loader_hazards checks a path that does not exist",
    "tautan-simbolik": "a symbolic link cannot carry an expect comment and some checkouts turn it into "
                       "a text file; test_loader_hazards creates one",
    "berkas-terlalu-besar": "a file over 256 KiB would bloat the repository; test_loader_hazards generates one",
    "pengecualian-usang": "reported on data/pengecualian-data-pribadi.yaml, not on an agreement file; "
                          "test_privacy writes stale entries into a copy of the repository",
    "naskah-dihapus": "compares two registers (validate --dasar), which a single fixture file cannot; "
                      "test_continuity deletes a file from a copy of the register",
    "id-berubah": "compares two registers (validate --dasar); test_continuity renames a file in a copy",
}

Expected = list[tuple[str, int, str]]


def expectations(path: Path) -> Expected:
    """The ``# expect:`` lines of the file's leading comment (bytes: some cases are not UTF-8)."""
    found: Expected = []
    for line in path.read_bytes().split(b"\n"):
        if not line.startswith(b"#"):
            break
        match = EXPECT.fullmatch(line.rstrip(b"\r"))
        if match:
            found.append((match[1].decode(), int(match[2]), match[3].decode()))
    return found


def got(result: Result, file: str) -> Expected:
    return [(d.code, d.line, d.json_path) for d in result.diagnostics if d.file == file]


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def single_cases() -> list[Path]:
    return sorted(p for p in INVALID.glob("*/*") if p.is_file())


def register_cases() -> list[Path]:
    return sorted(p for p in INVALID.glob("*/*") if p.is_dir())


@pytest.fixture(scope="module")
def valid_env(env: Environment) -> Environment:
    return Environment(Project(REPO, register=VALID), env.schema, env.codelists)


@pytest.fixture(scope="module")
def valid_result(valid_env: Environment, as_of: dt.date) -> Result:
    return validate(valid_env, as_of)


# --- valid/ ---------------------------------------------------------------------------------
def test_valid_fixtures_are_clean(valid_result: Result) -> None:
    files = sorted(rel(p) for p in VALID.glob("*.yaml"))
    assert [(d.file, d.code, d.line) for d in valid_result.diagnostics] == []
    assert sorted(r.file for r in valid_result.records) == files
    assert len(files) >= 8


def test_valid_fixtures_cover_every_category_and_shape(valid_result: Result) -> None:
    records = {r.id: r for r in valid_result.records}
    categories = {category_key(r) for r in records.values()}
    assert categories == {"ksdd_wajib", "ksdd_sukarela", "ksdpk", "ksdpl", "ksdll", "sinergi", "non_ksd"}

    def kind(record_id: str | None) -> str | None:
        return records[record_id].get("jenis_naskah") if record_id in records else None

    shapes = {
        "PKS under a KB": any(r.get("jenis_naskah") == "perjanjian_kerja_sama"
                              and kind(r.get("naskah_induk")) == "kesepakatan_bersama" for r in records.values()),
        "addendum": any(r.get("jenis_naskah") == "adendum" and r.get("naskah_induk") in records
                        for r in records.values()),
        "renewal chain": any(r.get("memperpanjang") in records for r in records.values()),
        "ended early": any(r.get("status") == "diakhiri_lebih_awal" and r.get("pengakhiran")
                           for r in records.values()),
        "unknown end": any(r.get("masa_berlaku_tidak_diketahui") is True for r in records.values()),
        "foreign partner with DPRD and central approval": any(
            any(p.get("negara") for p in r.partners)
            and (r.get("persetujuan_dprd") or {}).get("nomor") and r.get("persetujuan_pusat")
            for r in records.values()),
        "not yet signed": any(r.get("tanggal_tanda_tangan") is None for r in records.values()),
    }
    assert [name for name, present in shapes.items() if not present] == []


# --- invalid/ -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", single_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_case(path: Path, valid_env: Environment, as_of: dt.date) -> None:
    expected = expectations(path)
    assert path.parent.name in {code for code, _, _ in expected}, "a case must trigger its folder's code"
    result = validate(valid_env, as_of, [path])
    assert result.files == (rel(path),)
    assert {d.file for d in result.diagnostics} == {rel(path)}  # only the chosen file is reported
    assert Counter(got(result, rel(path))) == Counter(expected)
    if any(d.is_error for d in result.diagnostics):
        assert result.records == ()


@pytest.mark.parametrize("folder", register_cases(), ids=lambda p: f"{p.parent.name}/{p.name}/")
def test_invalid_register_case(folder: Path, env: Environment, as_of: dt.date) -> None:
    result = validate(Environment(Project(REPO, register=folder), env.schema, env.codelists), as_of)
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 1
    assert sorted(result.files) == [rel(p) for p in files]
    declared = set()
    for path in files:
        expected = expectations(path)
        declared.update(code for code, _, _ in expected)
        assert Counter(got(result, rel(path))) == Counter(expected), path.name
    assert folder.parent.name in declared


def test_every_code_a_file_can_trigger_has_a_fixture() -> None:
    folders = {p.name for p in INVALID.iterdir() if p.is_dir()}
    assert folders - set(CATALOGUE) == set(), "fixture folders must be named after catalogue codes"
    triggerable = {code for code, info in CATALOGUE.items() if info.stage in FILE_STAGES}
    assert triggerable - folders - set(NO_FIXTURE) == set()
    assert set(NO_FIXTURE) <= triggerable and not set(NO_FIXTURE) & folders
    for code in folders:
        assert any((INVALID / code).iterdir()), f"{code}/ is empty"


def test_expect_parser_reads_only_the_leading_comment(tmp_path: Path) -> None:
    case = tmp_path / "x.yaml"
    case.write_bytes(b"# why\n# expect: skema-wajib 1 $.judul\nid: x\n# expect: skema-tipe 9 $.id\n")
    assert expectations(case) == [("skema-wajib", 1, "$.judul")]
