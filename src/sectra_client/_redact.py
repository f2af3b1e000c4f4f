"""Keeping tokens and patient data out of logs and error messages.

- :func:`display_path` turns a request path into the form shown in logs and errors: the query
  string is dropped and PHI path values (accession numbers) become ``<redacted>``.
- :func:`scrub` removes secrets (tokens, passwords) and PHI values from any text, such as an
  excerpt of an error body, before it goes into an exception.
- :func:`httpx_logs_show` makes httpx's own ``HTTP Request: GET <url>`` log line, emitted at
  INFO on the ``httpx`` logger, show the display path instead of the full URL.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from collections.abc import Iterable, Iterator
from urllib.parse import quote

__all__ = ["REDACTED", "display_path", "httpx_logs_show", "scrub"]

REDACTED = "<redacted>"

_BEARER_CREDENTIAL = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*")


def display_path(path: str, phi_values: Iterable[str] = ()) -> str:
    """``path`` without its query string or fragment, with every PHI value replaced.

    A PHI value is matched raw and percent-encoded, so both ``ACC 1/2`` and ``ACC%201%2F2``
    are replaced.
    """
    bare_path = path.split("?", 1)[0].split("#", 1)[0]
    return _replace_all(bare_path, phi_values, REDACTED)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every secret (raw or percent-encoded) and every credential that follows
    the word ``Bearer`` replaced by ``<redacted>``."""
    without_secrets = _replace_all(text, secrets, REDACTED)
    return _BEARER_CREDENTIAL.sub(lambda match: f"{match[1]} {REDACTED}", without_secrets)


def _replace_all(text: str, values: Iterable[str], replacement: str) -> str:
    forms = {form for value in values if value for form in _spellings(value)}
    if not forms:
        return text
    longest_first = sorted(forms, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(form) for form in longest_first))
    return pattern.sub(replacement, text)


def _spellings(value: str) -> set[str]:
    return {value, quote(value, safe=""), quote(value), quote(value, safe="").replace("%20", "+")}


_shown_path: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "sectra_client_shown_path", default=None
)


class _HttpxRequestLineFilter(logging.Filter):
    """Replaces the URL in httpx's ``HTTP Request: ...`` record while a display path is set."""

    def filter(self, record: logging.LogRecord) -> bool:
        shown = _shown_path.get()
        if (
            shown is not None
            and isinstance(record.msg, str)
            and record.msg.startswith("HTTP Request:")
            and isinstance(record.args, tuple)
            and len(record.args) >= 2
        ):
            record.args = (record.args[0], shown, *record.args[2:])
        return True


_httpx_filter = _HttpxRequestLineFilter()


@contextlib.contextmanager
def httpx_logs_show(shown_path: str) -> Iterator[None]:
    """While active (in this thread or task), httpx logs ``shown_path`` instead of the URL."""
    httpx_logger = logging.getLogger("httpx")
    if _httpx_filter not in httpx_logger.filters:
        httpx_logger.addFilter(_httpx_filter)
    reset_token = _shown_path.set(shown_path)
    try:
        yield
    finally:
        _shown_path.reset(reset_token)
