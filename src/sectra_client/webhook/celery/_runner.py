"""CeleryJobRunner: background jobs on Celery workers, with Redis as broker."""

from __future__ import annotations

import importlib
import logging
import threading
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import redis
from celery import Celery, Task

from sectra_client.schemas import CancelInvocation
from sectra_client.webhook._jobs import JobExecutor, JobQueueFull, JobRequest
from sectra_client.webhook.celery._cancellations import CancellationStore
from sectra_client.webhook.celery._deliveries import count_delivery
from sectra_client.webhook.celery._listing import waiting_in
from sectra_client.webhook.celery._message import JobMessage
from sectra_client.webhook.celery._sealing import sealer_from_environment
from sectra_client.webhook.celery._task import register_job_task
from sectra_client.webhook.celery._worker import Delivery, run_message

if TYPE_CHECKING:
    from sectra_client.webhook._webhook import SectraWebhook

__all__ = ["CeleryJobRunner"]

logger = logging.getLogger("sectra_client.webhook")

_TASK_OF_APP: WeakKeyDictionary[Celery, tuple[str, Task[Any, str]]] = WeakKeyDictionary()
"""The job task registered on each Celery app, with the webhook path it runs."""


class CeleryJobRunner:
    """Runs the webhook's background jobs on Celery workers (``celery -A myapp:celery_app
    worker``), with Redis as broker; implements ``JobRunner`` and ``BoundedJobRunner``.

    Construct it in the module that defines the webhook, so that the web process and every
    worker build the same one: it registers the job task on ``celery_app``, and a worker finds
    the webhook at the dotted path ``webhook``. App code does not change between the thread
    runner and this one. A second runner for the same app and webhook (another queue, say)
    shares the first one's task, which runs jobs with the first one's settings.

    Jobs are delivered at least once. The task is acknowledged only when the job has ended and
    is put back on the queue when its worker process dies; a worker lost whole (machine,
    container) has its job delivered again ``visibility_timeout`` seconds after it started. A
    job delivered again finds its result by id and does nothing if it is already final;
    otherwise it writes over the placeholder with the current ``versionId`` (retrying on 409),
    so a slide never gets two results for one invocation.

    It sets on ``celery_app``: ``worker_prefetch_multiplier = 1`` (a worker holds only the
    jobs it runs, so an idle worker is never starved by a busy one), the Redis transport's
    ``visibility_timeout`` and, if given, ``worker_concurrency``.

    Args:
        celery_app: the Celery app; its broker must be Redis (``redis://`` or ``rediss://``).
        webhook: where workers import the webhook from: ``"module:attribute"``, e.g.
            ``"myapp:webhook"``.
        queue: the queue jobs go to; default the app's ``task_default_queue``.
        max_queued: how many jobs may wait in the queue; one more invocation that would start
            a job gets 503 and nothing is stored (None: no bound). Size it so that the queue
            drains well within a callback token's lifetime.
        concurrency: jobs one worker runs at once (``worker_concurrency``; the worker's
            ``--concurrency`` overrides it); default Celery's, the number of CPUs.
        visibility_timeout: seconds after which a job that was not acknowledged is delivered
            again; longer than any job runs, or a long job would run twice at once.
        encrypt: seal job requests with the Fernet key in ``SECTRA_JOB_KEY``: None (default)
            when the key is set, True always (the key must be set), False never.
        redis_url: the Redis holding cancellations and delivery counts; default the broker.
        cancellation_ttl: seconds a cancellation is kept (longer than jobs wait and run).
        cancellation_check_interval: a job asks Redis whether it was cancelled at most once
            in this many seconds, however often it checks.
        max_deliveries: a job delivered more often than this (its worker died each time) is
            given up and its result marked failed.

    Raises:
        ValueError: ``webhook`` is not ``"module:attribute"``, another webhook's runner is
            registered on ``celery_app``, a number is out of range, or ``encrypt`` is True
            without a valid key.
    """

    def __init__(
        self,
        celery_app: Celery,
        webhook: str,
        *,
        queue: str | None = None,
        max_queued: int | None = 1000,
        concurrency: int | None = None,
        visibility_timeout: float = 6 * 3600,
        encrypt: bool | None = None,
        redis_url: str | None = None,
        cancellation_ttl: float = 24 * 3600,
        cancellation_check_interval: float = 1.0,
        max_deliveries: int = 3,
    ) -> None:
        module, _, attribute = webhook.partition(":")
        if not module or not attribute:
            raise ValueError(f"webhook must look like 'module:attribute', got {webhook!r}")
        if max_queued is not None and max_queued < 1:
            raise ValueError(f"max_queued must be at least 1 or None, got {max_queued}")
        if concurrency is not None and concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {concurrency}")
        if visibility_timeout <= 0 or max_deliveries < 1:
            raise ValueError("visibility_timeout must be positive and max_deliveries at least 1")
        registered, _ = _TASK_OF_APP.get(celery_app, (webhook, None))
        if registered != webhook:
            raise ValueError(f"this Celery app already runs the jobs of {registered!r}")
        self._app = celery_app
        self._webhook_path = webhook
        self._queue = queue
        self._max_queued = max_queued
        self._max_deliveries = max_deliveries
        self._visibility_timeout = visibility_timeout
        self._sealer = sealer_from_environment(encrypt)
        self._redis_url = redis_url
        self._cancellation_ttl = cancellation_ttl
        self._check_interval = cancellation_check_interval
        self._lock = threading.Lock()
        self._redis: redis.Redis | None = None
        self._closed = False
        _configure(celery_app, visibility_timeout, concurrency)
        if celery_app not in _TASK_OF_APP:
            _TASK_OF_APP[celery_app] = (webhook, register_job_task(celery_app, self._run_message))
        self._task = _TASK_OF_APP[celery_app][1]

    def __repr__(self) -> str:
        return (
            f"CeleryJobRunner(webhook={self._webhook_path!r}, queue={self.queue!r}, "
            f"max_queued={self._max_queued}, encrypted={self.encrypted})"
        )

    @property
    def queue(self) -> str:
        """The queue jobs are sent to."""
        return self._queue or str(self._app.conf.task_default_queue)

    @property
    def encrypted(self) -> bool:
        """Whether job requests travel sealed (see ``SECTRA_JOB_KEY``)."""
        return self._sealer is not None

    def submit(self, request: JobRequest, execute: JobExecutor) -> None:
        """Send the job to the queue (``execute`` is not used: a worker runs
        ``webhook.run_job``). The Celery task id is the job id.

        Raises:
            RuntimeError: the runner is closed.
            kombu.exceptions.OperationalError: the broker cannot be reached.
        """
        if self._closed:
            raise RuntimeError("the job runner is closed")
        sealed = None if self._sealer is None else self._sealer.encrypt(request.to_json().encode())
        message = JobMessage.for_request(request, None if sealed is None else sealed.decode())
        # What Celery shows of the task in its logs and in `inspect --safe`: the label alone.
        shown: dict[str, Any] = {"argsrepr": "()", "kwargsrepr": message.label.to_json()}
        self._task.apply_async(
            kwargs=message.to_kwargs(), task_id=request.job_id, queue=self.queue, **shown
        )
        logger.debug("%s queued", message.label)

    def check_capacity(self) -> None:
        """Return if one more job may be queued.

        Raises:
            JobQueueFull: ``max_queued`` jobs are waiting in the queue.
        """
        if self._max_queued is None:
            return
        waiting = self.queued()
        if waiting >= self._max_queued:
            raise JobQueueFull(
                f"the analysis queue is full ({waiting} jobs waiting); try again later"
            )

    def queued(self) -> int:
        """How many jobs wait in the broker's queue (not counting those workers run)."""
        connections: Any = self._app.pool  # a kombu ConnectionPool (typed otherwise in stubs)
        with connections.acquire(block=True) as connection:
            return waiting_in(connection.default_channel, self.queue)

    def cancel(self, invocation: CancelInvocation) -> int:
        """Record the cancellation in Redis, where every job it matches, queued or running on
        any worker, finds it (see ``JobRequest.is_cancelled_by``).

        Returns:
            1: the cancellation is recorded (which jobs match is known to the workers only).
        """
        self._cancellations().record(invocation)
        return 1

    def close(self, *, wait: bool = True) -> None:
        """Queue no more jobs (those queued run on the workers regardless)."""
        with self._lock:
            self._closed = True
            client, self._redis = self._redis, None
        if client is not None:
            client.close()

    def _run_message(self, message: JobMessage, redelivered: bool) -> str:
        client = self._redis_client()
        count = count_delivery(client, message.label.job_id, self._cancellation_ttl)
        delivery = Delivery(count, self._max_deliveries, redelivered)
        return run_message(message, self._webhook(), self._cancellations(), delivery)

    def _webhook(self) -> SectraWebhook:
        from sectra_client.webhook._webhook import SectraWebhook

        module, _, attribute = self._webhook_path.partition(":")
        found: Any = importlib.import_module(module)
        for name in attribute.split("."):
            found = getattr(found, name)
        if not isinstance(found, SectraWebhook):
            kind = type(found).__name__
            raise TypeError(f"{self._webhook_path} is a {kind}, not a SectraWebhook")
        return found

    def _cancellations(self) -> CancellationStore:
        return CancellationStore(
            self._redis_client(), ttl=self._cancellation_ttl, check_interval=self._check_interval
        )

    def _redis_client(self) -> redis.Redis:
        with self._lock:
            if self._redis is None:
                url = self._redis_url or str(self._app.conf.broker_url or "")
                if not url.startswith(("redis://", "rediss://", "unix://")):
                    raise ValueError(
                        "cancellations need Redis: pass redis_url, or use a redis:// broker"
                    )
                self._redis = redis.Redis.from_url(url)
            return self._redis


def _configure(celery_app: Celery, visibility_timeout: float, concurrency: int | None) -> None:
    conf = celery_app.conf
    conf.worker_prefetch_multiplier = 1
    transport_options = dict(conf.broker_transport_options or {})
    transport_options["visibility_timeout"] = visibility_timeout
    conf.broker_transport_options = transport_options
    if concurrency is not None:
        conf.worker_concurrency = concurrency
