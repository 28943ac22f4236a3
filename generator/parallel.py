"""Split a long, ordered list of independent jobs between this process and forked workers.

Used where a large register or site makes per-item work take seconds (reading agreement files,
scanning built pages). The result is the same list in the same order as a plain loop; below
``min_items``, on a platform without fork, or in a process with other threads (``mkdocs
serve``'s watcher: forking beside threads is unsafe), it simply is a plain loop.

:func:`in_child` runs one job in a forked child so that the memory it used is returned to the
system when it ends (``kerjasama build`` generates the pages that way before MkDocs starts).
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Out = TypeVar("Out")


def _can_fork() -> bool:
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def in_child(work: Callable[[], Out]) -> Out:
    """``work()`` in a forked child; its result (pickled) or its exception comes back here.

    Only the result stays in this process: whatever ``work`` built on the way is freed with
    the child. Where forking is unsafe or unavailable, a plain call.
    """
    if not _can_fork():
        return work()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    sys.stdout.flush()  # else text buffered here would be written again by the child
    sys.stderr.flush()

    def run() -> None:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPTS)  # blocked by the parent around the fork
        outcome: tuple[bool, Any]
        try:
            outcome = (True, work())
        except BaseException as exc:  # not handled here: the parent raises it again
            outcome = (False, exc)
        try:
            send.send(outcome)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # a value that cannot travel
            send.send((False, RuntimeError(f"hasil proses anak tidak dapat dikirim: {exc!r}")))
        except BrokenPipeError:  # the parent was interrupted and no longer listens
            pass

    child = context.Process(target=run)
    with interrupts_held():
        child.start()
    send.close()
    try:
        ok, value = receive.recv()
    except EOFError:
        child.join()
        raise RuntimeError(f"proses anak berhenti tanpa hasil (kode keluar {child.exitcode})") from None
    child.join()
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def map_chunks(work: Callable[[Sequence[Item]], list[Out]], items: Sequence[Item], *, min_items: int,
               pieces_per_worker: int = 1) -> list[Out]:
    """``work`` over contiguous chunks of ``items``, concatenated in order.

    The items are cut into ``pieces_per_worker`` pieces per process. Workers are handed pieces
    from the front, a few at a time, and this process works from the back until the two meet;
    so a slower side takes fewer pieces, and the results of early pieces travel back while
    later ones are worked on. With one piece per process, each process takes one share.
    """
    workers = min(os.cpu_count() or 1, 8) - 1  # this process takes a share too
    if len(items) < min_items or workers < 1 or not _can_fork():
        return work(items)
    size = -(-len(items) // ((workers + 1) * pieces_per_worker))
    pieces = [items[start:start + size] for start in range(0, len(items), size)]
    key = next(_KEYS)
    _INHERITED[key] = work  # the workers are forked at the first submit and find it there
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_signals)
    try:
        futures: list[Future[list[Out]]] = []
        mine: dict[int, list[Out]] = {}
        back = len(pieces)

        def hand_out() -> None:  # keep each worker two pieces ahead, never the last piece
            while len(futures) < back - 1 and sum(not f.done() for f in futures) < 2 * workers:
                with interrupts_held():  # the first submit forks the workers
                    futures.append(pool.submit(_run_inherited, key, pieces[len(futures)]))

        hand_out()
        while len(futures) < back:
            back -= 1
            mine[back] = work(pieces[back])
            hand_out()
        # An error in a worker (an OSError writing a page) is raised again here, as itself.
        return [out for future in futures for out in future.result()] + \
            [out for index in sorted(mine) for out in mine[index]]
    finally:
        # On an error or Ctrl-C here, pieces not started are dropped and running ones finish:
        # a worker is never killed halfway through writing a file.
        pool.shutdown(wait=True, cancel_futures=True)
        del _INHERITED[key]


def _worker_signals() -> None:
    """A worker leaves Ctrl-C to the process that owns the pool (which stops handing out pieces)
    and dies of SIGTERM as a plain process does, so neither prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPTS)


_INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done and arrive right after it.

    Around a fork: Python runs its at-fork handlers there and drops an exception raised in one
    ("Exception ignored in ... _releaseLock"), so a Ctrl-C at that instant would be lost and the
    build go on. Around publishing a site: its two renames are never separated.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def signal_handled(signum: int, handler: Any) -> Iterator[None]:
    """``signum`` handled by ``handler`` inside the block, the previous handler restored after it;
    outside the main thread (where handlers cannot be set), nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signum, handler)
    try:
        yield
    finally:
        signal.signal(signum, previous)


# ``work`` is handed to the forked workers by inheritance, not by pickling, so it may hold
# what cannot be pickled (a compiled schema, read-only mappings); only items and results are.
_INHERITED: dict[int, Callable[[Sequence[Any]], list[Any]]] = {}
_KEYS = itertools.count()


def _run_inherited(key: int, chunk: Sequence[Any]) -> list[Any]:
    return _INHERITED[key](chunk)
