"""SectraWebhook: one analysis app's handlers, versions, trusted hosts and job runner."""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Self, TypedDict

import httpx

from sectra_client import AsyncSectraClient, SectraClient
from sectra_client._constants import API_VERSION_HEADER, LATEST_API_VERSION, SOFTWARE_VERSION_HEADER
from sectra_client._urls import validate_base_url
from sectra_client._versions import parse_api_version
from sectra_client.schemas import ApplicationInfo, Invocation, Registration
from sectra_client.webhook._handlers import (
    CancelHandler,
    CreateHandler,
    DeleteHandler,
    HandlerRegistry,
    ImageNotificationHandler,
    JobFunction,
    ModifyHandler,
    PatchActionHandler,
)
from sectra_client.webhook._jobs import CancellationCheck, JobOutcome, JobRequest, JobRunner
from sectra_client.webhook._request_body import DEFAULT_MAX_BODY_BYTES
from sectra_client.webhook._run_job import run_job
from sectra_client.webhook._thread_runner import ThreadPoolJobRunner
from sectra_client.webhook._trusted_hosts import TrustedHosts

if TYPE_CHECKING:
    from fastapi import APIRouter, FastAPI

    from sectra_client.webhook._serve import WebhookServer

__all__ = ["CallbackClientOptions", "SectraWebhook"]


class CallbackClientOptions(TypedDict, total=False):
    """Settings of the clients the toolkit opens for ``callbackInfo`` (see
    :class:`~sectra_client.SectraClient`): the versions come from the webhook."""

    timeout: float | httpx.Timeout
    max_retries: int
    verify: ssl.SSLContext | str | bool
    allow_insecure_http: bool
    pause_gc_while_parsing: bool


def _never_cancelled() -> bool:
    return False


class SectraWebhook(HandlerRegistry):
    """An analysis app that Sectra invokes: its handlers and how its webhook answers.

    Register one handler per action (``@webhook.on_create``, ``on_modify``,
    ``on_patch_action``, ``on_cancel``, ``on_delete``, ``on_image_notification``) and the
    background jobs (``@webhook.job()``), then serve :meth:`create_app` (or include
    :meth:`create_router` in your own FastAPI app). The toolkit applies the reply rules of the
    inbound contract, puts ``X-Sectra-ApiVersion`` and ``X-Sectra-SoftwareVersion`` on every
    reply, refuses untrusted callback hosts, and runs jobs on ``runner``.

    Args:
        registration: served at ``GET U``.
        app_version: the app's own version: ``X-Sectra-SoftwareVersion`` of replies and
            callbacks, ``softwareVersion`` at ``GET U/info`` and the ``applicationVersion`` of
            placeholders.
        api_version: the IA-API version the app is written against (``X-Sectra-ApiVersion``),
            default the newest this library supports.
        trusted_hosts: the hosts callbacks may go to (host names or IP addresses), or a
            :class:`TrustedHosts`; None trusts only the host each invocation came from.
        runner: runs background jobs; default a :class:`ThreadPoolJobRunner` with 2 workers.
        client_options: settings of the callback clients (timeouts, retries, TLS, whether
            big answers are parsed with the garbage collector paused).
        max_body_bytes: the largest request body accepted, in bytes (default 16 MiB; a real
            invocation is a few kB, a ``modify`` carries its whole result). A larger body is
            answered 413 without being read: its ``Content-Length`` is checked first, and a
            chunked body is counted as it arrives.
        on_create: the ``create`` handler, as an alternative to ``@webhook.on_create``.
        on_modify: the ``modify`` handler (``@webhook.on_modify``).
        on_patch_action: the patch-gallery button handler (``@webhook.on_patch_action``).
        on_cancel: the ``cancel`` handler (``@webhook.on_cancel``).
        on_delete: the ``delete`` handler (``@webhook.on_delete``).
        on_image_notification: the image notification handler
            (``@webhook.on_image_notification``).
        jobs: job functions, registered under their ``__name__`` (or the mapping's keys).

    Raises:
        ValueError: ``api_version`` is not ``major.minor``, ``app_version`` is empty, a
            trusted host is malformed, or ``max_body_bytes`` is less than 1.
    """

    def __init__(
        self,
        registration: Registration,
        *,
        app_version: str,
        api_version: str = LATEST_API_VERSION,
        trusted_hosts: Iterable[str] | TrustedHosts | None = None,
        runner: JobRunner | None = None,
        client_options: CallbackClientOptions | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        on_create: CreateHandler | None = None,
        on_modify: ModifyHandler | None = None,
        on_patch_action: PatchActionHandler | None = None,
        on_cancel: CancelHandler | None = None,
        on_delete: DeleteHandler | None = None,
        on_image_notification: ImageNotificationHandler | None = None,
        jobs: Iterable[JobFunction] | Mapping[str, JobFunction] = (),
    ) -> None:
        super().__init__()
        if parse_api_version(api_version) is None:
            raise ValueError(f"api_version must look like '1.10', got {api_version!r}")
        if not app_version.strip():
            raise ValueError("app_version must not be empty")
        if max_body_bytes < 1:
            raise ValueError(f"max_body_bytes must be at least 1, got {max_body_bytes}")
        self.registration = registration
        self.app_version = app_version
        self.api_version = api_version
        self.trusted_hosts = (
            trusted_hosts
            if isinstance(trusted_hosts, TrustedHosts)
            else TrustedHosts(trusted_hosts)
        )
        self.runner: JobRunner = runner if runner is not None else ThreadPoolJobRunner()
        self.client_options = (
            client_options.copy() if client_options is not None else CallbackClientOptions()
        )
        self.max_body_bytes = max_body_bytes
        self._register(
            on_create, on_modify, on_patch_action, on_cancel, on_delete, on_image_notification
        )
        named = jobs.items() if isinstance(jobs, Mapping) else ((None, job) for job in jobs)
        for name, function in named:
            self.job(name)(function)

    def __repr__(self) -> str:
        return (
            f"SectraWebhook(applicationId={self.registration.applicationId!r}, "
            f"app_version={self.app_version!r}, api_version={self.api_version!r})"
        )

    @property
    def application_info(self) -> ApplicationInfo:
        """The app's versions, served at ``GET U/info``."""
        return ApplicationInfo(apiVersion=self.api_version, softwareVersion=self.app_version)

    @property
    def reply_headers(self) -> dict[str, str]:
        """The headers every reply to Sectra carries: the app's API and software versions."""
        return {API_VERSION_HEADER: self.api_version, SOFTWARE_VERSION_HEADER: self.app_version}

    def client_for(self, invocation: Invocation) -> SectraClient:
        """A client for ``invocation.callbackInfo``, declaring the app's versions. Close it."""
        callback = invocation.callbackInfo
        return SectraClient(
            callback.url,
            callback.token,
            api_version=self.api_version,
            app_version=self.app_version,
            **self.client_options,
        )

    def async_client_for(self, invocation: Invocation) -> AsyncSectraClient:
        """:meth:`client_for`, async."""
        callback = invocation.callbackInfo
        return AsyncSectraClient(
            callback.url,
            callback.token,
            api_version=self.api_version,
            app_version=self.app_version,
            **self.client_options,
        )

    async def check_callback(self, callback_url: str, client_address: str | None) -> None:
        """Refuse a callback URL the app must not call: an untrusted host (see
        :class:`TrustedHosts`), or plain ``http://`` to a host that is not loopback (unless
        ``client_options`` allows it).

        Raises:
            CallbackRefused: the host is not trusted.
            InsecureURLError: plain ``http://`` to a host that is not loopback.
            ValueError: the URL is malformed.
        """
        allow_insecure_http = self.client_options.get("allow_insecure_http", False)
        validate_base_url(callback_url, allow_insecure_http=allow_insecure_http)
        await self.trusted_hosts.check(callback_url, client_address)

    def run_job(
        self, request: JobRequest, is_cancelled: CancellationCheck = _never_cancelled
    ) -> JobOutcome:
        """Run a background job to its end and leave its outcome on its result; never raises.

        A runner calls this, in this process or in a task-queue worker that imports the same
        webhook (``webhook.run_job(JobRequest.from_json(text), is_cancelled=...)``).

        Args:
            request: the job.
            is_cancelled: answers whether a ``cancel`` for the job arrived.
        """
        return run_job(request, is_cancelled, self, self.client_for)

    def create_router(self, path: str = "/") -> APIRouter:
        """A FastAPI router serving the inbound contract at ``path`` (the registered URL's
        path): ``GET path``, ``GET path/info``, ``POST path``, ``POST path/imagenotification``.
        Including it in an app also closes this webhook when the app shuts down."""
        from sectra_client.webhook._routes import build_router

        return build_router(self, path)

    def create_app(self, path: str = "/") -> FastAPI:
        """A FastAPI app serving :meth:`create_router` at ``path``; every reply it sends,
        404 and 405 included, carries the version headers. It closes this webhook on shutdown.
        Serve it with ``uvicorn``."""
        from sectra_client.webhook._routes import build_app

        return build_app(self, path)

    def serve(self, path: str = "/", *, host: str = "127.0.0.1", port: int = 0) -> WebhookServer:
        """Serve :meth:`create_app` on a background thread (uvicorn), for tests and demos.

        Returns the running server (its ``url`` is the registered URL ``U``); use it as a
        context manager, or call ``stop()``. Stopping it closes this webhook. In production,
        run ``uvicorn`` on :meth:`create_app` instead.

        Raises:
            OSError: the address cannot be bound.
            RuntimeError: the server did not start.
        """
        from sectra_client.webhook._serve import WebhookServer

        server = WebhookServer(self.create_app(path), path.rstrip("/") or "/", host, port)
        server.start()
        return server

    def close(self, *, wait: bool = True) -> None:
        """Stop the job runner; with ``wait``, return once the queued and running jobs ended."""
        self.runner.close(wait=wait)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _register(
        self,
        on_create: CreateHandler | None,
        on_modify: ModifyHandler | None,
        on_patch_action: PatchActionHandler | None,
        on_cancel: CancelHandler | None,
        on_delete: DeleteHandler | None,
        on_image_notification: ImageNotificationHandler | None,
    ) -> None:
        if on_create is not None:
            self.on_create(on_create)
        if on_modify is not None:
            self.on_modify(on_modify)
        if on_patch_action is not None:
            self.on_patch_action(on_patch_action)
        if on_cancel is not None:
            self.on_cancel(on_cancel)
        if on_delete is not None:
            self.on_delete(on_delete)
        if on_image_notification is not None:
            self.on_image_notification(on_image_notification)
