"""One full build of a checkout, timed stage by stage; prints one JSON object.

Run as a child of the benchmark: ``python -m benchmarks.stage ROOT SITE_DIR AS_OF``. It goes
through the same functions as ``kerjasama build`` (validate, index, page families, write,
``mkdocs build --strict``, post-build checks), in the same order, and reports each stage's
time. Peak memory of the generator is this process's own (``RUSAGE_SELF``). MkDocs runs as a
child; the benchmark reads the peak of the whole tree with ``wait4`` (a child's figure never
falls below its parent's RSS at the moment it was started, so MkDocs alone is not separable
when it needs less than the generator).
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import sys
import time
from pathlib import Path

from generator import siteconfig
from generator.build import POSTBUILD_CHECKS, Generated, context_for, iter_pages, run_mkdocs, write_pages
from generator.project import Project
from generator.validate import Environment, validate


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    root, site_dir, as_of = Path(argv[0]).resolve(), Path(argv[1]).resolve(), dt.date.fromisoformat(argv[2])
    postbuild = "--no-postbuild" not in argv[3:]
    project = Project(root)
    shutil.rmtree(project.generated, ignore_errors=True)  # a cold generation, as in CI
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = round(now - clock, 3)
        clock = now

    env = Environment.load(project)
    result = validate(env, as_of)
    lap("validate_s")
    if result.errors:
        print(json.dumps({"error": f"{len(result.errors)} galat"}))
        return 1
    ctx = context_for(env, result, as_of, siteconfig.load(project.root))
    lap("index_s")
    # Pages are written as each family yields them (generator.build streams), so page
    # production and writing are one stage: pages_s includes the writes, write_s is 0.
    pages, written, removed = write_pages(project.generated, iter_pages(ctx))
    lap("pages_s")
    lap("write_s")
    generated = Generated(result, ctx.index, pages, written, removed)
    generator_peak = _peak_mb(resource.RUSAGE_SELF)
    code = run_mkdocs(project, site_dir, as_of)
    lap("mkdocs_s")
    checks = POSTBUILD_CHECKS if postbuild else ()
    problems = [p for check in checks for p in check(project, site_dir, generated)] if code == 0 else []
    lap("postbuild_s")
    times["generate_s"] = round(times["validate_s"] + times["index_s"] + times["pages_s"] + times["write_s"], 3)
    print(json.dumps({**times, "pages": len(pages), "records": len(result.records), "mkdocs_code": code,
                      "postbuild_problems": len(problems), "problems_sample": problems[:5],
                      "generator_peak_mb": round(generator_peak, 1), "postbuild_run": postbuild}))
    return 0 if code == 0 and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
