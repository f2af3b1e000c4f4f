"""The Celery message of one job: what anyone may see about it, and the request itself.

The task's keyword arguments are ``job`` (the job's id and name, the result it updates, the
application and when it was queued: no token, no patient data) and ``request`` (the
:class:`~sectra_client.webhook.JobRequest` as JSON, or sealed when ``sealed`` is true). Celery
shows only ``job`` in its logs and in ``celery inspect ... --safe`` (the message's
``kwargsrepr``), which is also what ``sectra jobs`` reads.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from typing import Any

from sectra_client.webhook._jobs import JobRequest

__all__ = ["JobLabel", "JobMessage"]


@dataclass(frozen=True)
class JobLabel:
    """What may be shown about a job (in logs, inspect output and ``sectra jobs``).

    Attributes:
        job_id: the job's id (also the Celery task id).
        job_name: the registered name of the job function.
        result_id: the result (placeholder) the job updates.
        application_id: the invoked application.
        queued_at: when the web process queued it (seconds since the epoch).
    """

    job_id: str
    job_name: str
    result_id: int
    application_id: str
    queued_at: float

    def to_json(self) -> str:
        """The label as a JSON object."""
        return json.dumps(asdict(self))

    @classmethod
    def from_mapping(cls, data: Any) -> JobLabel:
        """Read a label from its JSON object (parsed).

        Raises:
            ValueError: ``data`` is not a job label.
        """
        try:
            return cls(
                job_id=str(data["job_id"]),
                job_name=str(data["job_name"]),
                result_id=int(data["result_id"]),
                application_id=str(data["application_id"]),
                queued_at=float(data["queued_at"]),
            )
        except (TypeError, KeyError, ValueError) as error:
            raise ValueError(f"not a job label: {type(error).__name__}") from None

    def __str__(self) -> str:
        return f"job {self.job_id} ({self.job_name!r}, result {self.result_id})"


@dataclass(frozen=True)
class JobMessage:
    """One job as the task's keyword arguments.

    Attributes:
        label: what may be shown about the job.
        request: the job request's JSON, or its sealed form.
        sealed: whether ``request`` is sealed (see ``_sealing``).
    """

    label: JobLabel
    request: str
    sealed: bool

    @classmethod
    def for_request(cls, request: JobRequest, sealed_json: str | None) -> JobMessage:
        """The message for ``request``, carrying ``sealed_json`` if it was sealed."""
        label = JobLabel(
            job_id=request.job_id,
            job_name=request.job_name,
            result_id=request.result_id,
            application_id=request.application_id,
            queued_at=time.time(),
        )
        if sealed_json is None:
            return cls(label, request.to_json(), sealed=False)
        return cls(label, sealed_json, sealed=True)

    def to_kwargs(self) -> dict[str, Any]:
        """The task's keyword arguments."""
        return {"job": asdict(self.label), "request": self.request, "sealed": self.sealed}

    @classmethod
    def from_kwargs(cls, job: Any, request: Any, sealed: Any) -> JobMessage:
        """Read the task's keyword arguments.

        Raises:
            ValueError: they are not a job message.
        """
        if not isinstance(request, str) or not isinstance(sealed, bool):
            raise ValueError("not a job message")
        return cls(JobLabel.from_mapping(job), request, sealed)
