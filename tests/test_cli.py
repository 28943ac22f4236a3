"""The `kerjasama validate` command: exit codes, the three output formats, the as-of date, and
checking chosen paths against the whole register."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from constants import AS_OF, REPO

from generator.check.rules import CROSS_RECORD_CODES
from generator.check.validate import Environment, Result, validate
from generator.commands.cli import main
from generator.commands.reporters import text
from generator.diagnostics import make
from generator.project import Project

INVALID = REPO / "tests" / "fixtures" / "invalid"
ERROR_CASE = INVALID / "skema-wajib" / "tanpa-objek.yaml"
WARNING_CASE = INVALID / "tanpa-indikator" / "berlaku-tanpa-indikator.yaml"
DATED_CASE = INVALID / "status-tidak-sesuai-tanggal" / "berakhir-padahal-belum.yaml"  # ends 2026-12-31
TEXT_LINE = re.compile(r"(?P<file>[^:\s]+):(?P<line>[0-9]+):(?P<col>[0-9]+): (?P<sev>galat|peringatan) "
                       r"\[(?P<code>[a-z0-9-]+)\] (?P<message>.+)")
GITHUB_LINE = re.compile(r"::(?P<level>error|warning) file=(?P<file>[^,]+),line=(?P<line>[0-9]+),"
                         r"col=(?P<col>[0-9]+),title=(?P<code>[a-z0-9-]+)%3A [^:]+::(?P<message>.+)")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--root", str(REPO), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def expected(paths: list[Path], as_of: dt.date = AS_OF) -> Result:
    return validate(Environment.load(Project(REPO)), as_of, paths)


@pytest.fixture(autouse=True)
def _no_as_of_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KERJASAMA_AS_OF", raising=False)


def test_as_of_is_the_shared_one(as_of: dt.date) -> None:
    assert as_of == AS_OF


# --- exit codes ------------------------------------------------------------------------------
def test_real_register_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--as-of", AS_OF.isoformat())
    assert code == 0
    # Every agreement and every other data file the build reads (the SOP, TKKSD and glossary files).
    count = len(list((REPO / "agreements").glob("*.yaml"))) + 3
    assert out.splitlines()[-1].endswith(f"({count} berkas diperiksa).") or f"{count} berkas diperiksa" in out
    assert not [line for line in out.splitlines() if " galat [" in line]


def test_errors_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(ERROR_CASE), "--as-of", AS_OF.isoformat())
    assert code == 1
    assert "galat [skema-wajib]" in out


def test_warnings_fail_only_under_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(WARNING_CASE), "--as-of", AS_OF.isoformat())[0] == 0
    code, out, _ = run(capsys, "validate", str(WARNING_CASE), "--as-of", AS_OF.isoformat(), "--strict")
    assert code == 1 and "peringatan [tanpa-indikator]" in out


@pytest.mark.parametrize("argv", [[], ["validate", "--format", "xml"], ["periksa"], ["validate", "--tidak-ada"]])
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["2026-02-30", "27-11-2026", "kemarin", "2026-1-1", "2026-11-27T00:00",
                                   "\u0662\u0660\u0662\u0666-11-27", "9999-12-31", "0001-01-01", "1944-12-31",
                                   "2101-01-01"])
def test_bad_as_of_exits_2(capsys: pytest.CaptureFixture[str], value: str) -> None:
    code, out, err = run(capsys, "validate", "--as-of", value)
    assert code == 2 and out == ""
    assert "tanggal acuan" in err and "Traceback" not in err


def test_bad_as_of_from_the_environment_exits_2(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KERJASAMA_AS_OF", "2026-13-01")
    code, _, err = run(capsys, "validate")
    assert code == 2 and "2026-13-01" in err
    monkeypatch.setenv("KERJASAMA_AS_OF", "9999-12-31")
    code, _, err = run(capsys, "build", "--site-dir", "/nonexistent/never-written")
    assert code == 2 and "antara 1945 dan 2100" in err and "Traceback" not in err


@pytest.mark.parametrize(("argv", "status"), [(["validate"], 0), (["validate", str(ERROR_CASE)], 1)])
def test_exit_codes_of_the_real_process(argv: list[str], status: int) -> None:
    # In-process tests above cover every path; this checks that the process exit code is main()'s.
    # (Each start costs seconds: importing jsonschema's optional format checkers is slow.)
    env = {**os.environ, "KERJASAMA_AS_OF": AS_OF.isoformat()}
    done = subprocess.run([sys.executable, "-m", "generator", *argv], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stdout + done.stderr


# --- formats -----------------------------------------------------------------------------------
CASES = [ERROR_CASE, WARNING_CASE, INVALID / "yaml-kunci-ganda" / "id-dua-kali.yaml",
         INVALID / "skema-kolom-tidak-dikenal" / "salah-ketik-judul.yaml"]


def test_text_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", *map(str, CASES), "--format", "text", "--as-of", AS_OF.isoformat())
    assert code == 1
    lines = out.splitlines()
    parsed = [TEXT_LINE.fullmatch(line) for line in lines if not line.startswith("    ")][:-1]
    assert all(parsed), lines
    want = expected(CASES).diagnostics
    assert [(m["file"], int(m["line"]), int(m["col"]), m["sev"], m["code"], m["message"]) for m in parsed if m] == [
        (d.file, d.line, d.column, d.severity.value, d.code, d.message) for d in want]
    assert sum(line.startswith("    petunjuk: ") for line in lines) == sum(bool(d.hint) for d in want)
    assert lines[-1] == "4 galat, 1 peringatan dalam 4 berkas (4 berkas diperiksa)."


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", *map(str, CASES), "--format", "json", "--as-of", AS_OF.isoformat())
    assert code == 1
    data = json.loads(out)
    assert isinstance(data, list)
    assert [(d["berkas"], d["baris"], d["kolom"], d["kode"], d["jalur"], d["tingkat"]) for d in data] == [
        (d.file, d.line, d.column, d.code, d.json_path, d.severity.value) for d in expected(CASES).diagnostics]
    assert all({"pesan", "petunjuk", "id", "judul_kode"} <= set(d) for d in data)


def test_json_format_is_an_empty_list_when_clean(capsys: pytest.CaptureFixture[str]) -> None:
    clean = REPO / "tests" / "fixtures" / "valid" / "2022-katingan-kb-persampahan.yaml"
    code, out, _ = run(capsys, "validate", str(clean), "--format", "json", "--as-of", AS_OF.isoformat())
    assert (code, json.loads(out)) == (0, [])


def test_github_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", *map(str, CASES), "--format", "github", "--as-of", AS_OF.isoformat())
    assert code == 1
    annotations = [GITHUB_LINE.fullmatch(line) for line in out.splitlines() if line.startswith("::")]
    assert all(annotations)
    assert [(m["level"], m["file"], int(m["line"]), int(m["col"]), m["code"]) for m in annotations if m] == [
        ("error" if d.is_error else "warning", d.file, d.line, d.column, d.code) for d in expected(CASES).diagnostics]
    assert f"::error file={CASES[0].relative_to(REPO).as_posix()},line=1," in out


def test_text_reporter_keeps_one_diagnostic_on_one_line() -> None:
    forged = make("skema-kolom-tidak-dikenal", "agreements/a.yaml",
                  "Kolom 'x\nagreements/b.yaml:1:1: galat [id-ganda] palsu' tidak dikenal.", hint="a\r\nb")
    lines = text([forged], 1).splitlines()
    assert len(lines) == 3 and lines[0].startswith("agreements/a.yaml:1:1: galat [skema-kolom-tidak-dikenal]")


# --- the as-of date ----------------------------------------------------------------------------
def test_kerjasama_as_of_is_honoured(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KERJASAMA_AS_OF", "2026-11-27")
    code, out, _ = run(capsys, "validate", str(DATED_CASE), "--strict")
    assert code == 1 and "[status-tidak-sesuai-tanggal]" in out and "per 2026-11-27" in out
    monkeypatch.setenv("KERJASAMA_AS_OF", "2027-01-01")
    assert run(capsys, "validate", str(DATED_CASE), "--strict")[0] == 0


def test_as_of_option_wins_over_the_environment(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KERJASAMA_AS_OF", "2026-11-27")
    assert run(capsys, "validate", str(DATED_CASE), "--strict", "--as-of", "2027-01-01")[0] == 0


# --- chosen paths: only they are reported, the whole register is seen ---------------------------
def test_paths_are_reported_alone_but_checked_against_the_whole_register(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    real_pks = (REPO / "agreements" / "2019-bank-kalteng-kas-daerah-pks.yaml").read_text(encoding="utf-8")
    assert "naskah_induk: 2019-bank-kalteng-kas-daerah\n" in real_pks
    copy = tmp_path / "salinan-pks.yaml"  # points at a KB that exists only in agreements/
    copy.write_text(re.sub(r"(?m)^id: .*$", "id: salinan-pks", real_pks), encoding="utf-8")
    twin = tmp_path / "2024-kejari-datun-satpol-pp.yaml"  # same id as a real agreement
    twin.write_bytes((REPO / "agreements" / "2024-kejari-datun-satpol-pp.yaml").read_bytes())

    code, out, _ = run(capsys, "validate", str(copy), str(twin), "--format", "json", "--as-of", AS_OF.isoformat())
    data = json.loads(out)
    assert code == 1
    assert {d["berkas"] for d in data} <= {twin.as_posix(), copy.as_posix()}  # nothing from agreements/
    assert [(d["berkas"], d["kode"]) for d in data if d["tingkat"] == "galat"] == [(twin.as_posix(), "id-ganda")]
    assert not [d for d in data if d["berkas"] == copy.as_posix() and d["kode"] in CROSS_RECORD_CODES]
    assert "agreements/2024-kejari-datun-satpol-pp.yaml" in next(d["pesan"] for d in data if d["kode"] == "id-ganda")


def test_a_path_inside_the_register_is_checked_once(capsys: pytest.CaptureFixture[str]) -> None:
    one = REPO / "agreements" / "2024-kejari-datun-satpol-pp.yaml"
    code, out, _ = run(capsys, "validate", str(one), "--as-of", AS_OF.isoformat())
    assert code == 0
    assert out.splitlines()[-1].endswith("(1 berkas diperiksa).") or out.splitlines()[-1] == (
        "Register sah: 1 berkas diperiksa, tidak ada galat.")
    assert {m["file"] for m in map(TEXT_LINE.fullmatch, out.splitlines()) if m} <= {
        "agreements/2024-kejari-datun-satpol-pp.yaml"}


@pytest.mark.parametrize(("relative", "broken", "line"), [
    ("data/tkksd.yaml", "judul: TKKSD\njudul: Tim lain\n", 2),  # a duplicate key, at its second line
    ("data/istilah.yaml", None, 11),       # a glossary entry without its meaning
    ("schema/kode/tahapan-sop.yaml", None, None),
])
def test_validate_checks_every_data_file_the_build_reads(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         relative: str, broken: str | None, line: int | None) -> None:
    """One validation entry (issue 17): a data file that would stop `kerjasama build` fails
    `kerjasama validate` too, at its line, as pre-commit runs it."""
    import shutil  # noqa: PLC0415

    root = tmp_path / "repo"
    for name in ("agreements", "schema", "data"):
        shutil.copytree(REPO / name, root / name)
    target = root / relative
    if broken is not None:
        target.write_text(broken, encoding="utf-8")
    elif relative.endswith("istilah.yaml"):
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("    kepanjangan: Kerja Sama Daerah dengan Daerah Lain\n    arti: >-\n", "    kepanjangan: x\n    artinya: >-\n", 1),
                          encoding="utf-8")
    else:
        target.write_text(target.read_text(encoding="utf-8") + "tidak_dikenal: 1\n", encoding="utf-8")
    code = main(["--root", str(root), "validate", "--format", "json", "--as-of", "2026-12-04"])
    out, _ = capsys.readouterr()
    found = [d for d in json.loads(out) if d["berkas"] == relative]
    assert code == 1 and found, out
    if line is not None:
        assert any(d["baris"] == line for d in found), found
