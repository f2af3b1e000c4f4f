"""Listing the jobs that wait in the queue and those that workers hold, for ``sectra jobs``.

Running and reserved jobs come from the workers (``celery inspect active`` and ``reserved``,
in their safe form: the job labels, never the requests). Jobs still in the broker are read
from the Redis list that holds the queue (oldest first), from the same labels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import redis
from celery import Celery

from sectra_client.webhook.celery._message import JobLabel
from sectra_client.webhook.celery._task import TASK_NAME

__all__ = ["JobListing", "ListedJob", "list_jobs", "waiting_in"]


@dataclass(frozen=True)
class ListedJob:
    """One job in the listing.

    Attributes:
        state: ``"running"``, ``"reserved"`` (taken by a worker, not started) or ``"queued"``.
        label: the job's id, name, result id, application and when it was queued.
        worker: the worker that holds it (None while queued).
        started_at: when it started running (seconds since the epoch), if it did.
    """

    state: str
    label: JobLabel
    worker: str | None = None
    started_at: float | None = None


@dataclass(frozen=True)
class JobListing:
    """The jobs of a queue and its workers.

    Attributes:
        jobs: running and reserved jobs, then queued ones, oldest first.
        queued: how many jobs wait in the queue (``jobs`` lists at most ``limit`` of them).
        workers: the workers that answered.
    """

    jobs: list[ListedJob]
    queued: int
    workers: list[str]


def list_jobs(
    celery_app: Celery, queue: str | None = None, *, timeout: float = 1.0, limit: int = 100
) -> JobListing:
    """The queued and running jobs of ``queue`` (default the app's default queue).

    Args:
        celery_app: an app on the broker the jobs use.
        queue: the queue to list.
        timeout: seconds to wait for the workers' answers.
        limit: list at most this many queued jobs.

    Raises:
        kombu.exceptions.OperationalError: the broker cannot be reached.
    """
    name = queue or str(celery_app.conf.task_default_queue)
    inspect = celery_app.control.inspect(timeout=timeout)
    active = inspect.active(safe=True) or {}
    reserved = inspect.reserved(safe=True) or {}
    held = _held_jobs("running", active) + _held_jobs("reserved", reserved)
    with celery_app.connection_for_read() as connection:
        channel = connection.default_channel
        waiting = waiting_in(channel, name)
        client = getattr(channel, "client", None)
        raw = client.lrange(name, -limit, -1) if isinstance(client, redis.Redis) and limit else []
    queued = [ListedJob("queued", label) for label in _labels(reversed(raw))]
    return JobListing(held + queued, waiting, sorted({*active, *reserved}))


def waiting_in(channel: Any, queue: str) -> int:
    """How many messages wait in ``queue``, asked on a kombu ``channel`` (declaring the queue
    as Celery does, which changes nothing when it exists)."""
    declared = channel.queue_declare(queue=queue, durable=True, auto_delete=False)
    return int(declared.message_count)


def _held_jobs(state: str, by_worker: dict[str, Any]) -> list[ListedJob]:
    jobs = []
    for worker, requests in by_worker.items():
        for request in requests or []:
            if request.get("name") != TASK_NAME:
                continue
            label = _label(request.get("kwargs"))
            if label is not None:
                jobs.append(ListedJob(state, label, worker, request.get("time_start")))
    return sorted(jobs, key=lambda job: job.label.queued_at)


def _labels(messages: Any) -> list[JobLabel]:
    labels = []
    for message in messages:
        try:
            headers = json.loads(message)["headers"]
        except (ValueError, KeyError, TypeError):
            continue
        if headers.get("task") == TASK_NAME:
            label = _label(headers.get("kwargsrepr"))
            if label is not None:
                labels.append(label)
    return labels


def _label(kwargsrepr: Any) -> JobLabel | None:
    try:
        return JobLabel.from_mapping(json.loads(kwargsrepr))
    except (TypeError, ValueError):
        return None
