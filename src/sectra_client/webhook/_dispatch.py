"""Answering one invocation: read it, check its callback host, run its handler, apply the
reply rules. Framework-free: the routes only move bytes and headers.

Replies (the body is JSON):

- ``create``: 200 with the stored ``ResultResponse``; ``modify``: 200 with the updated one;
  ``cancel``: 200 ``[]``; ``delete``: 200 ``{}``; an image notification: 200 ``{}``.
- an action this library does not know (a newer Sectra may send one): 200 ``{}``, logged at
  WARNING; no handler runs.
- 422 ``{"detail": ...}`` for a body that is not a valid invocation, naming the fields.
- 403 ``{"detail": ...}`` when the callback host is not trusted; nothing was called.
- 503 ``{"detail": ...}`` when a job would start but the runner's queue is full
  (:class:`JobQueueFull`); nothing was stored.
- 500 ``{"detail": ...}`` when a handler (or storing its result) failed; logged with the
  traceback. Neither detail nor log holds the callback token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool

from sectra_client._redact import scrub
from sectra_client.errors import InsecureURLError
from sectra_client.schemas import (
    CancelInvocation,
    CreateInvocation,
    DeleteInvocation,
    Invocation,
    ModifyInvocation,
    NewImageFilesInvocation,
    PatchAction,
    PatchActionState,
    PatchResultContent,
    ResultResponse,
    UnknownInvocation,
)
from sectra_client.webhook._failures import describe_error, log_failure, logger
from sectra_client.webhook._handlers import is_async_handler
from sectra_client.webhook._invocation_body import (
    InvalidInvocation,
    read_invocation,
    read_notification,
)
from sectra_client.webhook._jobs import BoundedJobRunner, JobQueueFull, JobRequest
from sectra_client.webhook._results import failed
from sectra_client.webhook._settle import (
    Settlement,
    settle_create,
    settle_modify,
    settle_notification,
    store,
    store_async,
)
from sectra_client.webhook._trusted_hosts import CallbackRefused

if TYPE_CHECKING:
    from sectra_client.webhook._webhook_app import WebhookApp

__all__ = ["Reply", "answer_invocation", "answer_notification"]

_Settle = Callable[[object], Settlement]
_SHOWN_ACTION_LENGTH = 40


@dataclass(frozen=True)
class Reply:
    """An answer to Sectra: HTTP status and JSON body (the version headers are added by the
    routes)."""

    status: int
    body: Any


class _NoHandler(Exception):
    """The app registered no handler for an action that needs one."""


async def answer_invocation(webhook: WebhookApp, body: bytes, client_address: str | None) -> Reply:
    """The reply to a ``POST U`` with ``body`` from ``client_address``."""
    return await _answer_body(webhook, body, client_address, read_invocation)


async def answer_notification(
    webhook: WebhookApp, body: bytes, client_address: str | None
) -> Reply:
    """The reply to a ``POST U/imagenotification`` with ``body`` from ``client_address``."""
    return await _answer_body(webhook, body, client_address, read_notification)


async def _answer_body(
    webhook: WebhookApp,
    body: bytes,
    client_address: str | None,
    read: Callable[[bytes], Invocation],
) -> Reply:
    try:
        invocation = read(body)
    except InvalidInvocation as error:
        logger.warning("refused a request: %s", error)
        return Reply(422, {"detail": str(error)})
    try:
        return await _answer(webhook, invocation, client_address)
    except Exception as error:  # a fault of the toolkit itself: still answer, with headers
        secrets = [invocation.callbackInfo.token]
        log_failure(f"the webhook failed on a {invocation.action} invocation", error, secrets)
        return Reply(500, {"detail": f"the webhook failed: {describe_error(error, secrets)}"})


async def _answer(webhook: WebhookApp, invocation: Invocation, client_address: str | None) -> Reply:
    action, slide = invocation.action, invocation.slideId
    secrets = [invocation.callbackInfo.token]
    try:
        await webhook.check_callback(invocation.callbackInfo.url, client_address)
    except (CallbackRefused, InsecureURLError) as error:
        detail = scrub(str(error), secrets)
        logger.warning("refused a %s invocation on slide %r: %s", action, slide, detail)
        return Reply(403, {"detail": detail})
    except ValueError as error:
        return Reply(422, {"detail": scrub(str(error), secrets)})
    try:
        reply = await _dispatch(webhook, invocation)
    except JobQueueFull as error:
        logger.warning("refused a %s invocation on slide %r: %s", action, slide, error)
        return Reply(503, {"detail": str(error)})
    except Exception as error:
        log_failure(f"the {action} invocation on slide {slide!r} failed", error, secrets)
        detail = f"the app failed to handle the {action} invocation: "
        return Reply(500, {"detail": detail + describe_error(error, secrets)})
    logger.debug("answered a %s invocation on slide %r", action, slide)
    return reply


async def _dispatch(webhook: WebhookApp, invocation: Invocation) -> Reply:
    registry, app_version = webhook, webhook.app_version
    if isinstance(invocation, UnknownInvocation):
        action = scrub(invocation.action[:_SHOWN_ACTION_LENGTH], [invocation.callbackInfo.token])
        logger.warning(
            "answered {} to an invocation on slide %r with an action this library does not "
            "know (%r); a newer Sectra may send it",
            invocation.slideId,
            action,
        )
        return Reply(200, {})
    if isinstance(invocation, CreateInvocation):
        if registry.create_handler is None:
            raise _NoHandler("the app has no create handler (register one with @webhook.on_create)")
        stored = await _handle(
            webhook,
            invocation,
            registry.create_handler,
            (invocation,),
            lambda outcome: settle_create(invocation, outcome, registry, app_version),
        )
        return Reply(200, _dumped(stored))
    if isinstance(invocation, ModifyInvocation):
        pressed = pressed_action(invocation)
        handler: Any = registry.modify_handler
        arguments: tuple[Any, ...] = (invocation,)
        if pressed is not None and registry.patch_action_handler is not None:
            handler, arguments = registry.patch_action_handler, (invocation, pressed)
        stored = await _handle(
            webhook,
            invocation,
            handler,
            arguments,
            lambda outcome: settle_modify(invocation, outcome),
        )
        return Reply(200, _dumped(stored))
    if isinstance(invocation, CancelInvocation):
        signalled = await run_in_threadpool(webhook.runner.cancel, invocation)
        logger.info("cancel on slide %r signalled %d job(s)", invocation.slideId, signalled)
        await _handle(webhook, invocation, registry.cancel_handler, (invocation,), _nothing)
        return Reply(200, [])
    if isinstance(invocation, DeleteInvocation):
        await _handle(webhook, invocation, registry.delete_handler, (invocation,), _nothing)
        return Reply(200, {})
    await _handle(
        webhook,
        invocation,
        registry.notification_handler,
        (invocation,),
        lambda outcome: settle_notification(invocation, outcome, registry, app_version),
    )
    return Reply(200, {})


def pressed_action(invocation: ModifyInvocation) -> PatchAction | None:
    """The pressed patch-gallery button of a ``modify``, if it is a button press."""
    data = invocation.input.data
    content = data.result if data is not None else None
    if not isinstance(content, PatchResultContent):
        return None
    for action in content.content.actions or []:
        if action.state == PatchActionState.PRESSED:
            return action
    return None


async def _handle(
    webhook: WebhookApp,
    invocation: Invocation,
    handler: Any,
    arguments: tuple[Any, ...],
    settle: _Settle,
) -> ResultResponse | None:
    """Call ``handler(*arguments, client)``, store what the reply rules ask, start the job."""
    application_id = invocation.applicationId
    settle = _admitting(webhook, settle)
    if handler is None:
        plan = settle(None)
        if plan == Settlement():
            return None
        stored = await run_in_threadpool(_store_with_new_client, webhook, invocation, plan)
    elif is_async_handler(handler):
        async with webhook.async_client_for(invocation) as client:
            plan = settle(await handler(*arguments, client))
            stored = await store_async(client, application_id, plan)
    else:
        stored, plan = await run_in_threadpool(
            _call_sync, webhook, invocation, handler, arguments, settle
        )
    if plan.job is not None and stored is not None:
        assert isinstance(invocation, CreateInvocation | NewImageFilesInvocation)
        await run_in_threadpool(_start_job, webhook, invocation, plan.job, stored)
    return stored


def _call_sync(
    webhook: WebhookApp,
    invocation: Invocation,
    handler: Any,
    arguments: tuple[Any, ...],
    settle: _Settle,
) -> tuple[ResultResponse | None, Settlement]:
    with webhook.client_for(invocation) as client:
        plan = settle(handler(*arguments, client))
        return store(client, invocation.applicationId, plan), plan


def _store_with_new_client(
    webhook: WebhookApp, invocation: Invocation, plan: Settlement
) -> ResultResponse | None:
    with webhook.client_for(invocation) as client:
        return store(client, invocation.applicationId, plan)


def _start_job(
    webhook: WebhookApp,
    invocation: CreateInvocation | NewImageFilesInvocation,
    job_name: str,
    placeholder: ResultResponse,
) -> None:
    request = JobRequest.for_invocation(job_name, invocation, placeholder.id, placeholder.versionId)
    try:
        webhook.runner.submit(request, webhook.run_job)
    except Exception:
        with webhook.client_for(invocation) as client:
            client.modify_result(invocation.applicationId, placeholder.id, failed)
        raise


def _admitting(webhook: WebhookApp, settle: _Settle) -> _Settle:
    """``settle``, refusing a plan that would store a placeholder for a job when the runner's
    queue is full (before anything is stored)."""

    def settle_if_admitted(outcome: object) -> Settlement:
        plan = settle(outcome)
        runner = webhook.runner
        starts_job = plan.job is not None and plan.create is not None
        if starts_job and isinstance(runner, BoundedJobRunner):
            runner.check_capacity()
        return plan

    return settle_if_admitted


def _nothing(outcome: object) -> Settlement:
    return Settlement()


def _dumped(stored: ResultResponse | None) -> dict[str, Any]:
    if stored is None:
        raise RuntimeError("no result was stored for the invocation")
    dumped: dict[str, Any] = stored.model_dump(mode="json")
    return dumped
