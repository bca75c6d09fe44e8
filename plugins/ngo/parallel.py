"""Independent work on every core: reading thousands of files, converting their Markdown.

Worker processes are forked, so they start in milliseconds with everything already
imported. Where fork is missing (Windows, macOS' default), or the work is too small to
pay for the processes, it runs here, one item after another: the result is the same.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import traceback
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import TypeVar

MIN_ITEMS = 100  # fewer run faster here than through worker processes
MAX_WORKERS = 8

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(MAX_WORKERS, cores)


def map_all(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[function(item) for item in items]``, spread over the cores.

    The items are shared out, every n-th to each of n processes: this one and n - 1 forked
    copies of it, which send back their results (picklable). Neighbours in a list tend to
    cost alike (one folder's files, one day's events), so the shares take about as long.
    This process working too, and no pool to start, saves what a pool of workers cost: a
    process more to copy memory into, and the items sent to it one by one.
    """
    count = workers()
    items = list(items)
    if count < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    shares = [items[i::count] for i in range(count)]
    with _frozen():
        done = _each_forked(lambda share: [function(item) for item in share], shares)
    results: list = [None] * len(items)
    for i, share in enumerate(done):
        results[i::count] = share
    return results


@contextmanager
def _frozen():
    """Keep the garbage collector of forked workers off what they share with this process.

    A collection in a worker walks every object it inherited (the whole loaded content),
    which costs time and, by touching them, copies their memory pages into the worker.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def each_in_process(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[function(item) for item in items]``, each item in its own process, all at once.

    For work whose results are mostly files (one language's pages): the first item runs
    here, every other one in a forked copy of this process, which sees everything loaded
    so far, writes its own files and sends back its (picklable) result. A failed copy (its
    traceback is on stderr) fails the whole call with ``SystemExit(1)``, as a build
    problem does. Without fork, or on one core, the items run here in turn.
    """
    items = list(items)
    if len(items) < 2 or workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    with _frozen():
        return _each_forked(function, items)


def _each_forked(function: Callable[[T], R], items: list[T]) -> list[R]:
    children = []
    for item in items[1:]:
        sys.stdout.flush()
        sys.stderr.flush()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: do its item and leave without running the parent's exit code
            os.close(read_end)
            code = 1
            try:
                data = pickle.dumps(function(item))
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                # Straight to the file descriptor: a lock of sys.stderr (Pelican's progress
                # display redirects it) may have been held by a thread at the fork, and
                # would then never be released in this copy.
                os.write(2, traceback.format_exc().encode(errors="replace"))
            finally:
                os._exit(code)
        os.close(write_end)
        children.append((pid, read_end))
    results: list = []
    failed = False
    try:
        results.append(function(items[0]))
    finally:
        for pid, read_end in children:  # read before waiting: a big result fills the pipe
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) or not data:
                failed = True
            else:
                results.append(pickle.loads(data))
    if failed:
        raise SystemExit(1)
    return results
