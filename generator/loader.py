"""The only module that reads agreement files from disk.

It lists the register, refuses symbolic links and badly named files, and hands bytes to
the strict YAML reader. Every file yields a :class:`Loaded` entry, readable or not, so no
file ever disappears between the folder and the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, make
from generator.project import Project
from generator.yamlstrict import Parsed, read_text

FILE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.yaml")


@dataclass
class Loaded:
    """One file of the register after reading: data is None when it could not be trusted."""

    file: str
    data: dict[str, Any] | None
    lines: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def discover(project: Project, paths: Iterable[Path] = ()) -> list[Path]:
    """Files to check: the given paths (folders expanded), else every YAML file in agreements/."""
    chosen = list(paths) or [project.agreements]
    found: set[Path] = set()
    for path in chosen:
        if path.is_dir() and not path.is_symlink():
            found.update(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"} or p.is_symlink())
        else:
            found.add(path)
    return sorted(found)


def load_file(project: Project, path: Path) -> Loaded:
    file = project.relative(path)
    if path.is_symlink():
        return Loaded(file, None, diagnostics=[make("tautan-simbolik", file, "Berkas ini adalah tautan simbolik.")])
    if not FILE_NAME.fullmatch(path.name):
        problem = make("nama-berkas-tidak-sah", file, f"Nama berkas '{path.name}' tidak sah.")
        if path.suffix == ".yml":
            problem = make("nama-berkas-tidak-sah", file, f"Ekstensi '.yml' tidak dipakai: '{path.name}'.",
                           hint=f"Ganti nama menjadi {path.stem}.yaml.")
        return Loaded(file, None, diagnostics=[problem])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Loaded(file, None, diagnostics=[make("berkas-tidak-terbaca", file,
                                                    f"Berkas tidak dapat dibaca: {exc.strerror or exc}.")])
    parsed: Parsed = read_text(raw, file)
    return Loaded(file, parsed.data, parsed.lines, parsed.diagnostics)


def load_all(project: Project, paths: Iterable[Path] = ()) -> list[Loaded]:
    return [load_file(project, path) for path in discover(project, paths)]
