"""The few I/O primitives in which async code differs from its sync twin, async side.

:mod:`sectra_client._concurrency` has the sync side under the same names; ``scripts/unasync.py``
turns an import of ``X_async`` into one of ``X`` when it writes a sync twin. Only this side
imports asyncio, so a program that uses only the sync client never loads it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["Lock", "run_blocking", "sleep"]

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
