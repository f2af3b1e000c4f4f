"""Running one background job to its end, and leaving its outcome on the slide.

- The job function returns its final result: it replaces the placeholder (same id).
- It raises :class:`JobCancelled`, or was cancelled before it started: the result says
  ``Cancelled``.
- It raises anything else (or is not registered): the result says ``Analysis failed`` and the
  traceback is logged without the token.

Every write is a read-modify-write retried on HTTP 409, so a pathologist's edits or progress
written meanwhile never make the job's update fail.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from pydantic import ValidationError

from sectra_client import SectraClient
from sectra_client.schemas import (
    CreateInvocation,
    NewImageFilesInvocation,
    Result,
    ResultFields,
    ResultResponse,
    parse_invocation,
)
from sectra_client.webhook._failures import describe_error, log_failure, logger
from sectra_client.webhook._handlers import HandlerRegistry
from sectra_client.webhook._job import Job, JobCancelled
from sectra_client.webhook._jobs import CancellationCheck, JobOutcome, JobRequest
from sectra_client.webhook._results import cancelled, failed, replaced_by

__all__ = ["run_job"]

ClientFactory = Callable[[CreateInvocation | NewImageFilesInvocation], SectraClient]


def run_job(
    request: JobRequest,
    is_cancelled: CancellationCheck,
    registry: HandlerRegistry,
    make_client: ClientFactory,
) -> JobOutcome:
    """Run the job ``request`` describes and record its outcome on its result; never raises."""
    label = f"job {request.job_name!r} (result {request.result_id}, slide {request.slide_id!r})"
    try:
        invocation = parse_invocation(request.invocation_json)
    except ValidationError:
        logger.error("%s: its invocation is unreadable; the job was dropped", label)
        return JobOutcome.FAILED
    if not isinstance(invocation, CreateInvocation | NewImageFilesInvocation):
        logger.error(
            "%s: started by a %s invocation; the job was dropped", label, invocation.action
        )
        return JobOutcome.FAILED
    secrets = [invocation.callbackInfo.token]
    try:
        client = make_client(invocation)
    except Exception as error:
        logger.error("%s: no client for its callback: %s", label, describe_error(error, secrets))
        return JobOutcome.FAILED
    with client:
        job = Job(request, invocation, client, is_cancelled)
        return _run(job, registry, label, secrets)


def _run(job: Job, registry: HandlerRegistry, label: str, secrets: list[str]) -> JobOutcome:
    function = registry.job_function(job.name)
    try:
        if function is None:
            raise LookupError(f"no job is registered as {job.name!r}")
        job.raise_if_cancelled()
        final = function(job)
        if not isinstance(final, Result | ResultFields):
            raise TypeError(f"the job returned a {type(final).__name__}; return a Result")
    except JobCancelled:
        logger.info("%s was cancelled", label)
        _record(job, cancelled, label, secrets)
        return JobOutcome.CANCELLED
    except Exception as error:
        log_failure(f"{label} failed", error, secrets)
        _record(job, failed, label, secrets)
        return JobOutcome.FAILED
    try:
        job.update(partial(replaced_by, final))
    except Exception as error:
        log_failure(f"{label}: storing its final result failed", error, secrets)
        _record(job, failed, label, secrets)
        return JobOutcome.FAILED
    logger.info("%s completed", label)
    return JobOutcome.COMPLETED


def _record(
    job: Job,
    mark: Callable[[ResultResponse], ResultResponse],
    label: str,
    secrets: list[str],
) -> None:
    try:
        job.update(mark)
    except Exception as error:
        logger.error(
            "%s: its result could not be updated: %s", label, describe_error(error, secrets)
        )
