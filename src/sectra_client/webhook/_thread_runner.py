"""The default job runner: background jobs on a bounded pool of threads in this process."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sectra_client.schemas import CancelInvocation
from sectra_client.webhook._jobs import JobExecutor, JobRequest

__all__ = ["ThreadPoolJobRunner"]

logger = logging.getLogger("sectra_client.webhook")


class _Entry:
    __slots__ = ("cancelled", "request")

    def __init__(self, request: JobRequest) -> None:
        self.request = request
        self.cancelled = threading.Event()


class ThreadPoolJobRunner:
    """Runs jobs on at most ``max_workers`` threads; further jobs wait their turn in order.

    Jobs that wait are cancellable too: a cancelled job that has not started yet never runs
    its function (its result is marked cancelled when its turn comes).

    Args:
        max_workers: how many jobs run at once (at least 1). Analyses are usually CPU- or
            memory-bound: more workers than cores rarely helps.

    Raises:
        ValueError: ``max_workers`` is below 1.
    """

    def __init__(self, max_workers: int = 2) -> None:
        if max_workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers}")
        self._max_workers = max_workers
        self._executor = ThreadPoolExecutor(max_workers, thread_name_prefix="sectra-job")
        self._lock = threading.Condition()
        self._jobs: dict[str, _Entry] = {}
        self._closed = False

    def __repr__(self) -> str:
        return f"ThreadPoolJobRunner(max_workers={self._max_workers})"

    def submit(self, request: JobRequest, execute: JobExecutor) -> None:
        """Queue the job; it runs ``execute(request, is_cancelled)`` on a pool thread.

        Raises:
            RuntimeError: the runner is closed.
        """
        entry = _Entry(request)
        with self._lock:
            if self._closed:
                raise RuntimeError("the job runner is closed")
            self._jobs[request.job_id] = entry
        self._executor.submit(self._run, entry, execute)

    def cancel(self, invocation: CancelInvocation) -> int:
        """Signal the queued and running jobs that ``invocation`` cancels; how many there were."""
        with self._lock:
            matching = [e for e in self._jobs.values() if e.request.is_cancelled_by(invocation)]
        for entry in matching:
            entry.cancelled.set()
        return len(matching)

    @property
    def pending(self) -> int:
        """How many jobs are queued or running."""
        with self._lock:
            return len(self._jobs)

    def wait_until_idle(self, timeout: float | None = None) -> bool:
        """Wait until no job is queued or running; False if ``timeout`` seconds passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while self._jobs:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._lock.wait(remaining)
        return True

    def close(self, *, wait: bool = True) -> None:
        """Accept no more jobs; with ``wait``, return once the queued and running ones ended."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=wait)

    def _run(self, entry: _Entry, execute: JobExecutor) -> None:
        try:
            execute(entry.request, entry.cancelled.is_set)
        except BaseException as error:  # an executor must not raise; keep the pool alive
            logger.error(
                "job %s (%s) broke out of its executor: %s",
                entry.request.job_id,
                entry.request.job_name,
                type(error).__name__,
            )
        finally:
            with self._lock:
                del self._jobs[entry.request.job_id]
                self._lock.notify_all()
