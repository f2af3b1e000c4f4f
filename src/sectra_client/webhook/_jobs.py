"""The hand-off between the webhook and whatever runs background jobs.

A job is described by a :class:`JobRequest`: plain data that survives JSON (the job's
registered name, the invocation as JSON, the id of the result it updates), never a closure.
A :class:`JobRunner` decides where and when it runs. The default,
:class:`~sectra_client.webhook.ThreadPoolJobRunner`, runs it in this process; a runner built
on a task queue (Celery, RQ, arq) sends ``request.to_json()`` to a worker, which imports the
same :class:`~sectra_client.webhook.SectraWebhook` and calls
``webhook.run_job(JobRequest.from_json(text), is_cancelled=...)``. App code does not change.

The invocation inside a request holds the callback token: a queue that carries requests
must be as private as the app itself, and a request waiting longer than the token lives
fails when it runs.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar, runtime_checkable

from sectra_client.errors import JobQueueFull
from sectra_client.schemas import CancelInvocation, CreateInvocation, NewImageFilesInvocation

__all__ = [
    "BoundedJobRunner",
    "CancellationCheck",
    "JobExecutor",
    "JobOutcome",
    "JobQueueFull",
    "JobRequest",
    "JobRunner",
]

T = TypeVar("T")


class JobOutcome(StrEnum):
    """How a background job ended; the result on the slide says the same."""

    COMPLETED = "completed"
    """The job function returned its result, which replaced the placeholder."""
    CANCELLED = "cancelled"
    """A ``cancel`` invocation stopped it; the result says ``Cancelled``."""
    FAILED = "failed"
    """The job function raised (or is not registered); the result says the analysis failed."""


@dataclass(frozen=True)
class JobRequest:
    """One background job, as serialisable data.

    Attributes:
        job_name: the name the job function was registered under (``@webhook.job()``).
        invocation_json: the invocation that started the job, as JSON. It holds the callback
            token, so it is left out of ``repr()``.
        result_id: the stored result (the placeholder) the job updates in place.
        application_id: the invoked application's id.
        slide_id: the slide the job analyses.
        cancellation_token: the invocation's ``cancellationToken``, if it had one.
        job_id: a unique id for this job.
        placeholder_version_id: the ``versionId`` the placeholder had when it was stored, if
            known. A job delivered twice (task queues deliver at least once) tells from it,
            and from the ``Status`` the toolkit shows while a job runs, whether the result is
            still waiting for this job.
    """

    job_name: str
    invocation_json: str = field(repr=False)
    result_id: int
    application_id: str
    slide_id: str
    cancellation_token: str | None = None
    job_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    placeholder_version_id: str | None = None

    @classmethod
    def for_invocation(
        cls,
        job_name: str,
        invocation: CreateInvocation | NewImageFilesInvocation,
        result_id: int,
        placeholder_version_id: str | None = None,
    ) -> JobRequest:
        """The request to run ``job_name`` for ``invocation``, updating result ``result_id``
        (stored with ``placeholder_version_id``)."""
        return cls(
            job_name=job_name,
            invocation_json=invocation.model_dump_json(),
            result_id=result_id,
            application_id=invocation.applicationId,
            slide_id=invocation.slideId,
            cancellation_token=invocation.cancellationToken,
            placeholder_version_id=placeholder_version_id,
        )

    def to_json(self) -> str:
        """The request as a JSON object (for a task queue); :meth:`from_json` reads it back."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | bytes) -> JobRequest:
        """Read a request written by :meth:`to_json`.

        Raises:
            ValueError: ``text`` is not such a request.
        """
        try:
            data = json.loads(text)
            return cls(
                job_name=_typed(data, "job_name", str),
                invocation_json=_typed(data, "invocation_json", str),
                result_id=_typed(data, "result_id", int),
                application_id=_typed(data, "application_id", str),
                slide_id=_typed(data, "slide_id", str),
                cancellation_token=_optional_str(data, "cancellation_token"),
                job_id=_typed(data, "job_id", str),
                placeholder_version_id=_optional_str(data, "placeholder_version_id"),
            )
        except (TypeError, KeyError) as error:
            raise ValueError(f"not a job request: {error}") from None

    def is_cancelled_by(self, cancel: CancelInvocation) -> bool:
        """Whether ``cancel`` is meant for this job: the same application and slide, and the
        same ``cancellationToken`` when the cancel carries one."""
        if cancel.applicationId != self.application_id or cancel.slideId != self.slide_id:
            return False
        return cancel.cancellationToken is None or cancel.cancellationToken == (
            self.cancellation_token
        )


CancellationCheck = Callable[[], bool]
"""Answers whether the job has been cancelled; called as often as the job checks."""

JobExecutor = Callable[[JobRequest, CancellationCheck], JobOutcome]
"""Runs one job to its end and records the outcome on the result; never raises.
:meth:`SectraWebhook.run_job <sectra_client.webhook.SectraWebhook.run_job>` is one."""


class JobRunner(Protocol):
    """Where background jobs run. Implement it to run jobs on a task queue."""

    def submit(self, request: JobRequest, execute: JobExecutor) -> None:
        """Run the job, soon, here or elsewhere; return without waiting for it.

        An in-process runner calls ``execute(request, is_cancelled)`` on a worker thread. A
        distributed runner ignores ``execute``, sends ``request.to_json()`` to a worker and
        calls ``webhook.run_job`` there.
        """
        ...

    def cancel(self, invocation: CancelInvocation) -> int:
        """Signal every job that ``invocation`` cancels (see :meth:`JobRequest.is_cancelled_by`),
        queued or running; return how many were signalled."""
        ...

    def close(self, *, wait: bool = True) -> None:
        """Stop accepting jobs; with ``wait``, return once the submitted ones have ended."""
        ...


@runtime_checkable
class BoundedJobRunner(JobRunner, Protocol):
    """A :class:`JobRunner` whose queue has a bound, checked before a placeholder is stored."""

    def check_capacity(self) -> None:
        """Return if one more job may be queued now.

        Raises:
            JobQueueFull: the queue is full.
        """
        ...


def _typed(data: dict[str, object], key: str, kind: type[T]) -> T:
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"{key} must be a {kind.__name__}")
    return value


def _optional_str(data: dict[str, object], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{key} must be a string or null")
    return value
