"""Preview latency: edit one agreement file under ``mkdocs serve`` and poll its page.

Starts ``mkdocs serve --livereload --dirty`` (what ``make serve`` runs) on a loopback port for the
checkout, waits for the first build, then changes the title of one agreement several
times; each time it polls that agreement's page until the new title is served. Every loop
is bounded in time, and the server is stopped by its own process id.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL_S = 0.05
# What `make serve` passes (Makefile SERVE_ARGS).
SERVE_ARGS = ("--livereload", "--dirty")

# The server runs from this repository so that ``import generator`` finds the real package (with its
# templates), not the checkout's generator/ folder, which holds only the MkDocs hooks file.
REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, needle: str | None, limit: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        body = _fetch(url)
        if body is not None and (needle is None or needle in body):
            return time.perf_counter() - started
        time.sleep(POLL_S)
    return None


def measure_preview(root: Path, as_of: str, edits: int = 3, limit: float = 120.0) -> dict[str, object]:
    """Median seconds from saving an edited YAML file to the page showing the edit."""
    files = sorted((root / "agreements").glob("*.yaml"))
    target = files[len(files) // 2]
    agreement_id = target.stem
    port = _free_port()
    env = dict(os.environ, KERJASAMA_AS_OF=as_of)
    env.pop("KERJASAMA_PAGES_READY", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *SERVE_ARGS, "-f", str(root / "mkdocs.yml"),
         "-a", f"127.0.0.1:{port}"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = f"http://127.0.0.1:{port}/kerja-sama/{agreement_id}/"
    original = target.read_text(encoding="utf-8")
    try:
        first = _wait_for(page, None, limit)
        if first is None:
            return {"error": f"halaman {page} tidak tersedia dalam {limit:.0f} detik"}
        time.sleep(2.0)  # let the watcher settle after the first build
        samples: list[float] = []
        for edit in range(edits):
            marker = f"Uji pratinjau {edit} {time.time_ns()}"
            text = re.sub(r"^judul: .*$", f"judul: {marker}", original, count=1, flags=re.M)
            target.write_text(text, encoding="utf-8")
            seconds = _wait_for(page, marker, limit)
            if seconds is None:
                return {"error": f"suntingan {edit + 1} tidak tampil dalam {limit:.0f} detik", "samples": samples}
            samples.append(round(seconds, 2))
            time.sleep(1.0)
        return {"first_build_s": round(first, 1), "samples_s": samples, "median_s": statistics.median(samples)}
    finally:
        target.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
