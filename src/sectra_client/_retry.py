"""When a failed request is retried, and how long to wait first.

The policy:

- GET, HEAD and PUT are idempotent: they are retried on connection errors, timeouts and the
  statuses 408, 429, 502, 503 and 504.
- Every other method (POST) is retried only when the request never left this machine: the
  connection could not be opened or no pooled connection became free. A POST that timed out
  while waiting for the answer, or that got a 5xx, may already have stored a result, so
  sending it again could store it twice.
- The wait honours the server's ``Retry-After`` (``retry-after-ms``, then ``retry-after`` as
  seconds, then as an HTTP date), capped at ``MAX_RETRY_AFTER_DELAY``; without one it is
  exponential backoff with full jitter.
"""

from __future__ import annotations

import datetime
import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping

import httpx

from sectra_client._constants import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER_DELAY, MAX_RETRY_DELAY

__all__ = [
    "IDEMPOTENT_METHODS",
    "RETRYABLE_STATUS_CODES",
    "backoff_delay",
    "is_idempotent",
    "request_was_not_sent",
    "retry_after_delay",
    "retry_delay",
    "should_retry_exception",
    "should_retry_status",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT"})

#: Request Timeout, Too Many Requests, Bad Gateway, Service Unavailable, Gateway Timeout.
RETRYABLE_STATUS_CODES = frozenset({408, 429, 502, 503, 504})

_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


def is_idempotent(method: str) -> bool:
    """Whether sending ``method`` twice has the same effect as sending it once."""
    return method.upper() in IDEMPOTENT_METHODS


def request_was_not_sent(exc: Exception) -> bool:
    """Whether ``exc`` proves that no byte of the request reached the server."""
    return isinstance(exc, _NOT_SENT_ERRORS)


def should_retry_status(method: str, status_code: int) -> bool:
    """Whether an answer with ``status_code`` to a ``method`` request is worth retrying."""
    return is_idempotent(method) and status_code in RETRYABLE_STATUS_CODES


def should_retry_exception(method: str, exc: Exception) -> bool:
    """Whether a ``method`` request that failed with ``exc`` (an httpx error) is worth retrying."""
    if request_was_not_sent(exc):
        return True
    return is_idempotent(method) and isinstance(exc, _TRANSIENT_ERRORS)


def retry_after_delay(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """The delay in seconds the server asks for, capped at ``MAX_RETRY_AFTER_DELAY``.

    Reads ``retry-after-ms`` (milliseconds), then ``retry-after`` as seconds or as an HTTP date
    (relative to ``now``, a POSIX timestamp, default the current time). ``headers`` must look
    names up case-insensitively (``httpx.Headers``) or use lower-case names. Returns ``None``
    when no header gives a usable value; never raises.
    """
    milliseconds = _non_negative_number(headers.get("retry-after-ms"))
    if milliseconds is not None:
        return min(milliseconds / 1000.0, MAX_RETRY_AFTER_DELAY)
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _non_negative_number(value)
    if seconds is None:
        seconds = _seconds_until_http_date(value, time.time() if now is None else now)
    if seconds is None:
        return None
    return min(seconds, MAX_RETRY_AFTER_DELAY)


def backoff_delay(
    retries_taken: int, *, random_source: Callable[[], float] = random.random
) -> float:
    """Exponential backoff with full jitter, in seconds, before retry number ``retries_taken + 1``.

    Uniform in ``[0, min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2**retries_taken))``;
    ``random_source`` returns floats in ``[0, 1)``.
    """
    ceiling = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2.0 ** min(retries_taken, 64))
    return ceiling * random_source()


def retry_delay(
    retries_taken: int,
    headers: Mapping[str, str] | None = None,
    *,
    random_source: Callable[[], float] = random.random,
    now: float | None = None,
) -> float:
    """Seconds to wait before the next retry: the server's ``Retry-After``, else backoff."""
    requested = None if headers is None else retry_after_delay(headers, now=now)
    if requested is not None:
        return requested
    return backoff_delay(retries_taken, random_source=random_source)


def _non_negative_number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


def _seconds_until_http_date(value: str, now: float) -> float | None:
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        timestamp = moment.timestamp()
    except (ValueError, OverflowError, OSError):
        return None
    return max(0.0, timestamp - now)
