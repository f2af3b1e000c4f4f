"""The layers every request passes before it reaches an operation's route, outermost first.

1. :class:`EnvelopeLayer` logs the request and stamps ``X-Sectra-ApiVersion`` and
   ``X-Sectra-SoftwareVersion`` on every reply, errors included.
2. :class:`RoutingLayer` finds the operation on the raw path (a trailing ``/`` is ignored, as
   Sectra does, unless a deviation says otherwise): unknown paths and operations newer than
   the configured API version answer 404, other methods 405 with ``Allow``. An
   ``X-Sectra-ApiVersion`` request header that is not a version is ignored, as if absent (the
   mock answers with its own version either way).
3. :class:`FaultLayer` applies the programmed faults.
4. :class:`AuthLayer` checks credentials: 401 without valid ones.
"""

from __future__ import annotations

import base64
import binascii
import logging

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sectra_client.mock_server._backend import MockBackend
from sectra_client.mock_server._context import RequestContext, context_of
from sectra_client.mock_server._faults import DeliberateDisconnect
from sectra_client.mock_server._operations import MethodNotAllowed, resolve
from sectra_client.mock_server._request_log import raw_path_of, record_of
from sectra_client.mock_server._responses import send_text
from sectra_client.mock_server._tokens import same_secret

__all__ = [
    "AuthLayer",
    "EnvelopeLayer",
    "FaultLayer",
    "RoutingLayer",
    "hide_deliberate_disconnects",
]

_VERSION_HEADERS = frozenset({b"x-sectra-apiversion", b"x-sectra-softwareversion"})
_REALM = "Sectra IA-API"


class EnvelopeLayer:
    """Logs every request and stamps the server's version headers on every reply."""

    def __init__(self, app: ASGIApp, backend: MockBackend) -> None:
        self.app = app
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record = record_of(scope, self.backend.config.base_path)
        state = self.backend.state
        with state.lock:
            state.requests.append(record)
        RequestContext(record).attach(scope)

        async def stamped_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() not in _VERSION_HEADERS
                ]
                record.status = message["status"]
                message = {**message, "headers": headers + self.backend.version_headers()}
            await send(message)

        await self.app(scope, receive, stamped_send)


class RoutingLayer:
    """Finds the operation a request addresses, or answers 404 or 405 itself.

    Routes behind it see a path whose parameters are percent-encoded once more (so none holds
    a ``/``); they read the decoded values from the request context.
    """

    def __init__(self, app: ASGIApp, backend: MockBackend) -> None:
        self.app = app
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        context = context_of(scope)
        base_path = self.backend.config.base_path
        raw_path = raw_path_of(scope)
        if base_path and not raw_path.startswith(base_path + "/"):
            await send_text(send, 404, "Not Found: no such path on this server")
            return
        relative = raw_path[len(base_path) :]
        slash_status = self.backend.config.deviations.trailing_slash_status
        if slash_status is not None and len(relative) > 1 and relative.endswith("/"):
            await send_text(send, slash_status, "Bad Request: the path ends with '/'")
            return
        relative = _without_trailing_slash(relative)
        found = resolve(scope["method"], relative, self.backend.api_version_tuple)
        if found is None:
            await send_text(send, 404, "Not Found: no such operation on this server")
            return
        if isinstance(found, MethodNotAllowed):
            allow = ", ".join(found.allowed)
            await send_text(send, 405, "Method Not Allowed", headers={"Allow": allow})
            return
        context.operation, context.params = found.operation, found.params
        context.record.operation_id = found.operation.operation_id
        path = base_path + found.operation.canonical_path(found.params)
        await self.app({**scope, "path": path}, receive, send)


class FaultLayer:
    """Applies the faults programmed for the request's operation or path."""

    def __init__(self, app: ASGIApp, backend: MockBackend) -> None:
        self.app = app
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        context = context_of(scope)
        assert context.operation is not None
        faults = self.backend.state.faults.take(context.operation.operation_id, context.record.path)
        if faults.delay:
            await anyio.sleep(faults.delay)
        if faults.reply is not None:
            reply = faults.reply
            await send_text(
                send, reply.status, reply.body, media_type=reply.media_type, headers=reply.headers
            )
            return
        context.truncate_multipart = faults.truncate_multipart
        if faults.drop_after is not None:
            send = _cut_after(send, faults.drop_after)
        await self.app(scope, receive, send)


class AuthLayer:
    """Checks the request's credentials: a bearer token, or HTTP Basic on ``/token``.

    ``/launchdata`` is authenticated by its session token, which its route checks.
    """

    def __init__(self, app: ASGIApp, backend: MockBackend) -> None:
        self.app = app
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        operation = context_of(scope).operation
        assert operation is not None
        authorization = _header(scope, b"authorization")
        if operation.auth == "bearer":
            problem = self._bearer_problem(authorization)
            if problem:
                challenge = f'Bearer realm="{_REALM}"'
                if authorization:
                    challenge += ', error="invalid_token"'
                await send_text(send, 401, problem, headers={"WWW-Authenticate": challenge})
                return
        elif operation.auth == "basic":
            status, problem = self._basic_problem(authorization)
            if problem:
                headers = {"WWW-Authenticate": f'Basic realm="{_REALM}"'} if status == 401 else {}
                await send_text(send, status, problem, headers=headers)
                return
        await self.app(scope, receive, send)

    def _bearer_problem(self, authorization: str | None) -> str:
        scheme, _, token = (authorization or "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return "Unauthorized: send Authorization: Bearer <token>"
        if same_secret(token, self.backend.config.token):
            return ""
        if self.backend.state.tokens.is_valid(token):
            return ""
        return "Unauthorized: the bearer token is not valid or has expired"

    def _basic_problem(self, authorization: str | None) -> tuple[int, str]:
        scheme, _, encoded = (authorization or "").strip().partition(" ")
        if scheme.lower() != "basic":
            return 401, "Unauthorized: send the user's name and password with HTTP Basic"
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return 401, "Unauthorized: malformed HTTP Basic credentials"
        username, _, password = decoded.partition(":")
        with self.backend.state.lock:
            user = self.backend.state.users.get(username)
        if user is None or not same_secret(password, user.password):
            return 401, "Unauthorized: unknown user or wrong password"
        if not user.can_request_tokens:
            return 403, (
                "Forbidden: the user lacks the permission "
                '"Request Image Analysis Api Authentication Token"'
            )
        return 200, ""


class _HideDeliberateDisconnects(logging.Filter):
    """Keeps the connections the mock cuts on purpose out of uvicorn's error log."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, BaseExceptionGroup):
            return error.subgroup(DeliberateDisconnect) is None
        return not isinstance(error, DeliberateDisconnect)


def hide_deliberate_disconnects() -> None:
    """Install (once) the filter that hides deliberate disconnects from uvicorn's log."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(existing, _HideDeliberateDisconnects) for existing in logger.filters):
        logger.addFilter(_HideDeliberateDisconnects())


def _cut_after(send: Send, limit: int) -> Send:
    """``send``, but the connection is cut once ``limit`` body bytes have gone out."""
    sent = 0

    async def cutting_send(message: Message) -> None:
        nonlocal sent
        if message["type"] == "http.response.body":
            body = bytes(message.get("body", b""))
            if sent + len(body) > limit:
                if limit > sent:
                    await send(
                        {
                            "type": "http.response.body",
                            "body": body[: limit - sent],
                            "more_body": True,
                        }
                    )
                raise DeliberateDisconnect(
                    f"connection cut after {limit} body bytes (a mock fault)"
                )
            sent += len(body)
        await send(message)

    return cutting_send


def _header(scope: Scope, name: bytes) -> str | None:
    for raw_name, raw_value in scope.get("headers", []):
        if raw_name.lower() == name:
            return str(raw_value.decode("latin-1"))
    return None


def _without_trailing_slash(path: str) -> str:
    """``/x/`` → ``/x``: a faithful server treats both alike (Sectra's own examples POST to
    ``applications/{id}/results/``)."""
    return path[:-1] if len(path) > 1 and path.endswith("/") else path
