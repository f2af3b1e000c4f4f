"""Download progress on the terminal: bytes, rate and time left, on stderr."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

__all__ = ["download_progress"]


def download_progress() -> Progress:
    """A rich progress display on stderr (stdout stays free for the paths written); use it as
    a context manager. Safe to update from several threads."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
