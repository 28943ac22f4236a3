"""Where the caches between runs live, and what every cache digest starts from (issue 16).

A plain directory (default ``.cache/kerjasama/`` under the project root, git-ignored; the
environment variable ``KERJASAMA_CACHE_DIR`` moves it, so CI can keep it with actions/cache).
Each cache has its own folder in it: the post-build scan's ``scan/``
(generator.verify.scancache) and generation's ``gen/`` (generator.site.outputcache).
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

ENVIRONMENT = "KERJASAMA_CACHE_DIR"
DEFAULT_DIR = ".cache/kerjasama"
GENERATOR = Path(__file__).resolve().parent


def cache_root(project_root: Path) -> Path:
    """Where the caches live: ``$KERJASAMA_CACHE_DIR`` or ``.cache/kerjasama`` under the project."""
    configured = os.environ.get(ENVIRONMENT, "").strip()
    return Path(configured) if configured else project_root / DEFAULT_DIR


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
