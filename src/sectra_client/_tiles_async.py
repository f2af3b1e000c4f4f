"""Fetching many tiles with a bound, async side: the twin of
:func:`sectra_client._tiles.fetch_tiles` under the same name (``scripts/unasync.py`` turns an
import of this module into one of that)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from sectra_client._concurrency import worker_count
from sectra_client._constants import DEFAULT_MAX_CONCURRENCY

__all__ = ["TileFetcher", "fetch_tiles"]

TileFetcher = Callable[[int, int, int], Awaitable[bytes]]
"""``await fetch_tile(level, col, row)``: one encoded tile."""


async def fetch_tiles(
    fetch_tile: TileFetcher,
    level: int,
    indices: Sequence[tuple[int, int]],
    *,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> dict[tuple[int, int], bytes]:
    """The async twin of :func:`fetch_tiles`: at most ``max_concurrency`` tasks.

    On the first failure the other tasks are cancelled and awaited, then that failure is
    raised (itself, not an ``ExceptionGroup``).
    """
    workers = worker_count(max_concurrency, len(indices))
    tiles: dict[tuple[int, int], bytes] = {}
    remaining = iter(indices)

    async def worker() -> None:
        for col, row in remaining:
            tiles[(col, row)] = await fetch_tile(level, col, row)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(workers):
                group.create_task(worker())
    except BaseExceptionGroup as failures:
        raise failures.exceptions[0] from None
    return tiles
