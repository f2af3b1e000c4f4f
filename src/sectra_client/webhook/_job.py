"""What a background job sees: its invocation, a client, progress and cancellation."""

from __future__ import annotations

from collections.abc import Callable

from sectra_client import SectraClient
from sectra_client.errors import JobCancelled
from sectra_client.schemas import CreateInvocation, NewImageFilesInvocation, ResultResponse
from sectra_client.webhook._jobs import CancellationCheck, JobRequest
from sectra_client.webhook._results import progress_text, progressed

__all__ = ["Job", "JobCancelled"]


class Job:
    """One background analysis, as its job function sees it.

    Attributes:
        request: the serialisable description of the job (name, result id, ...).
        invocation: the invocation that started it (``create``, or ``newImageFiles`` for an
            image notification).
        client: a :class:`~sectra_client.SectraClient` for the invocation's ``callbackInfo``,
            open while the job runs.
    """

    def __init__(
        self,
        request: JobRequest,
        invocation: CreateInvocation | NewImageFilesInvocation,
        client: SectraClient,
        is_cancelled: CancellationCheck,
    ) -> None:
        self.request = request
        self.invocation = invocation
        self.client = client
        self._is_cancelled = is_cancelled

    def __repr__(self) -> str:
        return f"Job(name={self.name!r}, result_id={self.result_id}, slide_id={self.slide_id!r})"

    @property
    def name(self) -> str:
        """The name the job function is registered under."""
        return self.request.job_name

    @property
    def result_id(self) -> int:
        """The id of the stored result (the placeholder) this job updates."""
        return self.request.result_id

    @property
    def application_id(self) -> str:
        """The invoked application's id."""
        return self.invocation.applicationId

    @property
    def slide_id(self) -> str:
        """The slide being analysed."""
        return self.invocation.slideId

    @property
    def cancelled(self) -> bool:
        """Whether a ``cancel`` invocation for this job arrived. Check it between steps."""
        return self._is_cancelled()

    def raise_if_cancelled(self) -> None:
        """Stop here if the job was cancelled.

        Raises:
            JobCancelled: a ``cancel`` invocation for this job arrived.
        """
        if self._is_cancelled():
            raise JobCancelled(f"job {self.name!r} on result {self.result_id} was cancelled")

    def progress(self, fraction: float, message: str | None = None) -> ResultResponse:
        """Show how far the job is on its result: ``displayProperties`` gets
        ``Status: Running`` and ``Progress: 40 %``, and the display result becomes
        ``"<message>: 40 %"`` (``"Running: 40 %"`` without a message).

        The update is made on a fresh read and retried when someone else changed the result
        meanwhile (HTTP 409).

        Args:
            fraction: how much is done, from 0 to 1.
            message: what the job is doing, shown to the pathologist.

        Returns:
            The stored result.

        Raises:
            ValueError: ``fraction`` is not between 0 and 1.
            sectra_client.errors.SectraError: the update failed.
        """
        progress_text(fraction)
        return self.update(lambda current: progressed(current, fraction, message))

    def update(self, change: Callable[[ResultResponse], ResultResponse | None]) -> ResultResponse:
        """Change the job's result: ``change`` gets the freshly read result and edits it in
        place (returning None) or returns the result to store. On a conflict (HTTP 409) the
        result is read again and ``change`` applied anew.

        Returns:
            The stored result.
        """
        return self.client.modify_result(self.application_id, self.result_id, change)
