"""No record vanishes: `kerjasama validate --dasar` against the base branch's agreements/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
GONE = "2019-bank-kalteng-kas-daerah-pks"  # nothing else refers to it


@pytest.fixture
def root(tmp_path: Path) -> Path:
    here = tmp_path / "repo"
    for name in ("schema", "data", "agreements"):
        shutil.copytree(REPO / name, here / name)
    shutil.copytree(REPO / "agreements", tmp_path / "dasar")
    return here


def validate(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["--root", str(root), "validate", "--dasar", str(root.parent / "dasar"), "--as-of", "2026-11-27",
                 *extra])
    return code, capsys.readouterr().out


def codes(out: str) -> list[str]:
    return [line for line in out.splitlines() if "[naskah-dihapus]" in line or "[id-berubah]" in line
            or "[id-lama]" in line]


def test_unchanged_register_passes(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = validate(root, capsys)
    assert code == 0 and codes(out) == []


def test_deleting_a_file_fails_with_naskah_dihapus_naming_it(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "agreements" / f"{GONE}.yaml").unlink()
    code, out = validate(root, capsys)
    assert code == 1
    assert codes(out) == [f"agreements/{GONE}.yaml:1:1: galat [naskah-dihapus] Naskah '{GONE}' ada di cabang dasar "
                          "tetapi dihapus dari register."]
    code, out = validate(root, capsys, "--format", "github")
    assert code == 1 and f"file=agreements/{GONE}.yaml" in out and "naskah-dihapus" in out


def test_without_dasar_a_deletion_is_not_noticed(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "agreements" / f"{GONE}.yaml").unlink()
    assert main(["--root", str(root), "validate", "--as-of", "2026-11-27"]) == 0
    capsys.readouterr()


def rename(root: Path, old: str, new: str, extra: str = "") -> Path:
    path = root / "agreements" / f"{old}.yaml"
    text = path.read_text(encoding="utf-8").replace(f"id: {old}\n", f"id: {new}\n{extra}", 1)
    path.unlink()
    target = root / "agreements" / f"{new}.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def test_a_renamed_id_without_menggantikan_is_id_berubah(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rename(root, GONE, "2019-bank-kalteng-kasda-pks")
    code, out = validate(root, capsys)
    assert code == 1
    found = codes(out)
    assert len(found) == 1 and found[0].startswith("agreements/2019-bank-kalteng-kasda-pks.yaml:1:1: galat [id-berubah]")
    assert f"menggantikan: {GONE}" in out  # the hint says what to write


def test_a_renamed_id_with_menggantikan_passes_with_a_warning(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rename(root, GONE, "2019-bank-kalteng-kasda-pks", f"menggantikan: {GONE}\n")
    code, out = validate(root, capsys)
    assert code == 0
    assert [line.split(" ", 2)[1] for line in codes(out)] == ["peringatan"]
    assert "[id-lama]" in out and f"/kerja-sama/{GONE}/" in out


def test_make_validate_dasar_fails_when_a_pull_request_deletes_a_file(root: Path) -> None:
    """The pull-request workflow's call: `make validate FORMAT=github DASAR=<base ref>`."""
    git = shutil.which("git")
    assert git
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "KERJASAMA_AS_OF": "2026-11-27"}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "dasar"]):
        subprocess.run([git, *command], cwd=root, check=True, env=env, timeout=60)
    (root / "agreements" / f"{GONE}.yaml").unlink()
    bin_dir = Path(sys.executable).parent
    proc = subprocess.run(["make", "-s", "-f", str(REPO / "Makefile"), "validate", "FORMAT=github", "DASAR=main",
                           f"BIN={bin_dir}", "RUNTIME_STAMP="], cwd=root, capture_output=True, text=True,
                          env=env, check=False, timeout=300)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert f"::error file=agreements/{GONE}.yaml" in proc.stdout and "naskah-dihapus" in proc.stdout
    subprocess.run([git, "checkout", "-q", "--", "agreements"], cwd=root, check=True, env=env, timeout=60)
    proc = subprocess.run(["make", "-s", "-f", str(REPO / "Makefile"), "validate", "DASAR=main", f"BIN={bin_dir}",
                           "RUNTIME_STAMP="], cwd=root, capture_output=True, text=True, env=env, check=False,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_missing_dasar_folder_is_a_usage_error(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(root), "validate", "--dasar", str(root / "tidak-ada")]) == 2
    assert "--dasar" in capsys.readouterr().err


def test_an_empty_base_has_nothing_to_lose(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = root.parent / "kosong"
    empty.mkdir()
    assert main(["--root", str(root), "validate", "--dasar", str(empty), "--as-of", "2026-11-27"]) == 0
    assert codes(capsys.readouterr().out) == []
