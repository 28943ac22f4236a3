"""Where the build's caches live, and how an entry is written and read (issue 16).

One folder holds every cache of a stage, each in its own subfolder: ``gen/`` (generation's
per-agreement outputs, generator/site/outputcache.py), ``scan/`` (the post-build
scan, generator/verify/scancache.py), ``mkdocs/`` (rendered pages, generator/commands/mkdocs_plugin.py)
and ``pagefind/`` (the search index, generator/site/search.py). The folder is ``.cache/kerjasama``
under the project root (git-ignored), or ``$KERJASAMA_CACHE_DIR`` (CI keeps it with actions/cache).
``KERJASAMA_CACHE=0`` turns every cache off: each stage then does its whole work, as on a cold run.

An entry is written to a temporary file beside it and renamed, so a reader sees a whole entry or
none; a cache that cannot be written or read is never an error (the stage just does the work).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

ENVIRONMENT = "KERJASAMA_CACHE_DIR"
SWITCH = "KERJASAMA_CACHE"
DEFAULT_DIR = ".cache/kerjasama"
GENERATOR = Path(__file__).resolve().parent


OFF = frozenset({"0", "false", "no", "off"})


def enabled() -> bool:
    """False when ``KERJASAMA_CACHE`` is 0 (or false, no, off): no cache is read or written."""
    return os.environ.get(SWITCH, "").strip().lower() not in OFF


def cache_root(project_root: Path) -> Path:
    """Where the caches live: ``$KERJASAMA_CACHE_DIR`` or ``.cache/kerjasama`` under the project."""
    configured = os.environ.get(ENVIRONMENT, "").strip()
    return Path(configured) if configured else project_root / DEFAULT_DIR


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` whole or not at all (folders made as needed); False if it could not be."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
    return True


def read(path: Path) -> bytes | None:
    """The bytes of an entry, or None when it is missing or unreadable."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def code_files(root: Path = GENERATOR) -> Iterator[Path]:
    """Every file of the generator package (code, templates, theme tables), sorted; no bytecode."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path


def versions(packages: Iterable[str]) -> dict[str, str]:
    """Installed version of each distribution ("?" when it is not installed)."""
    found = {}
    for name in packages:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "?"
    return found
