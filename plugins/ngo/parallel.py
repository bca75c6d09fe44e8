"""Independent work on every core: reading thousands of files, converting their Markdown.

Worker processes are forked, so they start in milliseconds with everything already
imported. Where fork is missing (Windows, macOS' default), or the work is too small to
pay for the processes, it runs here, one item after another: the result is the same.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
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

    ``function`` must be a module-level function and items and results picklable.
    """
    count = workers()
    if count < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(count, mp_context=context) as pool:
        return list(pool.map(function, items, chunksize=max(1, len(items) // (8 * count))))
