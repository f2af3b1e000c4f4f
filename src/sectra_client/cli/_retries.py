"""Showing the client's retries on stderr as they happen, so a slow or failing server is never
met with silence: ``sectra: GET /info: HTTP 503; retrying in 2 s (attempt 2/3)…``."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import typer

from sectra_client._base_client import RetryNotice

__all__ = ["retries_shown"]

_LOGGER = "sectra_client"


@contextlib.contextmanager
def retries_shown() -> Iterator[None]:
    """Within the block, announce every retry of the client on stderr."""
    logger = logging.getLogger(_LOGGER)
    handler = _RetryAnnouncer()
    level = logger.level
    logger.addHandler(handler)
    if not logger.isEnabledFor(logging.INFO):
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class _RetryAnnouncer(logging.Handler):
    """Writes the retry records (those carrying a :class:`RetryNotice`) to stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        notice = getattr(record, "sectra_retry", None)
        if isinstance(notice, RetryNotice):
            typer.echo(f"sectra: {announcement(notice)}", err=True)


def announcement(notice: RetryNotice) -> str:
    """``GET /info: HTTP 503; retrying in 2 s (attempt 2/3)…``"""
    seconds = f"{notice.delay:.0f}" if notice.delay >= 1 else f"{notice.delay:.1f}"
    return (
        f"{notice.method} {notice.path}: {notice.reason}; retrying in {seconds} s "
        f"(attempt {notice.attempt}/{notice.attempts})…"
    )
