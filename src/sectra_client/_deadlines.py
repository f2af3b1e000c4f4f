"""Deadlines for whole responses: a server that drips its answer cannot hold a call forever.

httpx's timeouts bound each wait on the network (the silence between two reads), not a whole
response: a server sending one byte every 0.2 s never trips a 1 s read timeout. The engine
(:mod:`sectra_client._base_client`) gives every attempt a deadline, a point on the
:func:`time.monotonic` clock; the sender reads the answer inside :func:`reading_until`, and

- the client's own connections (:mod:`sectra_client._transports`) shorten every socket read
  and write to the time left (:func:`capped_timeout`), so even a dripped header gives up on
  time;
- the body reader checks :func:`check_deadline` after each chunk, which also bounds answers
  that arrive over another transport (an environment proxy, an ``http_client`` of the
  caller's) to the deadline plus one read timeout.

The deadline travels in a context variable: it is seen by the thread (sync) or task (async)
that set it, and by nothing else.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator

import httpx

__all__ = [
    "DEADLINE_MESSAGE",
    "DeadlineExceeded",
    "capped_timeout",
    "check_deadline",
    "reading_until",
]

DEADLINE_MESSAGE = "the response did not complete within its deadline"
"""What a timeout set by the deadline (rather than by a timeout of its own) says."""

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "sectra_client_deadline", default=None
)


class DeadlineExceeded(httpx.ReadTimeout):
    """The response did not complete before its deadline (a read timeout, for the retry
    policy and the error mapping)."""

    def __init__(self) -> None:
        super().__init__(DEADLINE_MESSAGE)


@contextlib.contextmanager
def reading_until(deadline: float | None) -> Iterator[None]:
    """Reads and writes on the client's connections, in this thread or task, end by
    ``deadline`` (a :func:`time.monotonic` time; None: no deadline)."""
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def capped_timeout(timeout: float | None) -> tuple[float | None, bool]:
    """``timeout`` for one socket operation, shortened to the time left before the deadline.

    Returns the timeout to use and whether the deadline (rather than ``timeout``) sets it.

    Raises:
        DeadlineExceeded: the deadline has passed.
    """
    deadline = _deadline.get()
    if deadline is None:
        return timeout, False
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded()
    if timeout is None or left < timeout:
        return left, True
    return timeout, False


def check_deadline(deadline: float | None) -> None:
    """Raise :class:`DeadlineExceeded` when ``deadline`` has passed."""
    if deadline is not None and time.monotonic() >= deadline:
        raise DeadlineExceeded()
