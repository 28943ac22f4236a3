"""Generation with and without its cache (issue 16 point 1): ``python -m benchmarks.gencache --sizes 1000,10000``.

For each size, a synthetic register in a throw-away checkout (benchmarks.run.workspace) is
generated in a child process per scenario, as ``kerjasama generate`` does (forked worker included):

- ``cold``: no cache (``KERJASAMA_CACHE=0``), the pages already on disk from an earlier run;
- ``fill``: an empty cache (what a first run with the cache costs);
- ``warm``: nothing changed;
- ``edit``: one agreement's title changed;
- ``daily``: the as-of date one day later, no data changed.

Each prints wall time, CPU time (the process and its forked worker) and what the parent process
took from the cache and made (the worker's counts are not reported).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "out" / "incremental"


def child(root: Path, as_of: dt.date) -> dict[str, Any]:
    from generator.commands.build import generate  # noqa: PLC0415 - timed in the child only
    from generator.project import Project  # noqa: PLC0415
    from generator.read import siteconfig  # noqa: PLC0415

    start = time.perf_counter()
    generated = generate(Project(root), as_of, siteconfig.load(root))
    wall = time.perf_counter() - start
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    counts = generated.cache.counts if generated.cache is not None else None
    return {"wall_s": round(wall, 2), "cpu_s": round(sum(u.ru_utime + u.ru_stime for u in usage), 2),
            "written": generated.written, "hits": counts.hits if counts else None,
            "made": counts.made if counts else None}


def run(root: Path, cache: Path, as_of: dt.date, *, enabled: bool = True) -> dict[str, Any]:
    env = dict(os.environ, KERJASAMA_CACHE_DIR=str(cache), KERJASAMA_CACHE="1" if enabled else "0",
               PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "benchmarks.gencache", "--child", str(root), as_of.isoformat()],
                          env=env, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(done.stdout[-3000:] + done.stderr[-3000:])
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def measure(size: int, seed: int = 8) -> dict[str, Any]:
    from benchmarks.run import workspace  # noqa: PLC0415
    from benchmarks.synth import AS_OF, dump  # noqa: PLC0415

    root = workspace(WORK / f"n{size}", size, seed)
    cache = WORK / f"cache{size}"
    shutil.rmtree(cache, ignore_errors=True)
    out: dict[str, Any] = {"size": size}
    run(root, cache, AS_OF, enabled=False)  # the pages on disk, as in a working copy
    out["cold"] = run(root, cache, AS_OF, enabled=False)
    out["fill"] = run(root, cache, AS_OF)
    out["warm"] = run(root, cache, AS_OF)
    import yaml  # noqa: PLC0415

    path = sorted((root / "agreements").glob("*.yaml"))[size // 2]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["judul"] = f"{data['judul']} (diubah)"
    path.write_text(dump(data), encoding="utf-8")
    out["edit"] = run(root, cache, AS_OF)
    out["daily"] = run(root, cache, AS_OF + dt.timedelta(days=1))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "AS_OF"))
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(Path(args.child[0]), dt.date.fromisoformat(args.child[1]))))
        return 0
    for size in (int(s) for s in args.sizes.split(",")):
        print(json.dumps(measure(size)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
