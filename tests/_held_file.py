"""A slide file the mock serves up to a point and then holds, so a download can be caught
mid-way (killed, signalled, or raced by another download) at a moment the test chooses."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from sectra_client._download._partial_files import is_temporary_file_name
from sectra_client.mock_server import GeneratedFile

__all__ = ["HeldFile", "wait_for_temporary_file"]


DRIP_BYTES = 64 * 1024
DRIP_SECONDS = 0.02


@dataclass(frozen=True)
class HeldFile(GeneratedFile):
    """A :class:`GeneratedFile` whose body stops after ``held_at`` bytes until ``release`` is
    set: the connection stays open, sending nothing, or with ``drip`` a trickle of 64 KiB every
    20 ms (about 3 MiB/s, so a client keeps receiving but cannot finish soon)."""

    held_at: int = 0
    drip: bool = False
    release: threading.Event = field(default_factory=threading.Event, compare=False)

    async def chunks(self, size: int) -> AsyncIterator[bytes | memoryview]:
        offset = 0
        async for piece in super().chunks(size):
            chunk = memoryview(piece)
            while chunk:
                if offset < self.held_at or self.release.is_set():
                    take = chunk if offset >= self.held_at else chunk[: self.held_at - offset]
                elif self.drip:
                    take = chunk[:DRIP_BYTES]
                    await asyncio.sleep(DRIP_SECONDS)
                else:
                    await asyncio.sleep(0.01)
                    continue
                yield take
                offset += len(take)
                chunk = chunk[len(take) :]


def wait_for_temporary_file(folder: Path, timeout: float = 30.0) -> Path:
    """The first download temporary file that appears in ``folder``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if folder.is_dir():
            for path in folder.iterdir():
                if is_temporary_file_name(path.name) and path.stat().st_size > 0:
                    return path
        time.sleep(0.01)
    raise AssertionError(f"no temporary download file appeared in {folder}")
