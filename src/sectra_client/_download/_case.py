"""Downloading every slide of a case: one safe subfolder per slide, a bounded number at once.

The clients list the case's slides and pass a function that downloads one slide into one
folder; :func:`download_slides` runs it in worker threads, its async twin of the same name in
:mod:`sectra_client._download._case_async` in tasks.
Each slide's folder is made by :func:`~sectra_client._download._output_folder.prepare_slide_folder`,
which refuses a symbolic link standing under its name. Every slide is tried, whatever happens
to the others; failures (any :class:`~sectra_client.errors.SectraError`) are collected and
raised together as one :class:`~sectra_client.errors.CaseDownloadError` at the end, so a
failure is never silent and never hides the slides that did arrive. Anything else (a bug,
``KeyboardInterrupt``, ``SystemExit``) stops the whole download: slides not yet started are
skipped, running ones stop at their next chunk (removing their temporary file), and it
propagates.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TypeVar

from sectra_client._concurrency import worker_count
from sectra_client._constants import DEFAULT_CASE_CONCURRENCY
from sectra_client._download._filenames import UniqueNames, safe_filename
from sectra_client._download._output_folder import prepare_slide_folder
from sectra_client._download._progress import CaseProgressCallback, ProgressCallback
from sectra_client.errors import CaseDownloadError, SectraError

__all__ = [
    "DEFAULT_CASE_CONCURRENCY",
    "CaseProgressCallback",
    "SlideDownloader",
    "collected",
    "download_slides",
    "slide_folders",
    "slide_progress",
]


SlideDownloader = Callable[[str, Path, ProgressCallback], list[Path]]
"""``download(slide_id, folder, progress)``: one slide's files into ``folder`` (which exists),
reporting to ``progress``; safe to call from threads. ``progress`` raises to stop it."""

_FALLBACK_FOLDER = "slide"

T = TypeVar("T")


class _CaseStopped(Exception):
    """Raised in a slide's download to stop it, when the case download is interrupted."""


def slide_progress(
    progress: CaseProgressCallback | None, slide_id: str, stop: threading.Event | None = None
) -> ProgressCallback:
    """The progress hook of one slide's download: reports to ``progress`` for ``slide_id``,
    and stops the download once ``stop`` is set."""

    def report(bytes_done: int, total: int | None, current_file: str, /) -> None:
        if stop is not None and stop.is_set():
            raise _CaseStopped
        if progress is not None:
            progress(slide_id, bytes_done, total, current_file)

    return report


def slide_folders(output_dir: str | os.PathLike[str], slide_ids: Sequence[str]) -> dict[str, Path]:
    """The folder of each slide inside ``output_dir``: its id made safe as one file name.

    A slide id is reduced as server-sent file names are (no separators, no ``.``/``..``, no
    control characters; see :func:`~sectra_client._download._filenames.safe_filename`), so
    every folder is a direct child of ``output_dir``. Ids that reduce to the same name (or
    differ only in case) get a counter: ``a/b`` and ``b`` become ``b`` and ``b (2)``. A
    repeated id is listed once. Nothing is created here.
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
    progress: CaseProgressCallback | None = None,
) -> dict[str, list[Path]]:
    """Download every slide of ``folders`` into its folder, at most ``max_concurrency`` at once
    (in worker threads; none when one is enough).

    Returns:
        The files of each slide, by slide id, in the order of ``folders``.

    Raises:
        ValueError: ``max_concurrency`` is less than 1.
        CaseDownloadError: some slides failed; raised after every slide was tried.
    """
    workers = worker_count(max_concurrency, len(folders))
    stop = threading.Event()

    def attempt(slide_id: str) -> list[Path] | SectraError:
        try:
            folder = prepare_slide_folder(folders[slide_id])
            return download(slide_id, folder, slide_progress(progress, slide_id, stop))
        except SectraError as error:
            return error

    if workers <= 1:
        outcomes = [attempt(slide_id) for slide_id in folders]
    else:
        with ThreadPoolExecutor(workers, thread_name_prefix="sectra-case") as executor:
            futures = [executor.submit(attempt, slide_id) for slide_id in folders]
            try:
                outcomes = _results_unless_one_raises(futures)
            except BaseException:
                stop.set()
                executor.shutdown(wait=True, cancel_futures=True)
                raise
    return collected(list(folders), outcomes)


def _results_unless_one_raises(futures: list[Future[T]]) -> list[T]:
    """The results of ``futures`` in order, once all are done; as soon as one raises, that
    exception (the others may still be running)."""
    finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
    for future in finished:
        error = future.exception()
        if error is not None:
            raise error
    return [future.result() for future in futures]


def collected(
    slide_ids: list[str], outcomes: Sequence[list[Path] | SectraError]
) -> dict[str, list[Path]]:
    """The files of each slide, once every slide succeeded.

    Raises:
        CaseDownloadError: the failed slides' errors, with the others' files.
    """
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
