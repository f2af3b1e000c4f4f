"""What a worker does with one job message, and what it logs.

1. Opens the request (sealed or not) and logs that the job started, with how long it waited in
   the queue.
2. Reads the job's result. Sectra refusing the callback token there (HTTP 401 or 403) means the
   token expired while the job waited: logged, naming the result and never the token; the job
   is dropped. A result that no longer waits for the job (see ``_redelivery``) is left alone: a
   redelivered job that had finished does nothing.
3. A job delivered more often than allowed is given up: its result says the analysis failed.
4. Otherwise runs the job with ``SectraWebhook.run_job`` and a cancellation check against
   Redis, and logs how it ended and how long it ran.

Log records go to the ``sectra_client.webhook`` logger and name the job by id, job name and
result id only (no token, no patient data).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from sectra_client.errors import (
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    SectraError,
)
from sectra_client.schemas import parse_invocation
from sectra_client.webhook._failures import describe_error, logger
from sectra_client.webhook._jobs import JobOutcome, JobRequest
from sectra_client.webhook._results import failed
from sectra_client.webhook.celery._cancellations import CancellationStore
from sectra_client.webhook.celery._message import JobMessage
from sectra_client.webhook.celery._redelivery import waits_for_job
from sectra_client.webhook.celery._sealing import UnsealError, unseal

if TYPE_CHECKING:
    from sectra_client.webhook._webhook import SectraWebhook

__all__ = ["ALREADY_FINAL", "Delivery", "run_message"]

ALREADY_FINAL = "already final"
"""What a job that found its result already final reports (it did nothing)."""


@dataclass(frozen=True)
class Delivery:
    """How a message reached this worker.

    Attributes:
        count: how many times the job was delivered, this time included.
        max_count: the most deliveries a job gets before it is given up.
        redelivered: the broker says it delivered the message before.
    """

    count: int
    max_count: int
    redelivered: bool


def run_message(
    message: JobMessage,
    webhook: SectraWebhook,
    cancellations: CancellationStore,
    delivery: Delivery,
) -> str:
    """Run the job in ``message`` to its end; its outcome (a ``JobOutcome`` value, or
    :data:`ALREADY_FINAL`). Never raises."""
    label = message.label
    waited = max(0.0, time.time() - label.queued_at)
    again = f" (delivery {delivery.count})" if delivery.count > 1 or delivery.redelivered else ""
    logger.info("%s started after %.3f s in the queue%s", label, waited, again)
    started = time.monotonic()
    outcome = _run(message, webhook, cancellations, delivery, waited)
    logger.info("%s ended: %s after %.3f s", label, outcome, time.monotonic() - started)
    return outcome


def _run(
    message: JobMessage,
    webhook: SectraWebhook,
    cancellations: CancellationStore,
    delivery: Delivery,
    waited: float,
) -> str:
    label = message.label
    try:
        text = unseal(message.request) if message.sealed else message.request
        request = JobRequest.from_json(text)
        invocation = parse_invocation(request.invocation_json)
    except (UnsealError, ValueError, ValidationError) as error:
        logger.error("%s cannot be read and was dropped: %s", label, describe_error(error, []))
        return JobOutcome.FAILED.value
    token = invocation.callbackInfo.token
    try:
        client = webhook.client_for(invocation)
    except Exception as error:
        logger.error("%s: no client for its callback: %s", label, describe_error(error, [token]))
        return JobOutcome.FAILED.value
    with client:
        try:
            current = client.get_result(request.application_id, request.result_id)
        except (AuthenticationError, PermissionDeniedError) as error:
            logger.error(
                "%s: Sectra refused the callback token (HTTP %d) after %.1f s in the queue; the "
                "token has probably expired. Result %d keeps its placeholder: run the app on "
                "the slide again.",
                label,
                error.status_code,
                waited,
                request.result_id,
            )
            return JobOutcome.FAILED.value
        except NotFoundError:
            logger.error("%s: result %d no longer exists; dropped", label, request.result_id)
            return JobOutcome.FAILED.value
        except SectraError as error:
            reason = describe_error(error, [token])
            logger.warning("%s: reading its result failed: %s", label, reason)
            current = None
        if current is not None and not waits_for_job(current, request):
            logger.info("%s: result %d is already final; nothing to do", label, request.result_id)
            return ALREADY_FINAL
        if delivery.count > delivery.max_count:
            logger.error(
                "%s was delivered %d times (at most %d): its worker was probably lost each time "
                "(out of memory?); given up, result %d says the analysis failed",
                label,
                delivery.count,
                delivery.max_count,
                request.result_id,
            )
            try:
                client.modify_result(request.application_id, request.result_id, failed)
            except SectraError as error:
                logger.error(
                    "%s: could not mark it failed: %s", label, describe_error(error, [token])
                )
            return JobOutcome.FAILED.value
    is_cancelled = cancellations.check_for(request, label.queued_at)
    return webhook.run_job(request, is_cancelled).value
