"""The FastAPI side of the toolkit: the router, the app factory and the version headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sectra_client._preload import preload_client
from sectra_client.webhook._dispatch import Reply, answer_invocation, answer_notification
from sectra_client.webhook._failures import logger
from sectra_client.webhook._request_body import BodyTooLarge, read_body

if TYPE_CHECKING:
    from sectra_client.webhook._webhook_app import WebhookApp

__all__ = ["build_app", "build_router"]


def build_router(webhook: WebhookApp, path: str) -> APIRouter:
    """The four routes of the inbound contract at ``path``; see ``SectraWebhook.create_router``.

    Raises:
        ValueError: ``path`` does not start with ``/``.
    """
    base = _base_path(path)

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        preload_client()  # at start, not on the first invocations
        yield
        webhook.close()

    router = APIRouter(lifespan=lifespan)

    def respond(reply: Reply) -> JSONResponse:
        return JSONResponse(reply.body, reply.status, headers=webhook.reply_headers)

    @router.get(base or "/", summary="The app's registration (GET U)")
    async def registration() -> JSONResponse:
        return respond(Reply(200, webhook.registration.model_dump(mode="json")))

    @router.get(f"{base}/info", summary="The app's versions (GET U/info)")
    async def application_info() -> JSONResponse:
        return respond(Reply(200, webhook.application_info.model_dump(mode="json")))

    @router.post(base or "/", summary="Sectra invokes the app (POST U)")
    async def invocation(request: Request) -> JSONResponse:
        try:
            body = await read_body(request, webhook.max_body_bytes)
        except BodyTooLarge as error:
            return refuse_too_large(error)
        return respond(await answer_invocation(webhook, body, _client_address(request)))

    @router.post(f"{base}/imagenotification", summary="A new slide (POST U/imagenotification)")
    async def image_notification(request: Request) -> JSONResponse:
        try:
            body = await read_body(request, webhook.max_body_bytes)
        except BodyTooLarge as error:
            return refuse_too_large(error)
        return respond(await answer_notification(webhook, body, _client_address(request)))

    def refuse_too_large(error: BodyTooLarge) -> JSONResponse:
        logger.warning("refused a request: %s", error)
        headers = {**webhook.reply_headers, "Connection": "close"}  # the rest is never read
        return JSONResponse({"detail": str(error)}, 413, headers=headers)

    return router


def build_app(webhook: WebhookApp, path: str) -> FastAPI:
    """A FastAPI app with :func:`build_router` at ``path``; see ``SectraWebhook.create_app``.

    Its own OpenAPI document and docs pages are off (the spec's ``webhooks`` are the contract).
    """
    app = FastAPI(
        title=webhook.registration.displayName,
        version=webhook.app_version,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.include_router(build_router(webhook, path))
    app.add_middleware(VersionHeaders, headers=webhook.reply_headers)
    return app


class VersionHeaders:
    """ASGI middleware: sets ``headers`` on every HTTP response (errors of the framework
    itself, such as 404 and 405, included)."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _base_path(path: str) -> str:
    if not path.startswith("/"):
        raise ValueError(f"the webhook path must start with '/', got {path!r}")
    return path.rstrip("/")


def _client_address(request: Request) -> str | None:
    return request.client.host if request.client is not None else None
