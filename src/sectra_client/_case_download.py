"""Downloading every slide of a case: one safe subfolder per slide, a bounded number at once.

The clients list the case's slides and pass a function that downloads one slide into one
folder; :func:`download_slides` runs it in worker threads, :func:`adownload_slides` in tasks.
Every slide is tried, whatever happens to the others; failures (any
:class:`~sectra_client.errors.SectraError`) are collected and raised together as one
:class:`~sectra_client.errors.CaseDownloadError` at the end, so a failure is never silent and
never hides the slides that did arrive. Anything else (a bug, ``KeyboardInterrupt``) stops the
whole download: slides not yet started are skipped and it propagates once running ones end.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from sectra_client._filenames import UniqueNames, safe_filename
from sectra_client._slide_files import ProgressCallback
from sectra_client.errors import CaseDownloadError, SectraError

__all__ = [
    "DEFAULT_CASE_CONCURRENCY",
    "AsyncSlideDownloader",
    "CaseProgressCallback",
    "SlideDownloader",
    "adownload_slides",
    "download_slides",
    "slide_folders",
    "slide_progress",
]

DEFAULT_CASE_CONCURRENCY = 4
"""Slides of a case downloaded at once by default."""

SlideDownloader = Callable[[str, Path], list[Path]]
"""``download(slide_id, folder)``: one slide's files into ``folder``; safe to call from threads."""

AsyncSlideDownloader = Callable[[str, Path], Awaitable[list[Path]]]
"""The async twin of :data:`SlideDownloader`."""

_FALLBACK_FOLDER = "slide"


class CaseProgressCallback(Protocol):
    """Receives the progress of a case download, slide by slide.

    Args:
        slide_id: the slide the figures are about.
        bytes_done: bytes of that slide's response received so far.
        total: that response's Content-Length, or None when unknown.
        current_file: the name of the file being written in the slide's folder.

    Slides download at the same time, so calls for different slides interleave; the sync
    client calls it from its worker threads.
    """

    def __call__(
        self, slide_id: str, bytes_done: int, total: int | None, current_file: str, /
    ) -> None: ...


def slide_progress(progress: CaseProgressCallback | None, slide_id: str) -> ProgressCallback | None:
    """The per-download progress hook that reports to ``progress`` for ``slide_id``."""
    if progress is None:
        return None
    case_progress = progress

    def report(bytes_done: int, total: int | None, current_file: str, /) -> None:
        case_progress(slide_id, bytes_done, total, current_file)

    return report


def slide_folders(output_dir: str | os.PathLike[str], slide_ids: Sequence[str]) -> dict[str, Path]:
    """The folder of each slide inside ``output_dir``: its id made safe as one file name.

    A slide id is reduced as server-sent file names are (no separators, no ``.``/``..``, no
    control characters; see :func:`~sectra_client._filenames.safe_filename`), so every folder
    is a direct child of ``output_dir``. Ids that reduce to the same name (or differ only in
    case) get a counter: ``a/b`` and ``b`` become ``b`` and ``b (2)``. A repeated id is listed
    once. Nothing is created here.
    """
    root = Path(output_dir)
    names = UniqueNames()
    folders: dict[str, Path] = {}
    for slide_id in slide_ids:
        if slide_id not in folders:
            folders[slide_id] = root / names.claim(safe_filename(slide_id) or _FALLBACK_FOLDER)
    return folders


def download_slides(
    download: SlideDownloader,
    folders: dict[str, Path],
    *,
    max_concurrency: int = DEFAULT_CASE_CONCURRENCY,
) -> dict[str, list[Path]]:
    """Download every slide of ``folders`` into its folder, at most ``max_concurrency`` at once
    (in worker threads; none when one is enough).

    Returns:
        The files of each slide, by slide id, in the order of ``folders``.

    Raises:
        ValueError: ``max_concurrency`` is less than 1.
        CaseDownloadError: some slides failed; raised after every slide was tried.
    """
    workers = _worker_count(max_concurrency, len(folders))

    def attempt(slide_id: str) -> list[Path] | SectraError:
        try:
            return download(slide_id, folders[slide_id])
        except SectraError as error:
            return error

    if workers <= 1:
        outcomes = [attempt(slide_id) for slide_id in folders]
    else:
        with ThreadPoolExecutor(workers, thread_name_prefix="sectra-case") as executor:
            futures = [executor.submit(attempt, slide_id) for slide_id in folders]
            try:
                outcomes = [future.result() for future in futures]
            except BaseException:
                executor.shutdown(wait=True, cancel_futures=True)
                raise
    return _collected(list(folders), outcomes)


async def adownload_slides(
    download: AsyncSlideDownloader,
    folders: dict[str, Path],
    *,
    max_concurrency: int = DEFAULT_CASE_CONCURRENCY,
) -> dict[str, list[Path]]:
    """The async twin of :func:`download_slides`: at most ``max_concurrency`` tasks.

    Cancelling it cancels the downloads in flight (each removes its temporary file).
    """
    workers = _worker_count(max_concurrency, len(folders))
    outcomes: dict[str, list[Path] | SectraError] = {}
    remaining = iter(folders)

    async def worker() -> None:
        for slide_id in remaining:
            try:
                outcomes[slide_id] = await download(slide_id, folders[slide_id])
            except SectraError as error:
                outcomes[slide_id] = error

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(workers):
                group.create_task(worker())
    except BaseExceptionGroup as failures:
        raise failures.exceptions[0] from None
    return _collected(list(folders), [outcomes[slide_id] for slide_id in folders])


def _collected(
    slide_ids: list[str], outcomes: Sequence[list[Path] | SectraError]
) -> dict[str, list[Path]]:
    downloaded: dict[str, list[Path]] = {}
    failed: dict[str, SectraError] = {}
    for slide_id, outcome in zip(slide_ids, outcomes, strict=True):
        if isinstance(outcome, SectraError):
            failed[slide_id] = outcome
        else:
            downloaded[slide_id] = outcome
    if failed:
        raise CaseDownloadError(failed, downloaded)
    return downloaded


def _worker_count(max_concurrency: int, slide_count: int) -> int:
    if max_concurrency < 1:
        raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
    return min(max_concurrency, slide_count)
