"""Build the site twice, from two checkouts of the generator, and compare the trees byte for byte.

Issue 17 demands that a restructure changes no byte of the site or the open data. This builds
``--code`` (a checkout whose ``generator/`` is imported through ``PYTHONPATH``) on the real
register of ``--project`` or on a synthetic one, with a fixed as-of date and
``SOURCE_DATE_EPOCH``, into ``--out``; ``--compare A B`` then lists every file that differs.

    python -m benchmarks.identical build --code /tmp/before --project /tmp/before --out /tmp/a
    python -m benchmarks.identical build --code . --project . --synthetic 1000 --out /tmp/b
    python -m benchmarks.identical compare /tmp/a /tmp/b
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.synth import write_register

AS_OF = dt.date(2026, 12, 4)
INPUTS = ("mkdocs.yml", "schema", "docs", "data", "agreements")


def _epoch(as_of: dt.date) -> str:
    return str(int(dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC).timestamp()))


def synthetic_project(project: Path, size: int, folder: Path) -> Path:
    """A copy of ``project``'s site inputs with a synthetic register of ``size`` agreements."""


    for name in INPUTS[:-1]:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("_generated"))
        else:
            shutil.copy2(source, folder / name)
    write_register(folder / "agreements", size, as_of=AS_OF)
    return folder


def build(code: Path, project: Path, out: Path, as_of: dt.date = AS_OF) -> int:
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONHASHSEED="0", TZ="UTC", LC_ALL="C.UTF-8",
               KERJASAMA_AS_OF=as_of.isoformat(), SOURCE_DATE_EPOCH=_epoch(as_of))
    command = [sys.executable, "-m", "generator", "--root", str(project), "build", "--site-dir", str(out),
               "--as-of", as_of.isoformat()]
    return subprocess.run(command, env=env, check=False).returncode


def differences(first: Path, second: Path) -> list[str]:
    """Repo-relative names of files that are missing on one side or differ in bytes."""
    found: list[str] = []

    def walk(compared: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"{prefix}{name} (hanya di satu sisi)"
                     for name in compared.left_only + compared.right_only)
        _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in sorted(compared.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(first, second), "")
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    making = sub.add_parser("build")
    making.add_argument("--code", type=Path, required=True)
    making.add_argument("--project", type=Path, required=True)
    making.add_argument("--out", type=Path, required=True)
    making.add_argument("--synthetic", type=int, default=0)
    comparing = sub.add_parser("compare")
    comparing.add_argument("first", type=Path)
    comparing.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    if args.command == "compare":
        found = differences(args.first, args.second)
        files = sum(1 for p in args.first.rglob("*") if p.is_file())
        print("\n".join(found) if found else f"identik: {files} berkas")
        return 1 if found else 0
    if args.synthetic:
        with tempfile.TemporaryDirectory(prefix="identical-") as folder:
            project = synthetic_project(args.project.resolve(), args.synthetic, Path(folder))
            return build(args.code.resolve(), project, args.out.resolve())
    return build(args.code.resolve(), args.project.resolve(), args.out.resolve())


if __name__ == "__main__":
    raise SystemExit(main())
