"""Feeding a response body to a :class:`~sectra_client._slide_files.SlideFileSink`: in batches,
and, for the async client, from a writer thread so the event loop never waits on the disk.

Both clients gather the body's chunks (up to 64 KiB, as httpx reads them) into batches of about
:data:`BATCH_BYTES` and feed each batch as one buffer: one parse step and one write per MiB
instead of sixteen or more, which saves about a tenth of a download's CPU for the cost of one
copy. When the connection breaks, the batch gathered so far is still fed, so every file that
arrived whole before the break is kept.

In the async client the sink works on one worker thread per download, which also joins the
batches: the loop reads the next batch while the thread writes the previous one. At most two
batches and one joined copy are held (about 3 MiB), and the loop waits on the disk only for
the handover. Handing the thread chunks one by one instead made the two threads pass the GIL
back and forth at every write, which cost about half as much CPU again as the whole download;
joining on the loop cost about a tenth (measured against the mock, see
``benchmarks/bench_download.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sectra_client._slide_files import ProgressCallback, SlideFileSink

__all__ = ["BATCH_BYTES", "ChunkBatcher", "ProgressRelay", "feed_batch", "write_body_in_thread"]

BATCH_BYTES = 1 << 20
"""Bytes gathered into one batch before it is fed to the sink: 1 MiB."""


class ChunkBatcher:
    """Gathers chunks into batches of at least ``batch_bytes`` bytes (the last one smaller).

    A batch is a list of the chunks; :func:`feed_batch` joins it (in the writer thread, for
    the async client, where the copy costs the event loop nothing).
    """

    def __init__(self, batch_bytes: int = BATCH_BYTES) -> None:
        self._batch_bytes = batch_bytes
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, chunk: bytes) -> list[bytes] | None:
        """Keep ``chunk``; return the batch it completes, or None."""
        self._chunks.append(chunk)
        self._size += len(chunk)
        if self._size < self._batch_bytes:
            return None
        return self.flush()

    def flush(self) -> list[bytes]:
        """Return what is gathered (maybe nothing) and start afresh."""
        chunks, self._chunks, self._size = self._chunks, [], 0
        return chunks


class ProgressRelay:
    """Carries the sink's progress reports from the writer thread to the event loop.

    The sink reports to :meth:`record` (in the writer thread); :meth:`deliver` (on the loop)
    calls the caller's hook with the latest report, if there is a new one.
    """

    def __init__(self, progress: ProgressCallback) -> None:
        self._progress = progress
        self._latest: tuple[int, int | None, str] | None = None

    def record(self, bytes_done: int, total: int | None, current_file: str, /) -> None:
        """Keep the latest report (the sink's :class:`ProgressCallback`)."""
        self._latest = (bytes_done, total, current_file)

    def deliver(self) -> None:
        """Pass the latest report, if new, to the caller's hook."""
        latest, self._latest = self._latest, None
        if latest is not None:
            self._progress(*latest)


async def write_body_in_thread(
    sink: SlideFileSink, chunks: AsyncIterator[bytes], relay: ProgressRelay | None = None
) -> list[Path]:
    """Feed every chunk of ``chunks`` to ``sink`` in batches and finish it, the sink working
    in a thread of its own.

    ``relay`` (the sink's progress hook) is delivered after each batch and at the end, so the
    caller's progress hook runs on the event loop, about once per :data:`BATCH_BYTES`.

    Returns:
        What :meth:`SlideFileSink.finish` returns.

    Raises:
        DownloadError: from the sink.
        Exception: whatever iterating ``chunks`` raises, once the bytes received before it
            are fed (so files that arrived whole are kept; the caller then aborts the sink).
            When this returns or raises, the writer thread has finished; if the call is
            cancelled, the batch being written is completed first (the loop waits for it).
    """
    loop = asyncio.get_running_loop()
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sectra-download")
    batcher = ChunkBatcher()
    writing: asyncio.Future[None] | None = None
    try:
        try:
            async for chunk in chunks:
                batch = batcher.add(chunk)
                if batch is None:
                    continue
                if writing is not None:
                    await writing
                    _deliver(relay)
                writing = loop.run_in_executor(executor, feed_batch, sink, batch)
                writing.add_done_callback(_retrieve_exception)
        except Exception:
            if writing is not None:
                await writing
            await loop.run_in_executor(executor, feed_batch, sink, batcher.flush())
            raise
        if writing is not None:
            await writing
        files = await loop.run_in_executor(executor, _feed_and_finish, sink, batcher.flush())
        _deliver(relay)
        return files
    finally:
        executor.shutdown(wait=True)


def feed_batch(sink: SlideFileSink, batch: list[bytes]) -> None:
    """Feed the chunks of ``batch`` to ``sink`` as one buffer (nothing when it is empty)."""
    if batch:
        sink.feed(batch[0] if len(batch) == 1 else b"".join(batch))


def _feed_and_finish(sink: SlideFileSink, rest: list[bytes]) -> list[Path]:
    feed_batch(sink, rest)
    return sink.finish()


def _retrieve_exception(future: asyncio.Future[None]) -> None:
    """Mark a batch's failure as seen, should the download end before it is awaited."""
    if not future.cancelled():
        future.exception()


def _deliver(relay: ProgressRelay | None) -> None:
    if relay is not None:
        relay.deliver()
