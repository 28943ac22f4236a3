"""Where ``kerjasama build`` may put a site, and how the site gets there whole.

- :func:`check_site_dir` refuses, before anything is generated, an output folder that is, holds
  or lies inside a project input (``mkdocs build --clean`` empties its output folder: ``--site-dir
  agreements`` deleted the register), and a non-empty folder that is not a site this tool built.
  A built site carries :data:`MARKER`; the default ``site/`` of the checkout is accepted without
  it (sites built before the marker existed).
- :func:`staging` gives MkDocs a fresh folder beside the target (same file system), removed again
  when the build fails or is interrupted; :func:`publish` writes the marker and swaps the folder
  in with two renames while interrupts wait. Until then the previous site stays as it was.
  MkDocs links the files whose bytes did not change to the previous site's (hard links, never
  written through: generator/commands/mkdocs_plugin.py ``PreviousSite``), so removing the
  retired folder after the swap drops links instead of freeing the whole site.

The caller holds the project lock (generator.commands.lock) from staging to publishing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.faults import EXIT_REFUSED, Fault, from_os_error
from generator.parallel import interrupts_held
from generator.project import Project

MARKER = ".kerjasama-situs"
MARKER_TEXT = "Situs hasil `kerjasama build`. Build berikutnya mengganti seluruh isi folder ini.\n"
# Everything a build reads, by name under the repository root; the register may live elsewhere.
INPUTS = ("agreements", "schema", "data", "docs", "generator", "tests", "benchmarks", "mkdocs.yml", ".git")
_NEW, _OLD = "kerjasama-baru-", "kerjasama-lama-"


def _refused(reason: str) -> Fault:
    return Fault(f"--site-dir {reason}; situs tidak dibangun",
                 "pilih folder baru, folder kosong, atau folder situs hasil kerjasama build seperti site/",
                 EXIT_REFUSED)


def _inputs(project: Project, root: Path) -> list[tuple[str, Path]]:
    named = [(name, (root / name).resolve()) for name in INPUTS]
    return [*named, (project.relative(project.agreements), project.agreements.resolve())]


def check_site_dir(project: Project, site_dir: Path) -> None:
    """Raise a :class:`Fault` unless a build may empty and replace ``site_dir`` (an absolute, resolved path)."""
    root = project.root.resolve()
    if site_dir == root or root.is_relative_to(site_dir):
        raise _refused(f"{site_dir} adalah folder proyek atau induknya")
    for name, path in _inputs(project, root):
        if path == site_dir or path.is_relative_to(site_dir):
            raise _refused(f"{site_dir} adalah atau memuat masukan proyek {name}")
        if site_dir.is_relative_to(path):
            raise _refused(f"{site_dir} berada di dalam masukan proyek {name}")
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise Fault(f"--site-dir {site_dir} adalah berkas, bukan folder; situs tidak dibangun",
                    "hapus atau pindahkan berkas itu, atau pilih folder lain")
    if (site_dir / MARKER).is_file() or site_dir == root / "site":
        return
    try:
        foreign = next(site_dir.iterdir(), None) is not None
    except OSError as exc:
        raise from_os_error(exc, "membaca folder situs") from exc
    if foreign:
        raise _refused(f"{site_dir} berisi berkas lain dan bukan situs hasil kerjasama build (tanpa {MARKER})")


def _leftovers(site_dir: Path) -> Iterator[Path]:
    """Folders an earlier build left beside the site when it was killed outright (with the folders of
    page links that generator/site/search.py makes beside the staged site, named after it)."""
    prefixes = tuple(f"{dots}{site_dir.name}.{kind}" for kind in (_NEW, _OLD) for dots in (".", ".."))
    for entry in site_dir.parent.iterdir():
        if entry.name.startswith(prefixes) and entry.is_dir() and not entry.is_symlink():
            yield entry


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """An empty folder beside ``site_dir`` for MkDocs; removed on the way out unless published."""
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        for leftover in _leftovers(site_dir):
            shutil.rmtree(leftover)
        staged = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.{_NEW}", dir=site_dir.parent))
        staged.chmod(0o777 & ~_umask())  # as MkDocs would create it, not mkdtemp's 0700
    except OSError as exc:
        raise from_os_error(exc, "menyiapkan folder situs") from exc
    try:
        yield staged
    finally:
        shutil.rmtree(staged, ignore_errors=True)  # gone already once published


def publish(staged: Path, site_dir: Path) -> Path | None:
    """Put the checked site in place of ``site_dir``; the previous site's folder if it could not be removed."""
    try:
        (staged / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        retired = _swap(staged, site_dir)
    except OSError as exc:
        raise from_os_error(exc, "menerbitkan situs") from exc
    if retired is None:
        return None
    try:
        shutil.rmtree(retired)
    except OSError:
        return retired  # the new site is in place; the caller reports what is left behind
    return None


def _swap(staged: Path, site_dir: Path) -> Path | None:
    with interrupts_held():
        if not site_dir.exists():
            os.rename(staged, site_dir)
            return None
        retired = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.{_OLD}", dir=site_dir.parent))
        try:
            os.rename(site_dir, retired)  # replaces the empty folder just made
        except OSError:
            retired.rmdir()
            raise
        try:
            os.rename(staged, site_dir)
        except OSError:
            os.rename(retired, site_dir)
            raise
        return retired
