"""The Celery task that runs jobs on workers, registered on the app by ``CeleryJobRunner``.

It is acknowledged late and rejected (so requeued) when its worker process is lost: a job
whose worker dies is delivered again rather than lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import Celery, Task

from sectra_client.webhook.celery._message import JobMessage

__all__ = ["TASK_NAME", "register_job_task"]

TASK_NAME = "sectra_client.webhook.run_job"
"""The task's name on the Celery app (what ``celery inspect`` and ``sectra jobs`` show)."""

JobMessageRunner = Callable[[JobMessage, bool], str]
"""Runs one job message (``redelivered`` tells whether the broker delivered it before) and
returns its outcome; never raises."""


def register_job_task(celery_app: Celery, run: JobMessageRunner) -> Task[Any, str]:
    """Register the job task on ``celery_app``, running each message with ``run``."""

    def run_sectra_job(task: Task[Any, str], *, job: Any, request: Any, sealed: Any) -> str:
        message = JobMessage.from_kwargs(job, request, sealed)
        delivery_info = task.request.delivery_info or {}
        return run(message, bool(delivery_info.get("redelivered")))

    registered: Task[Any, str] = celery_app.task(
        name=TASK_NAME,
        shared=False,  # only on this app: not on every Celery app of the process
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        track_started=True,
    )(run_sectra_job)
    return registered
