"""Measuring one child process: wall time, CPU time and peak memory, plus sizes on disk.

``peak_mb`` comes from ``os.wait4``: the kernel reports the largest resident set of the
child or of any one descendant it waited for (``kerjasama build`` runs MkDocs as a child),
so each measurement is isolated from the benchmark process and from earlier runs. The
machine needs the *sum* of the processes alive at the same moment, which ``wait4`` cannot
tell; ``tree_peak_mb`` is that sum of proportional set sizes (memory a forked worker shares
with its parent counts once), sampled from ``/proc`` every 100 ms (a peak shorter than that
can be missed, so it is a lower bound; the larger of the two is what a build needs).
``cpu_s`` is user + system time of the child and its descendants: unlike wall time, it
hardly moves when other work shares the machine.
"""

from __future__ import annotations

import gzip
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measure:
    """One finished child process."""

    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str
    cpu_s: float = 0.0
    tree_peak_mb: float = 0.0


def run(argv: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path | None = None,
        timeout: float = 3600) -> Measure:
    """Run ``argv`` to completion; time it and read its peak RSS from ``wait4``.

    Output goes to temporary files (no pipes to drain), so the benchmark reaps the child
    itself with ``wait4`` and keeps the kernel's resource usage for that child alone.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(list(argv), env=dict(env) if env is not None else None, cwd=cwd,
                                 stdin=subprocess.DEVNULL, stdout=out, stderr=err, text=True)
        killer = threading.Timer(timeout, child.kill)  # a hung build must not hang the benchmark
        killer.start()
        sampler = _TreeSampler(child.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
            sampler.stop()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measure(seconds, usage.ru_maxrss / 1024, child.returncode, out.read(), err.read(),
                       cpu_s=round(usage.ru_utime + usage.ru_stime, 2), tree_peak_mb=round(sampler.peak_kb / 1024, 1))


class _TreeSampler(threading.Thread):
    """Largest sum of resident memory over a process and its descendants, read from /proc."""

    INTERVAL_S = 0.1

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.pid)))
            self._done.wait(self.INTERVAL_S)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:  # the process ended between two reads, or /proc is not Linux's
            continue
    return found


def _rss_kb(pid: int) -> int:
    """Proportional set size (PSS): a forked worker's pages shared with its parent count once in
    the sum, as the machine holds them once; resident size (RSS) where the kernel has no PSS."""
    for path, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under ``folder``."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            files += 1
    return total, files


def gzip_size(path: Path) -> int:
    """Bytes on the wire when the host compresses the file (gzip level 6, as most static hosts)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(ram, 1),
            "python": platform.python_version(), "system": f"{platform.system()} {platform.machine()}",
            "executable": Path(sys.executable).name}
