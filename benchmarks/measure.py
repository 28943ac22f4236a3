"""Measuring one child process: wall time and its own peak memory, plus sizes on disk.

Peak memory comes from ``os.wait4``: the kernel reports the largest resident set of the
child and of every descendant it waited for (``kerjasama build`` runs MkDocs as a child),
so each measurement is isolated from the benchmark process and from earlier runs.
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
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measure(seconds, usage.ru_maxrss / 1024, child.returncode, out.read(), err.read())


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
