"""The package as others install it: sdist -> wheel -> a fresh virtual environment -> the register.

Only the editable install of a checkout used to work (the wheel lacked the subpackages, then
generator/pages/ and generator/opendata/, and three runtime dependencies). Like check-jsonschema, the sdist is built
from the tracked files, the wheel from the unpacked sdist, and the wheel is installed into a new
virtual environment with pip resolving its declared dependencies; from there `kerjasama
validate` and `kerjasama build` run on a copy of the real register that holds no code at all
(mkdocs.yml names the plugin, which comes with the package).
"""

from __future__ import annotations

import email.parser
import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from constants import REPO

AS_OF = "2026-12-04"
# What a register checkout holds besides code: the site inputs `kerjasama build` reads.
REGISTER_INPUTS = ("agreements", "schema", "data", "docs", "mkdocs.yml")

pytestmark = pytest.mark.slow


def _tracked_copy(target: Path) -> Path:
    """The tracked files of this checkout (as a clean clone has them), working-tree content."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True).stdout
    for name in filter(None, names.decode("utf-8").split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _backend(call: str, source: Path, out: Path) -> Path:
    """Run one PEP 517 hook of setuptools in ``source`` (a subprocess: it changes directories)."""
    code = f"from setuptools import build_meta; print(build_meta.{call}({str(out)!r}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=source, check=True, capture_output=True, text=True)
    return out / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paket")
    dist = root / "dist"
    sdist = _backend("build_sdist", _tracked_copy(root / "sumber"), dist)
    with tarfile.open(sdist) as archive:
        archive.extractall(root / "sdist", filter="data")
    (unpacked,) = (root / "sdist").iterdir()
    return _backend("build_wheel", unpacked, dist)


def _requirement_names(lines: list[str]) -> set[str]:
    names = set()
    for line in lines:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line.split("#", 1)[0])
        if match:
            names.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
    return names


def test_wheel_holds_every_module_template_and_asset(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    package = REPO / "generator"
    expected = {p.relative_to(REPO).as_posix() for p in package.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert expected - inside == set()
    assert any(name.startswith("generator/site/pages/") for name in inside)
    assert any(name.startswith("generator/site/opendata/") for name in inside)


def test_wheel_declares_the_runtime_requirements_and_entry_points(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(info).decode("utf-8"))
        entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode("utf-8")
    declared = _requirement_names(metadata.get_all("Requires-Dist") or [])
    # requirements/runtime.in also pins setuptools: the editable install builds without isolation.
    needed = _requirement_names((REPO / "requirements" / "runtime.in").read_text(encoding="utf-8").splitlines())
    assert needed - {"setuptools"} == declared
    assert "kerjasama = generator.commands.cli:main" in entry_points
    assert "kerjasama = generator.commands.mkdocs_plugin:KerjasamaPlugin" in entry_points


def test_installed_wheel_validates_and_builds_the_register(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True)
    register = tmp_path / "register"
    for name in REGISTER_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, register / name, ignore=shutil.ignore_patterns("_generated"))
        else:
            register.mkdir(exist_ok=True)
            shutil.copy2(source, register / name)
    assert not (register / "generator").exists()
    command = str(env_dir / "bin" / "kerjasama")
    checked = subprocess.run([command, "validate", "--as-of", AS_OF], cwd=register, capture_output=True, text=True,
                           check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 galat" in checked.stdout
    built = subprocess.run([command, "build", "--as-of", AS_OF], cwd=register, capture_output=True, text=True,
                           check=False)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    site = register / "site"
    agreements = sorted(p.stem for p in (REPO / "agreements").glob("*.yaml"))
    for agreement_id in agreements:
        assert (site / "kerja-sama" / agreement_id / "index.html").is_file(), agreement_id
        assert (site / "api" / "v1" / "kerja-sama" / f"{agreement_id}.json").is_file(), agreement_id
    # The generator that ran is the installed one, not a copy next to the register.
    origin = subprocess.run([str(python), "-c", "import generator; print(generator.__file__)"],
                            cwd=register, check=True, capture_output=True, text=True).stdout
    assert str(env_dir) in origin
