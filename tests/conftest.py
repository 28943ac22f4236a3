"""Shared fixtures: the repository, the loaded environment and a fixed as-of date."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from constants import AS_OF, REPO

from generator.check.validate import Environment
from generator.project import Project


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(REPO)


@pytest.fixture(scope="session")
def env(project: Project) -> Environment:
    return Environment.load(project)


@pytest.fixture(scope="session")
def as_of() -> dt.date:
    return AS_OF


# --- building real sites -------------------------------------------------------------------
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from generator.commands.build import Generated, generate, run_mkdocs  # noqa: E402
from generator.diagnostics import Diagnostic  # noqa: E402
from generator.read import siteconfig  # noqa: E402
from generator.site import search  # noqa: E402


@dataclass(frozen=True)
class BuiltSite:
    """A site built by the real pipeline (generator + mkdocs build --strict + Pagefind)."""

    project: Project
    site: Path
    generated: Generated


def file_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) by its relative path, with its bytes: what
    byte-for-byte comparisons of built trees compare."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_site_project(root: Path, agreements: Path | None = None) -> Project:
    """A throw-away copy of the repository's site inputs, with another register if given.

    Builds never share ``docs/_generated/``, so tests with other registers or as-of dates can
    run side by side with the real one.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "schema", root / "schema", dirs_exist_ok=True)
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("_generated"))
    shutil.copytree(agreements or REPO / "agreements", root / "agreements", dirs_exist_ok=True)
    shutil.copytree(REPO / "data", root / "data", dirs_exist_ok=True)  # TKKSD data (data/tkksd.yaml)
    return Project(root)


def build_site(project: Project, as_of: dt.date, site_dir: Path | None = None) -> BuiltSite:
    generated = generate(project, as_of, siteconfig.load(project.root))
    site = site_dir or project.root / "site"
    code = run_mkdocs(project, site, as_of)
    assert code == 0, "mkdocs build --strict failed"
    indexed = search.index_site(site)
    assert indexed.returncode == 0, indexed.stdout + indexed.stderr
    return BuiltSite(project, site, generated)


@pytest.fixture(scope="session")
def site_builder(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., BuiltSite]:
    """Build a site from a given agreements folder (default: the real register) and as-of date."""

    def _build(agreements: Path | None = None, as_of: dt.date = AS_OF, name: str = "site") -> BuiltSite:
        root = tmp_path_factory.mktemp(name)
        return build_site(make_site_project(root / "repo", agreements), as_of, root / "site")

    return _build


@pytest.fixture(scope="session")
def real_site(site_builder: Callable[..., BuiltSite]) -> BuiltSite:
    """The real register built once per test session at the fixed as-of date."""
    return site_builder(name="real")


@pytest.fixture(scope="session")
def hostile_site(site_builder: Callable[..., BuiltSite], env: Environment,
                 tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The real register plus the hostile corpus's payload agreements (tests/hostile/), built once."""
    from hostile.corpus import HostileSite, build_register  # noqa: PLC0415 - only sessions that need it load the corpus

    register = tmp_path_factory.mktemp("hostile-register")
    cases = build_register(env.schema, register)
    return HostileSite(site_builder(agreements=register, name="hostile"), tuple(cases))


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pretend to have three cores and no other threads; count the worker pools started.

    Other tests in the session may leave helper threads (a local HTTP server) running; the guard
    that refuses to fork beside threads would then hide the path under test. The workers in
    these tests only read, render and write files, so forking beside those threads is safe.
    """
    from generator import parallel  # noqa: PLC0415 - only the tests that fork need it

    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 3)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    pools: list[int] = []
    real_pool = parallel.ProcessPoolExecutor

    def counting_pool(workers: int, **kwargs: object) -> object:
        pools.append(workers)
        return real_pool(workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", counting_pool)
    return pools


def located(problems: list[Diagnostic]) -> list[str]:
    """Post-build diagnostics as ``path:line: message`` (the path inside the site), for assertions on wording."""
    return [f"{d.file}:{d.line}: {d.message}" for d in problems]


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Project]:
    """A throw-away copy of the schema and the real register (for `kerjasama baru`)."""
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    shutil.copytree(REPO / "agreements", tmp_path / "agreements")
    yield Project(tmp_path)


def run_baru(project: Project, as_of: str, *flags: str) -> int:
    """`kerjasama baru --non-interaktif` on ``project``; its exit code."""
    from generator.commands.cli import main  # noqa: PLC0415 - only the tests of `baru` need the command line

    return main(["--root", str(project.root), "baru", "--non-interaktif", "--as-of", as_of, *flags])
