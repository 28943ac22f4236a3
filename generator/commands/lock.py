"""One writer per checkout: ``kerjasama build``, ``kerjasama generate`` and the MkDocs hooks'
generation (``mkdocs serve``) take the same lock before they write ``docs/_generated/`` or a site.

The lock is ``fcntl.flock`` on :data:`LOCK_NAME` in the repository root (git-ignored). The
system releases it when its holder ends, however it ends, so a killed build leaves no stale
lock. A second command waits up to :data:`WAIT_SECONDS`, saying so once, then gives up with a
:class:`~generator.faults.Fault`. ``kerjasama build`` holds the lock from generation to the
published site; the ``mkdocs build`` it starts does not generate (``KERJASAMA_PAGES_READY``),
so its hooks never ask for the lock and cannot wait for their own parent.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.faults import Fault, from_os_error

LOCK_NAME = ".kerjasama.lock"
WAIT_SECONDS = 600.0  # a full build of 10,000 agreements takes a few minutes (docs/panduan/kinerja.md)
_POLL_SECONDS = 0.2


@contextlib.contextmanager
def held(root: Path, *, wait: float | None = None, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project's lock for the block, waiting ``wait`` seconds at most (default
    :data:`WAIT_SECONDS`); ``waiting`` is told once when another process holds it."""
    path = root / LOCK_NAME
    wait = WAIT_SECONDS if wait is None else wait
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise from_os_error(exc, "membuka berkas kunci") from exc
    try:
        _acquire(fd, path, wait, waiting)
        yield
    finally:
        os.close(fd)  # releases the lock too


def _acquire(fd: int, path: Path, wait: float, waiting: Callable[[str], None] | None) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass
        else:
            return
        if time.monotonic() >= deadline:
            raise Fault(f"proses lain masih membangun atau menulis halaman proyek ini (kunci {path}); "
                        f"sudah ditunggu {wait:.0f} detik",
                        "tunggu sampai proses itu selesai atau hentikan, lalu ulangi")
        if not told and waiting is not None:
            waiting(f"Menunggu proses lain yang memegang kunci {path} (paling lama {wait:.0f} detik)...")
            told = True
        time.sleep(_POLL_SECONDS)
