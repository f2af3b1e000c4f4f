"""Feeding downloads to the sink: chunks are batched; the async download writes files on a
worker thread, reports progress on the event loop, and leaves no thread or temporary file
behind when it fails or is cancelled."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from sectra_client import DownloadError
from sectra_client._download._feed import BATCH_BYTES, ChunkBatcher
from sectra_client._download._feed_async import BatchWriter
from sectra_client._download._progress import ProgressCallback
from sectra_client._download._sink import SlideFileSink

WRITER_PREFIX = "sectra-download"
CHUNK = 64 * 1024


def writer_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name.startswith(WRITER_PREFIX)]


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


async def write_body(
    sink: SlideFileSink, chunks: AsyncIterator[bytes], writer: BatchWriter | None = None
) -> list[Path]:
    """What the client's download loop does with a body's chunks."""
    writer = writer or BatchWriter()
    async with writer.feeding(sink):
        async for chunk in chunks:
            await writer.add(chunk)
        return await writer.finish()


async def chunks_of(data: bytes, then: asyncio.Event | None = None) -> AsyncIterator[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]
        await asyncio.sleep(0)
    if then is not None:
        await then.wait()


async def test_files_are_written_on_the_writer_thread_and_progress_reaches_the_loop(
    tmp_path: Path,
) -> None:
    data = bytes(range(256)) * (3 * BATCH_BYTES // 256 + 7)
    sink_threads: set[str] = set()
    hook_threads: set[str] = set()
    reports: list[int] = []

    def sink_hook(done: int, total: int | None, name: str) -> None:
        sink_threads.add(threading.current_thread().name)
        relayed(done, total, name)

    def caller_hook(done: int, total: int | None, name: str) -> None:
        hook_threads.add(threading.current_thread().name)
        reports.append(done)

    writer = BatchWriter(caller_hook)
    assert writer.progress is not None
    relayed: ProgressCallback = writer.progress
    sink = SlideFileSink(tmp_path, "s", content_type="image/tiff", progress=sink_hook)

    (path,) = await write_body(sink, chunks_of(data), writer)

    assert path.read_bytes() == data
    assert {name.rsplit("_", 1)[0] for name in sink_threads} == {WRITER_PREFIX}
    assert hook_threads == {threading.current_thread().name}
    assert reports == sorted(reports)
    assert 3 <= len(reports) <= 5
    assert reports[-1] == len(data)
    assert writer_threads() == []


async def test_a_malformed_body_raises_from_the_writer_and_leaves_nothing(tmp_path: Path) -> None:
    head = b"--b\r\nContent-Length: %d\r\n\r\n" % (2 * BATCH_BYTES)
    body = head + bytes(3 * BATCH_BYTES) + b"\r\n--b--"
    sink = SlideFileSink(tmp_path, "s", content_type="multipart/related; boundary=b")

    with sink, pytest.raises(DownloadError, match="malformed"):
        await write_body(sink, chunks_of(body))

    assert listing(tmp_path) == []
    assert writer_threads() == []


async def test_a_cancelled_download_leaves_no_thread_and_no_temporary_file(
    tmp_path: Path,
) -> None:
    never = asyncio.Event()

    async def download() -> list[Path]:
        with SlideFileSink(tmp_path, "s", content_type="image/tiff") as sink:
            return await write_body(sink, chunks_of(bytes(5 * BATCH_BYTES), never))

    task = asyncio.create_task(download())
    while not any(tmp_path.iterdir()):
        await asyncio.sleep(0.01)
    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task
    assert listing(tmp_path) == []
    assert writer_threads() == []


def test_batches_hold_every_byte_in_order_and_all_but_the_last_reach_the_size() -> None:
    batcher = ChunkBatcher(100)
    chunks = [bytes([index]) * size for index, size in enumerate([30, 50, 40, 7, 200, 1, 3])]

    batches = [batch for chunk in chunks if (batch := batcher.add(chunk)) is not None]
    batches.append(batcher.flush())

    assert [chunk for batch in batches for chunk in batch] == chunks
    assert [sum(map(len, batch)) for batch in batches] == [120, 207, 4]
    assert batcher.flush() == []
