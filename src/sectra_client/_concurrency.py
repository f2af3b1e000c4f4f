"""The sync counterparts of :mod:`sectra_client._concurrency_async`, under the same names, and
the worker count both sides use.

The generated sync modules import these where their async sources import ``_concurrency_async``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from sectra_client._deadlines import reading_until

__all__ = ["Lock", "deadline_scope", "run_blocking", "sleep", "worker_count"]

P = ParamSpec("P")
T = TypeVar("T")

Lock = threading.Lock
"""A lock shared by the threads that use one client."""


def sleep(seconds: float) -> None:
    """Wait ``seconds``."""
    time.sleep(seconds)


def run_blocking(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``function(*args, **kwargs)``, in the calling thread."""
    return function(*args, **kwargs)


@contextlib.contextmanager
def deadline_scope(deadline: float) -> Iterator[None]:
    """Within: reads and writes on the client's own connections end by ``deadline`` (a
    :func:`time.monotonic` time); the body reader checks it between chunks for any other.

    A thread cannot be interrupted: through another transport (an environment proxy, an
    ``http_client`` of the caller's) a dripped *header* is bounded only by httpx's limits.
    """
    with reading_until(deadline):
        yield


def worker_count(max_concurrency: int, task_count: int) -> int:
    """Workers (threads or tasks) for ``task_count`` tasks, at most ``max_concurrency``.

    Raises:
        ValueError: ``max_concurrency`` is less than 1.
    """
    if max_concurrency < 1:
        raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
    return min(max_concurrency, task_count)
