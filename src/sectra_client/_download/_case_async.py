"""Downloading every slide of a case, async side: the twin of
:func:`sectra_client._download._case.download_slides` under the same name, in tasks."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from sectra_client._concurrency import worker_count
from sectra_client._constants import DEFAULT_CASE_CONCURRENCY
from sectra_client._download._case import collected, slide_progress
from sectra_client._download._output_folder import prepare_slide_folder
from sectra_client._download._progress import CaseProgressCallback, ProgressCallback
from sectra_client.errors import SectraError

__all__ = ["SlideDownloader", "download_slides"]

SlideDownloader = Callable[[str, Path, ProgressCallback], Awaitable[list[Path]]]
"""``await download(slide_id, folder, progress)``: one slide's files into ``folder``."""


class _Interrupted(Exception):
    """Carries a ``KeyboardInterrupt`` or ``SystemExit`` out of one task of an async case
    download as an ordinary error, so the task group cancels the other downloads (each
    removing its temporary file) before the interruption goes on. (Raised as it is, asyncio
    would stop the event loop at once and leave them running.)"""

    def __init__(self, interruption: BaseException) -> None:
        super().__init__()
        self.interruption = interruption


async def download_slides(
    download: SlideDownloader,
    folders: dict[str, Path],
    *,
    max_concurrency: int = DEFAULT_CASE_CONCURRENCY,
    progress: CaseProgressCallback | None = None,
) -> dict[str, list[Path]]:
    """The async twin of :func:`download_slides`: at most ``max_concurrency`` tasks.

    Cancelling it, or a ``KeyboardInterrupt`` or ``SystemExit`` inside one download, cancels
    the downloads in flight (each removes its temporary file).
    """
    workers = worker_count(max_concurrency, len(folders))
    outcomes: dict[str, list[Path] | SectraError] = {}
    remaining = iter(folders)

    async def worker() -> None:
        for slide_id in remaining:
            try:
                folder = await asyncio.to_thread(prepare_slide_folder, folders[slide_id])
                outcomes[slide_id] = await download(
                    slide_id, folder, slide_progress(progress, slide_id)
                )
            except SectraError as error:
                outcomes[slide_id] = error
            except (KeyboardInterrupt, SystemExit) as interruption:
                raise _Interrupted(interruption) from None

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(workers):
                group.create_task(worker())
    except BaseExceptionGroup as failures:
        first = failures.exceptions[0]
        if isinstance(first, _Interrupted):
            raise first.interruption from None
        raise first from None
    return collected(list(folders), [outcomes[slide_id] for slide_id in folders])
