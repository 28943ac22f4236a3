"""The only module that reads agreement files from disk.

It lists the register, refuses symbolic links and badly named files, and hands bytes to
the strict YAML reader. Every file yields a :class:`Loaded` entry, readable or not, so no
file ever disappears between the folder and the report.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, make
from generator.project import Project
from generator.read.yamlstrict import Parsed, read_text

FILE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.yaml")


@dataclass
class Loaded:
    """One file of the register after reading: data is None when it could not be trusted."""

    file: str
    data: dict[str, Any] | None
    lines: Mapping[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def discover(project: Project, paths: Iterable[Path] = ()) -> list[Path]:
    """Files to check: the given paths (folders expanded), else everything in agreements/.

    A register folder holds agreement files only, so every entry except hidden dot files is
    checked: a file saved as ``x.YAML`` or ``x.yaml.txt``, or put in a sub-folder, is
    reported instead of silently missing from the site.
    """
    chosen = list(paths) or [project.agreements]
    found: set[Path] = set()
    for path in chosen:
        if path.is_dir() and not path.is_symlink():
            found.update(p for p in path.iterdir() if not p.name.startswith("."))
        else:
            found.add(path)
    return sorted(found)


def load_file(project: Project, path: Path, resolve: Callable[[Path], Path] = Path.resolve) -> Loaded:
    file = project.relative(path, resolve)
    if path.is_symlink():
        return Loaded(file, None, diagnostics=[make("tautan-simbolik", file, "Berkas ini adalah tautan simbolik.")])
    if path.is_dir():
        return Loaded(file, None, diagnostics=[make(
            "nama-berkas-tidak-sah", file, f"'{path.name}' adalah folder; register tidak membaca isi subfolder.",
            hint="Pindahkan berkas naskah langsung ke folder register (agreements/), lalu hapus subfolder ini.")])
    if not FILE_NAME.fullmatch(path.name):
        message = f"Nama berkas '{path.name}' tidak sah."
        if path.suffix.lower() in {".yml", ".yaml"} and path.suffix != ".yaml":
            message = f"Ekstensi '{path.suffix}' tidak dipakai: '{path.name}'."
        slug = re.sub(r"[^a-z0-9]+", "-", path.name.split(".", 1)[0].lower()).strip("-")
        hint = f"Ganti nama menjadi {slug}.yaml, sama dengan id di dalamnya." if slug else None
        return Loaded(file, None, diagnostics=[make("nama-berkas-tidak-sah", file, message, hint=hint)])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Loaded(file, None, diagnostics=[make("berkas-tidak-terbaca", file,
                                                    f"Berkas tidak dapat dibaca: {exc.strerror or exc}.")])
    parsed: Parsed = read_text(raw, file)
    return Loaded(file, parsed.data, parsed.lines, parsed.diagnostics)


def load_files(project: Project, paths: Iterable[Path]) -> list[Loaded]:
    """:func:`load_file` for each path, resolving each folder once (a register shares one)."""
    resolve = functools.cache(Path.resolve)
    return [load_file(project, path, resolve) for path in paths]


def load_all(project: Project, paths: Iterable[Path] = ()) -> list[Loaded]:
    return load_files(project, discover(project, paths))
