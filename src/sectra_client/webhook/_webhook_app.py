"""What the routes and the dispatch need of a webhook, as a protocol.

:class:`~sectra_client.webhook.SectraWebhook` is the one implementation. The routes
(:mod:`._routes`) and the dispatch (:mod:`._dispatch`) are written against this protocol rather
than that class, because ``SectraWebhook`` builds them (``create_router``, ``create_app``):
each module then imports only those below it, and no import loop forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sectra_client import AsyncSectraClient, SectraClient
    from sectra_client.schemas import ApplicationInfo, Invocation, Registration
    from sectra_client.webhook._handlers import (
        CancelHandler,
        CreateHandler,
        DeleteHandler,
        ImageNotificationHandler,
        JobFunction,
        ModifyHandler,
        PatchActionHandler,
    )
    from sectra_client.webhook._jobs import CancellationCheck, JobOutcome, JobRequest, JobRunner

__all__ = ["WebhookApp"]


class WebhookApp(Protocol):
    """An app's registration, versions, handlers and job runner, as the routes serve them."""

    registration: Registration
    app_version: str
    max_body_bytes: int
    runner: JobRunner
    create_handler: CreateHandler | None
    modify_handler: ModifyHandler | None
    patch_action_handler: PatchActionHandler | None
    cancel_handler: CancelHandler | None
    delete_handler: DeleteHandler | None
    notification_handler: ImageNotificationHandler | None

    @property
    def application_info(self) -> ApplicationInfo: ...

    @property
    def reply_headers(self) -> dict[str, str]: ...

    def job_name(self, job: str | JobFunction) -> str: ...

    def client_for(self, invocation: Invocation) -> SectraClient: ...

    def async_client_for(self, invocation: Invocation) -> AsyncSectraClient: ...

    async def check_callback(self, callback_url: str, client_address: str | None) -> None: ...

    def run_job(self, request: JobRequest, is_cancelled: CancellationCheck = ...) -> JobOutcome: ...

    def close(self, *, wait: bool = True) -> None: ...
