"""Describing and logging failures without the callback token.

Records go to the ``sectra_client.webhook`` logger. A traceback is formatted here and scrubbed
of the invocation's token (and of any ``Bearer`` credential) before it is logged, so it can be
kept with the rest of the app's logs.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable

from sectra_client._redact import scrub

__all__ = ["describe_error", "log_failure", "logger"]

logger = logging.getLogger("sectra_client.webhook")

_MESSAGE_LIMIT = 300


def describe_error(error: BaseException, secrets: Iterable[str]) -> str:
    """``"ValueError: <message>"``, scrubbed of ``secrets`` and cut to a few hundred characters."""
    message = " ".join(scrub(str(error), secrets).split())
    if len(message) > _MESSAGE_LIMIT:
        message = message[:_MESSAGE_LIMIT] + "…"
    name = type(error).__name__
    return f"{name}: {message}" if message else name


def log_failure(summary: str, error: BaseException, secrets: Iterable[str]) -> None:
    """Log ``summary`` at ERROR with ``error``'s traceback, both scrubbed of ``secrets``."""
    secrets = list(secrets)
    text = "".join(traceback.format_exception(error)).rstrip()
    logger.error("%s\n%s", scrub(summary, secrets), scrub(text, secrets))
