"""Split a long, ordered list of independent jobs between this process and forked workers.

Used where a large register or site makes per-item work take seconds (reading agreement files,
scanning built pages). The result is the same list in the same order as a plain loop; below
``min_items``, on a platform without fork, or in a process with other threads (``mkdocs
serve``'s watcher: forking beside threads is unsafe), it simply is a plain loop.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Out = TypeVar("Out")


def map_chunks(work: Callable[[Sequence[Item]], list[Out]], items: Sequence[Item], *, min_items: int) -> list[Out]:
    """``work`` over contiguous chunks of ``items``, concatenated in order."""
    workers = min(os.cpu_count() or 1, 8) - 1  # this process takes a share too
    if len(items) < min_items or workers < 1 or threading.active_count() > 1 \
            or "fork" not in multiprocessing.get_all_start_methods():
        return work(items)
    share = len(items) // (workers + 1)
    chunks = [items[i * share:(i + 1) * share] for i in range(workers)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(work, chunk) for chunk in chunks]
        mine = work(items[workers * share:])
        theirs = [out for future in futures for out in future.result()]
    return theirs + mine
