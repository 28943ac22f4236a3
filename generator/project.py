"""Where the register's parts live. Every path is relative to the repository root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The layout of one checkout of the register."""

    root: Path
    register: Path | None = None
    """Folder of agreement files when it is not ``agreements/`` (test fixtures, benchmarks)."""

    @property
    def agreements(self) -> Path:
        return self.register or self.root / "agreements"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @property
    def schema_file(self) -> Path:
        return self.schema_dir / "kerja-sama.schema.json"

    @property
    def codelist_dir(self) -> Path:
        return self.schema_dir / "kode"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def generated(self) -> Path:
        """Pages written by the generator; git-ignored."""
        return self.docs / "_generated"

    def relative(self, path: Path, resolve: Callable[[Path], Path] = Path.resolve) -> str:
        """Repository-relative POSIX path used in diagnostics.

        ``resolve`` may be a cached :meth:`Path.resolve` when many files share their folders.
        """
        try:  # resolve the folders but not the file itself: a symbolic link keeps its own name
            return (resolve(path.parent) / path.name).relative_to(resolve(self.root)).as_posix()
        except ValueError:
            return path.as_posix()


def find_root(start: Path | None = None) -> Path:
    """The nearest ancestor that holds ``schema/kerja-sama.schema.json``, else the start."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "schema" / "kerja-sama.schema.json").is_file():
            return candidate
    return here
