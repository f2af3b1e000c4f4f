"""Keeping tokens and patient data out of logs and error messages.

- :func:`display_path` turns a request path into the form shown in logs and errors: the query
  string is dropped and PHI path values (accession numbers) become ``<redacted>``.
- :func:`scrub` removes secrets (tokens, passwords) and PHI values from any text, such as an
  excerpt of an error body, before it goes into an exception.
- :func:`scrubbed_http_logs`: while a request is sent, every record httpx and httpcore log
  (httpx's ``HTTP Request: GET <url> ...`` at INFO, httpcore's traces at DEBUG) is formatted
  and the formatted message scrubbed: the request's URL becomes its display path, and the
  request's secrets and PHI values become ``<redacted>``. Nothing depends on how httpx words
  or arranges its messages.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from collections.abc import Iterable, Iterator
from urllib.parse import quote

__all__ = ["REDACTED", "display_path", "scrub", "scrubbed_http_logs"]

REDACTED = "<redacted>"

# A bearer credential as RFC 6750 spells it (token68), after the word "Bearer".
_BEARER_CREDENTIAL = re.compile(r"(?i)\b(bearer)(\s+)([A-Za-z0-9\-._~+/]+=*)")
# In an Authorization header, whatever follows the scheme is the credential.
_AUTHORIZATION_HEADER = re.compile(
    r"(?i)\b(authorization[\"']?\s*[:=]\s*[\"']?bearer\s+)([^\s\"',;]+)"
)
# The least length of a credential without a digit: English words are shorter.
_LONG_CREDENTIAL = 20


def display_path(path: str, phi_values: Iterable[str] = ()) -> str:
    """``path`` without its query string or fragment, with every PHI value replaced.

    A PHI value is matched raw and percent-encoded, so both ``ACC 1/2`` and ``ACC%201%2F2``
    are replaced.
    """
    bare_path = path.split("?", 1)[0].split("#", 1)[0]
    return _replace_all(bare_path, phi_values, REDACTED)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every secret (raw or percent-encoded) replaced by ``<redacted>``, and
    every bearer credential the client does not know: the value of an ``Authorization:
    Bearer`` header, and a value after the word ``Bearer`` that looks like a credential (it
    has a digit, or is 20 characters or more). Words are left alone: "the bearer token is
    not valid" stays as it is."""
    without_secrets = _replace_all(text, secrets, REDACTED)
    without_headers = _AUTHORIZATION_HEADER.sub(lambda match: match[1] + REDACTED, without_secrets)
    return _BEARER_CREDENTIAL.sub(_redacted_credential, without_headers)


def _redacted_credential(match: re.Match[str]) -> str:
    value = match[3]
    looks_secret = value != REDACTED and (
        any(character.isdigit() for character in value) or len(value) >= _LONG_CREDENTIAL
    )
    return f"{match[1]}{match[2]}{REDACTED}" if looks_secret else match[0]


def _replace_all(text: str, values: Iterable[str], replacement: str) -> str:
    forms = {form for value in values if value for form in _spellings(value)}
    if not forms:
        return text
    longest_first = sorted(forms, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(form) for form in longest_first))
    return pattern.sub(replacement, text)


def _spellings(value: str) -> set[str]:
    return {value, quote(value, safe=""), quote(value), quote(value, safe="").replace("%20", "+")}


class _Scrubbing:
    """What the log records of one request must not show."""

    def __init__(self, url: str, shown_path: str, secrets: Iterable[str]):
        self.url = url
        self.shown_path = shown_path
        self.secrets = tuple(secrets)

    def clean(self, message: str) -> str:
        return scrub(message.replace(self.url, self.shown_path), self.secrets)


_scrubbing: contextvars.ContextVar[_Scrubbing | None] = contextvars.ContextVar(
    "sectra_client_log_scrubbing", default=None
)

# The loggers httpx and httpcore write to while sending a request.
_HTTP_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


class _ScrubbingFilter(logging.Filter):
    """Formats each record logged while a request is sent, and keeps it only scrubbed."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrubbing = _scrubbing.get()
        if scrubbing is not None:
            record.msg = scrubbing.clean(record.getMessage())
            record.args = None
        return True


_filter = _ScrubbingFilter()


@contextlib.contextmanager
def scrubbed_http_logs(url: str, shown_path: str, secrets: Iterable[str]) -> Iterator[None]:
    """While active (in this thread or task), what httpx and httpcore log shows ``shown_path``
    for ``url`` and none of ``secrets`` (see :func:`scrub`)."""
    for name in _HTTP_LOGGERS:
        http_logger = logging.getLogger(name)
        if _filter not in http_logger.filters:
            http_logger.addFilter(_filter)
    reset_token = _scrubbing.set(_Scrubbing(url, shown_path, secrets))
    try:
        yield
    finally:
        _scrubbing.reset(reset_token)
