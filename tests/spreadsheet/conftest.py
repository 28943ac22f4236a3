"""Fixtures for ``kerjasama tabel``: a copy of the register and helpers to export, edit and import.

LibreOffice tests skip locally without ``libreoffice`` but fail when CI=true (CI never skips them),
as the browser tests do with Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.commands.cli import main
from generator.project import Project

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-12-04"


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Project]:
    root = tmp_path / "repo"
    for folder in ("schema", "agreements", "data"):
        shutil.copytree(REPO / folder, root / folder)
    yield Project(root)


def snapshot(project: Project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(project.agreements.iterdir())}


def export(project: Project, target: Path, *flags: str) -> Path:
    assert main(["--root", str(project.root), "tabel", "ekspor", "--keluaran", str(target), *flags]) == 0
    return target


def run_import(project: Project, workbook: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(project.root), "tabel", "impor", str(workbook), "--as-of", AS_OF, *flags])
    return code, capsys.readouterr().out


@pytest.fixture(scope="session")
def libreoffice() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        message = "libreoffice not found (apt-get install libreoffice-calc-nogui)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; LibreOffice tests never skip in CI")
        pytest.skip(message)
    return found


def resave(libreoffice: str, workbook: Path, outdir: Path) -> Path:
    """The workbook opened and saved again by LibreOffice Calc (headless), as a unit's staff would."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "profil"
    subprocess.run([libreoffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    saved = outdir / workbook.name
    assert saved.is_file()
    return saved
