"""The few I/O primitives in which async code differs from its sync twin, async side.

:mod:`sectra_client._concurrency` has the sync side under the same names; ``scripts/unasync.py``
turns an import of ``X_async`` into one of ``X`` when it writes a sync twin. Only this side
imports asyncio, so a program that uses only the sync client never loads it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import ParamSpec, TypeVar

from sectra_client._deadlines import DeadlineExceeded, reading_until

__all__ = ["Lock", "deadline_scope", "run_blocking", "sleep"]

P = ParamSpec("P")
T = TypeVar("T")

Lock = asyncio.Lock
"""A lock held across awaits (one event loop)."""


async def sleep(seconds: float) -> None:
    """Wait ``seconds`` without blocking the event loop."""
    await asyncio.sleep(seconds)


async def run_blocking(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``function(*args, **kwargs)`` in a worker thread, so disk work and image decoding never
    block the event loop."""
    return await asyncio.to_thread(function, *args, **kwargs)


@contextlib.asynccontextmanager
async def deadline_scope(deadline: float) -> AsyncIterator[None]:
    """Within: reads and writes end by ``deadline`` (a :func:`time.monotonic` time). The
    client's own connections cut their waits short; anything else is cancelled then.

    Raises:
        DeadlineExceeded: (an ``httpx.ReadTimeout``) the deadline passed.
    """
    with reading_until(deadline):
        try:
            async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                yield
        except TimeoutError as exc:
            raise DeadlineExceeded() from exc
