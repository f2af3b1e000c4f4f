"""Telling a redelivered job whether its result still waits for it.

Celery with ``acks_late`` delivers a job at least once: after a worker was lost, the job is
delivered again, and it may have finished (or been cancelled) before the loss. The result is
still waiting when it is the placeholder as stored (same ``versionId``) or shows the toolkit's
``Queued`` or ``Running`` status (placeholder and progress updates); anything else (the job's
final result, ``Cancelled``, ``Analysis failed``) is final and is left alone.
"""

from __future__ import annotations

from sectra_client.schemas import ResultResponse
from sectra_client.webhook._jobs import JobRequest
from sectra_client.webhook._results import QUEUED, RUNNING, STATUS

__all__ = ["waits_for_job"]


def waits_for_job(result: ResultResponse, request: JobRequest) -> bool:
    """Whether ``result`` is still the placeholder (or progress) of ``request``'s job."""
    if result.versionId == request.placeholder_version_id:
        return True
    status = (result.displayProperties or {}).get(STATUS)
    return status in (QUEUED, RUNNING)
