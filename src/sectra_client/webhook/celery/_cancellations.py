"""Cancellations across processes: the web process records them in Redis, jobs on workers
check them.

A ``cancel`` invocation reaches the web process while the job it cancels waits in the queue or
runs on a worker. The web process records it under a key made from the application id, the
slide id and the ``cancellationToken`` (hashed: keys show none of them), with a time to live.
A cancel without a token cancels every job of the application on the slide that was queued
before it. A job asks Redis at most once per check interval, and once cancelled stays
cancelled.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

import redis

from sectra_client.schemas import CancelInvocation
from sectra_client.webhook._jobs import CancellationCheck, JobRequest

__all__ = ["CancellationStore"]

_PREFIX = "sectra:cancelled:"


class CancellationStore:
    """Cancellation records in Redis.

    Args:
        client: the Redis client (the broker's Redis will do).
        ttl: seconds a record is kept; longer than a job may wait in the queue and run.
        check_interval: a job asks Redis at most once in this many seconds.
        clock: the wall clock, shared by the web process and the workers.
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        ttl: float,
        check_interval: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if ttl <= 0 or check_interval < 0:
            raise ValueError("ttl must be positive and check_interval not negative")
        self._client = client
        self._ttl_ms = max(1, round(ttl * 1000))
        self._check_interval = check_interval
        self._clock = clock

    def record(self, cancel: CancelInvocation) -> None:
        """Record ``cancel`` for the jobs it matches (see ``JobRequest.is_cancelled_by``)."""
        key = _key(cancel.applicationId, cancel.slideId, cancel.cancellationToken)
        self._client.set(key, repr(self._clock()), px=self._ttl_ms)

    def check_for(self, request: JobRequest, queued_at: float) -> CancellationCheck:
        """The ``is_cancelled`` of the job ``request``, queued at ``queued_at`` (wall clock)."""
        own = _key(request.application_id, request.slide_id, request.cancellation_token)
        whole_slide = _key(request.application_id, request.slide_id, None)
        return _RateLimitedCheck(self._client, own, whole_slide, queued_at, self._check_interval)


class _RateLimitedCheck:
    """Asks Redis whether a job is cancelled, at most once per ``interval`` seconds."""

    def __init__(
        self, client: redis.Redis, own: str, whole_slide: str, queued_at: float, interval: float
    ) -> None:
        self._client = client
        self._keys = [own] if own == whole_slide else [own, whole_slide]
        self._queued_at = queued_at
        self._interval = interval
        self._asked_at = -float("inf")
        self._cancelled = False

    def __call__(self) -> bool:
        now = time.monotonic()
        if self._cancelled or now - self._asked_at < self._interval:
            return self._cancelled
        self._asked_at = now
        records = self._client.mget(self._keys)
        by_token = len(self._keys) == 2 and records[0] is not None
        whole_slide = records[-1]
        by_slide = whole_slide is not None and float(whole_slide) >= self._queued_at
        self._cancelled = by_token or by_slide
        return self._cancelled


def _key(application_id: str, slide_id: str, cancellation_token: str | None) -> str:
    scope = "\x00".join((application_id, slide_id, cancellation_token or ""))
    return _PREFIX + hashlib.sha256(scope.encode()).hexdigest()
