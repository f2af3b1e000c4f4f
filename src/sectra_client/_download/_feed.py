"""Feeding a response body to a :class:`~sectra_client._download._sink.SlideFileSink` in batches
(:class:`BatchWriter`); :mod:`sectra_client._download._feed_async` has the async client's writer,
which feeds the sink from a thread of its own so the event loop never waits on the disk.

Both writers offer the same methods under the same name, so that the one download loop (in the
async client, whose sync twin is generated) serves both clients.

Both clients gather the body's chunks (up to 64 KiB, as httpx reads them) into batches of about
:data:`BATCH_BYTES` and feed each batch as one buffer: one parse step and one write per MiB
instead of sixteen or more, which saves about a tenth of a download's CPU for the cost of one
copy. When the connection breaks, the batch gathered so far is still fed, so every file that
arrived whole before the break is kept.
"""

from __future__ import annotations

from pathlib import Path

from sectra_client._download._progress import ProgressCallback
from sectra_client._download._sink import SlideFileSink

__all__ = ["BATCH_BYTES", "SMALL_CHUNK_BYTES", "BatchWriter", "ChunkBatcher", "feed_batch"]

BATCH_BYTES = 1 << 20
"""Bytes gathered into one batch before it is fed to the sink: 1 MiB."""

SMALL_CHUNK_BYTES = 128 * 1024
"""Chunks smaller than this, on average, are joined before they are fed."""


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


def feed_batch(sink: SlideFileSink, batch: list[bytes]) -> None:
    """Feed the chunks of ``batch`` to ``sink`` (nothing when it is empty).

    Small chunks (httpx's 64 KiB reads, through a proxy) are joined into one buffer: one parse
    step and one write instead of many. Large ones (the client's own transport hands over up
    to 1 MiB per read) are fed as they are: joining them would only copy, and allocating a
    large buffer per batch in the async writer's thread made the allocator hand memory back
    to the system and fault it in again, about a third of a TLS download's CPU.
    """
    if len(batch) > 1 and sum(map(len, batch)) < len(batch) * SMALL_CHUNK_BYTES:
        sink.feed(b"".join(batch))
        return
    for chunk in batch:
        sink.feed(chunk)


class BatchWriter:
    """Feeds a sink the body's chunks in batches of about :data:`BATCH_BYTES`, in the calling
    thread.

    Use: ``writer = BatchWriter(progress)``; make the sink with ``progress=writer.progress``;
    ``with writer.feeding(sink):``, :meth:`add` each chunk, then :meth:`finish` (or, when the
    body broke off, :meth:`flush` what arrived so that whole files are kept).
    """

    def __init__(self, progress: ProgressCallback | None = None) -> None:
        self.progress = progress
        """The progress hook to give the sink (the caller's own, called from this thread)."""
        self._batcher = ChunkBatcher()
        self._sink: SlideFileSink | None = None

    def feeding(self, sink: SlideFileSink) -> BatchWriter:
        """Feed ``sink`` from now on; use the writer as a context manager."""
        self._sink = sink
        return self

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._sink = None

    def add(self, chunk: bytes) -> None:
        """Keep ``chunk``; feed the batch it completes."""
        batch = self._batcher.add(chunk)
        if batch is not None:
            feed_batch(self._fed(), batch)

    def flush(self) -> None:
        """Feed what is gathered."""
        feed_batch(self._fed(), self._batcher.flush())

    def finish(self) -> list[Path]:
        """Feed the rest and finish the sink; returns what :meth:`SlideFileSink.finish` does."""
        self.flush()
        return self._fed().finish()

    def _fed(self) -> SlideFileSink:
        if self._sink is None:
            raise RuntimeError("the writer feeds no sink: use it as `with writer.feeding(sink):`")
        return self._sink
