"""Builds that cost what changed (issue 16): the real ``kerjasama build`` cold, warm and daily.

For one synthetic register it runs, each in its own child process and through the same command
that people and CI run (``kerjasama build``, with ``KERJASAMA_CACHE_DIR`` pointing at a cache
folder of its own):

- ``cold``: an empty cache and no generated pages (what a fresh CI runner without
  actions/cache does);
- ``warm``: the same inputs again (nothing changed);
- ``edit``: one agreement's title changed (the everyday pull request);
- ``daily``: no data change, the as-of date one day later (the scheduled rebuild);

and a bare MkDocs + Material build of the same number of pages in the same run, for the ratio.
Each build writes its stages' seconds (``KERJASAMA_TIMINGS``, generator/commands/cli.py), so a
target that is not met is explained by where the time went.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks.bare import build_bare
from benchmarks.measure import Measure, run

TIMINGS_ENV = "KERJASAMA_TIMINGS"  # generator.commands.cli.TIMINGS_ENV (not imported: the CLI loads argparse etc.)
EDIT_SUFFIX = " (disunting untuk uji bangun bertahap)"


def _build(root: Path, site: Path, cache: Path, as_of: str, timings: Path) -> dict[str, Any]:
    env = dict(os.environ, KERJASAMA_CACHE_DIR=str(cache), **{TIMINGS_ENV: str(timings)})
    env.pop("KERJASAMA_AS_OF", None)
    timings.unlink(missing_ok=True)
    measure = run([sys.executable, "-m", "generator", "--root", str(root), "build", "--as-of", as_of,
                   "--site-dir", str(site)], env=env)
    if measure.returncode != 0:
        tail = (measure.stdout + measure.stderr)[-2000:]
        raise RuntimeError(f"kerjasama build gagal (kode {measure.returncode}):\n{tail}")
    stages: dict[str, Any] = json.loads(timings.read_text(encoding="utf-8")) if timings.is_file() else {}
    return {"s": round(measure.seconds, 2), "cpu_s": measure.cpu_s, "peak_mb": _peak(measure), "stages": stages}


def _peak(measure: Measure) -> float:
    """What the build needs: its largest process, or the processes alive together if more."""
    return round(max(measure.peak_mb, measure.tree_peak_mb), 1)


def edit_one(root: Path) -> str:
    """Change the title of the register's middle agreement; its id."""
    files = sorted((root / "agreements").glob("*.yaml"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    edited, count = re.subn(r"^(judul: .*?)(\s*)$", lambda m: m.group(1) + EDIT_SUFFIX + m.group(2), text, count=1,
                            flags=re.M)
    if count != 1 or len(edited) == len(text):
        raise RuntimeError(f"{target}: baris judul tidak ditemukan")
    target.write_text(edited, encoding="utf-8")
    return target.stem


def bench_bare_cpu(work: Path, size: int) -> dict[str, Any]:
    """A bare MkDocs + Material build of ``size`` plain pages: wall and CPU seconds, peak memory."""
    measure = build_bare(work, size)
    if measure.returncode != 0:
        raise RuntimeError(f"MkDocs polos gagal:\n{(measure.stdout + measure.stderr)[-2000:]}")
    return {"s": round(measure.seconds, 2), "cpu_s": measure.cpu_s, "peak_mb": _peak(measure)}


def bench_incremental(root: Path, work: Path, size: int, as_of: str, *, warm: bool = True) -> dict[str, Any]:
    """Cold, warm, one-edit and daily builds of the checkout at ``root``, and the bare yardstick.

    ``warm=False`` measures the cold build alone (the scale run: memory end to end)."""
    cache, site, timings = root.parent / "cache", root.parent / "site-bertahap", root.parent / "timings.json"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(root / "docs" / "_generated", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    row: dict[str, Any] = {"size": size, "load_avg": round(os.getloadavg()[0], 1)}
    row["cold"] = _build(root, site, cache, as_of, timings)
    if warm:
        row["warm"] = _build(root, site, cache, as_of, timings)
        row["edited"] = edit_one(root)
        row["edit"] = _build(root, site, cache, as_of, timings)
        next_day = (dt.date.fromisoformat(as_of) + dt.timedelta(days=1)).isoformat()
        row["daily"] = _build(root, site, cache, next_day, timings)
    row["bare"] = bench_bare_cpu(work, size)
    row["cache_mb"] = round(sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 1e6, 1) \
        if cache.is_dir() else 0.0
    return row
