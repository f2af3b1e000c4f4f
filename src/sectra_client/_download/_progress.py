"""The progress hooks of downloads: what a caller's ``progress=`` function receives."""

from __future__ import annotations

from typing import Protocol

__all__ = ["CaseProgressCallback", "ProgressCallback"]


class ProgressCallback(Protocol):
    """Receives download progress, as ``progress(bytes_done, total, current_file)``:

    - ``bytes_done``: bytes of the response body received so far (multipart framing
      included), never decreasing; equal to ``total`` after the last chunk.
    - ``total``: the response's Content-Length, or None when the server did not send one.
    - ``current_file``: the final name (not path) of the file being written, or of the file
      just finished.
    """

    def __call__(self, bytes_done: int, total: int | None, current_file: str, /) -> None: ...


class CaseProgressCallback(Protocol):
    """Receives the progress of a case download, slide by slide, as
    ``progress(slide_id, bytes_done, total, current_file)``:

    - ``slide_id``: the slide the figures are about.
    - ``bytes_done``: bytes of that slide's response received so far.
    - ``total``: that response's Content-Length, or None when unknown.
    - ``current_file``: the name of the file being written in the slide's folder.

    Slides download at the same time, so calls for different slides interleave; the sync
    client calls it from its worker threads.
    """

    def __call__(
        self, slide_id: str, bytes_done: int, total: int | None, current_file: str, /
    ) -> None: ...
