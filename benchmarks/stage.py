"""One full build of a checkout, timed stage by stage; prints one JSON object.

Run as a child of the benchmark: ``python -m benchmarks.stage ROOT SITE_DIR AS_OF``. It calls
the same functions as ``kerjasama build`` in the same order (``generate``: validation, git
history, index, page families, writing; ``mkdocs build --strict``; post-build checks) and
reports each stage's wall and CPU time. As there, generation runs in a forked child that
returns only a summary; its peak memory is the child's own (``RUSAGE_SELF``). The benchmark
reads the largest single process with ``wait4`` and samples the sum over the whole tree
(benchmarks/measure.py).
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import sys
import time
from functools import partial
from pathlib import Path

from benchmarks import measure
from generator.commands.build import POSTBUILD_CHECKS, Summary, ValidationFailed, generate, run_mkdocs
from generator.parallel import in_child
from generator.project import Project
from generator.read import siteconfig
from generator.site import search


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process and of every child it has reaped (forked workers, MkDocs)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _generate(project: Project, as_of: dt.date) -> tuple[Summary, float]:
    """The generation and the peak memory of the process that ran it."""
    summary = generate(project, as_of, siteconfig.load(project.root)).summary()
    return summary, _peak_mb(resource.RUSAGE_SELF)


def main(argv: list[str]) -> int:
    root, site_dir, as_of = Path(argv[0]).resolve(), Path(argv[1]).resolve(), dt.date.fromisoformat(argv[2])
    postbuild = "--no-postbuild" not in argv[3:]
    project = Project(root)
    shutil.rmtree(project.generated, ignore_errors=True)  # a cold generation, as in CI
    times: dict[str, float] = {}
    clock, cpu = time.perf_counter(), _cpu_s()

    def lap(name: str) -> None:
        nonlocal clock, cpu
        now, now_cpu = time.perf_counter(), _cpu_s()
        times[f"{name}_s"], times[f"{name}_cpu_s"] = round(now - clock, 3), round(now_cpu - cpu, 3)
        clock, cpu = now, now_cpu

    # As kerjasama build: generation in a forked child that hands back a summary.
    try:
        summary, generator_peak = in_child(partial(_generate, project, as_of))
    except ValidationFailed as exc:
        print(json.dumps({"error": f"{len(exc.result.errors)} galat"}))
        return 1
    lap("generate")
    code = run_mkdocs(project, site_dir, as_of)
    lap("mkdocs")
    pagefind_peak = None
    if code == 0:  # as kerjasama build: Pagefind indexes the built site before the checks, one bundle at a time
        for bundle in search.plan(site_dir):
            with search.pages_tree(site_dir, bundle) as pages:  # its own peak memory, from wait4
                measured = measure.run(search.command(pages, site_dir / bundle.folder))
            code, pagefind_peak = measured.returncode, round(max(pagefind_peak or 0.0, measured.peak_mb), 1)
            if code != 0:
                break
    lap("pagefind")
    checks = POSTBUILD_CHECKS if postbuild else ()
    problems = [p for check in checks for p in check(project, site_dir, summary)] if code == 0 else []
    lap("postbuild")
    print(json.dumps({**times, "pages": len(summary.pages), "records": len(summary.record_ids),
                      "mkdocs_code": code, "postbuild_problems": len(problems), "problems_sample": problems[:5],
                      "generator_peak_mb": round(generator_peak, 1), "postbuild_run": postbuild,
                      **({"pagefind_peak_mb": pagefind_peak} if pagefind_peak is not None else {})}))
    return 0 if code == 0 and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
