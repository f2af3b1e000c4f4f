"""The async client's batch writer: the twin of :class:`sectra_client._download._feed.BatchWriter`
under the same name, feeding the sink from a worker thread of its own.

The sink works on one worker thread per download, which also joins the batches: the loop reads
the next batch while the thread writes the previous one. At most two batches and one joined
copy are held (about 3 MiB), and the loop waits on the disk only for the handover. Handing the
thread chunks one by one instead made the two threads pass the GIL back and forth at every
write, which cost about half as much CPU again as the whole download; joining on the loop cost
about a tenth (measured against the mock, see ``benchmarks/bench_download.py``). The caller's
progress hook runs on the event loop, after each batch and at the end.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sectra_client._download._feed import ChunkBatcher, feed_batch
from sectra_client._download._progress import ProgressCallback
from sectra_client._download._sink import SlideFileSink

__all__ = ["BatchWriter", "ProgressRelay"]


class ProgressRelay:
    """Carries the sink's progress reports from the writer thread to the event loop.

    The sink reports to :meth:`record` (in the writer thread, about once per MiB and once per
    file); :meth:`deliver` (on the loop) passes the reports received since the last delivery
    to the caller's hook, in order, so the hook hears as often as the sync client's does.
    """

    def __init__(self, progress: ProgressCallback) -> None:
        self._progress = progress
        self._reports: list[tuple[int, int | None, str]] = []

    def record(self, bytes_done: int, total: int | None, current_file: str, /) -> None:
        """Keep a report (the sink's :class:`ProgressCallback`)."""
        self._reports.append((bytes_done, total, current_file))

    def deliver(self) -> None:
        """Pass the reports kept since the last delivery to the caller's hook."""
        reports, self._reports = self._reports, []
        for report in reports:
            self._progress(*report)


class BatchWriter:
    """Feeds a sink the body's chunks in batches, the sink working in a thread of its own.

    Used as :class:`sectra_client._download._feed.BatchWriter` is, with ``await`` and
    ``async with``. When the writer's context ends, the writer thread has finished (a batch
    being written when the download is cancelled is completed first; the loop waits for it).
    """

    def __init__(self, progress: ProgressCallback | None = None) -> None:
        self._relay = ProgressRelay(progress) if progress is not None else None
        self.progress: ProgressCallback | None = (
            self._relay.record if self._relay is not None else None
        )
        """The progress hook to give the sink (it relays to the caller's hook on the loop)."""
        self._batcher = ChunkBatcher()
        self._sink: SlideFileSink | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._writing: asyncio.Future[None] | None = None

    def feeding(self, sink: SlideFileSink) -> BatchWriter:
        """Feed ``sink`` from now on; use the writer as an async context manager."""
        self._sink = sink
        return self

    async def __aenter__(self) -> BatchWriter:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sectra-download")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        self._executor = self._sink = None

    async def add(self, chunk: bytes) -> None:
        """Keep ``chunk``; hand the batch it completes to the writer thread once the previous
        one is written."""
        batch = self._batcher.add(chunk)
        if batch is None:
            return
        if self._writing is not None:
            await self._writing
            self._deliver()
        self._writing = asyncio.get_running_loop().run_in_executor(
            self._thread(), feed_batch, self._fed(), batch
        )
        self._writing.add_done_callback(_retrieve_exception)

    async def flush(self) -> None:
        """Feed what is gathered, after the batch being written."""
        await self._written()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._thread(), feed_batch, self._fed(), self._batcher.flush())

    async def finish(self) -> list[Path]:
        """Feed the rest and finish the sink; returns what :meth:`SlideFileSink.finish` does."""
        await self._written()
        loop = asyncio.get_running_loop()
        files = await loop.run_in_executor(
            self._thread(), _feed_and_finish, self._fed(), self._batcher.flush()
        )
        self._deliver()
        return files

    async def _written(self) -> None:
        if self._writing is not None:
            await self._writing

    def _deliver(self) -> None:
        if self._relay is not None:
            self._relay.deliver()

    def _fed(self) -> SlideFileSink:
        if self._sink is None:
            raise RuntimeError("the writer feeds no sink: use `async with writer.feeding(sink):`")
        return self._sink

    def _thread(self) -> ThreadPoolExecutor:
        if self._executor is None:
            raise RuntimeError("the writer has no thread: use `async with writer.feeding(sink):`")
        return self._executor


def _feed_and_finish(sink: SlideFileSink, rest: list[bytes]) -> list[Path]:
    feed_batch(sink, rest)
    return sink.finish()


def _retrieve_exception(future: asyncio.Future[None]) -> None:
    """Mark a batch's failure as seen, should the download end before it is awaited."""
    if not future.cancelled():
        future.exception()
