"""Measuring one child process: wall time, CPU time and peak memory, plus sizes on disk.

``peak_mb`` is the largest resident set of the child or of any one descendant
(``kerjasama build`` runs MkDocs as a child). It comes from ``os.wait4``, except where
``wait4`` cannot tell: Linux carries the resident high-water mark of the process that forks
over the child's ``exec`` (measured: a benchmark that held 414 MB once reports 414 MB for
``python -c pass``), so a child whose real peak is below the benchmark's own is reported at the
benchmark's. Then ``peak_mb`` is the largest ``VmHWM`` (each process's own high-water mark,
which ``exec`` resets) read from ``/proc`` while the tree runs. The machine needs the *sum* of
the processes alive at the same moment, which ``wait4`` cannot tell; ``tree_peak_mb`` is that
sum of proportional set sizes (memory a forked worker shares with its parent counts once),
sampled from ``/proc`` every 100 ms (a peak shorter than that can be missed, so it is a lower
bound; the larger of the two is what a build needs).
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
    floor_kb = _status_kb("self", "VmHWM:")  # what wait4 reports at least (see the module's text)
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
        peak_kb = usage.ru_maxrss
        if peak_kb <= floor_kb and sampler.hwm_kb:
            peak_kb = sampler.hwm_kb
        return Measure(seconds, peak_kb / 1024, child.returncode, out.read(), err.read(),
                       cpu_s=round(usage.ru_utime + usage.ru_stime, 2), tree_peak_mb=round(sampler.peak_kb / 1024, 1))


class _TreeSampler(threading.Thread):
    """Largest sum of resident memory over a process and its descendants, and the largest
    high-water mark of any one of them, read from /proc."""

    INTERVAL_S = 0.1

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.hwm_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            tree = _tree(self.pid)
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in tree))
            self.hwm_kb = max([self.hwm_kb, *(_status_kb(str(pid), "VmHWM:") for pid in tree)])
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
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return _status_kb(str(pid), "VmRSS:")


def _status_kb(pid: str, field: str) -> int:
    """A size line of /proc/<pid>/status in kB (0 when the process is gone or it has none)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
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
