"""The mock's FastAPI application: routes under the base path behind the mock's layers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from sectra_client.mock_server import (
    _routes_quality,
    _routes_results,
    _routes_server,
    _routes_slides,
    _routes_tiles,
)
from sectra_client.mock_server._backend import MockBackend
from sectra_client.mock_server._layers import (
    AuthLayer,
    EnvelopeLayer,
    FaultLayer,
    RoutingLayer,
    hide_deliberate_disconnects,
)
from sectra_client.mock_server._replay_layer import ReplayLayer

__all__ = ["MockApp"]


class MockApp(FastAPI):
    """A FastAPI app serving the IA-API from a :class:`MockBackend`.

    Its own OpenAPI and docs pages are off: ``openapi/sectra.yaml`` is the contract.
    """

    def __init__(self, backend: MockBackend) -> None:
        super().__init__(
            title="Mock Sectra IA-API", docs_url=None, redoc_url=None, openapi_url=None
        )
        self.state.mock_backend = backend
        self._mock_backend = backend
        for module in (
            _routes_server,
            _routes_slides,
            _routes_tiles,
            _routes_results,
            _routes_quality,
        ):
            self.include_router(module.router, prefix=backend.config.base_path)
        self.add_exception_handler(HTTPException, _plain_http_error)
        self.add_exception_handler(RequestValidationError, _plain_validation_error)
        hide_deliberate_disconnects()

    def build_middleware_stack(self) -> ASGIApp:
        """FastAPI's stack, wrapped in the mock's layers (outermost: the envelope)."""
        backend = self._mock_backend
        inner = super().build_middleware_stack()
        layered = AuthLayer(inner, backend)
        routed: ASGIApp = RoutingLayer(FaultLayer(layered, backend), backend)
        if backend.replay is not None:
            routed = ReplayLayer(routed, backend, backend.replay)
        return EnvelopeLayer(routed, backend)


async def _plain_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code in (204, 304):
        return Response(status_code=error.status_code, headers=error.headers)
    return PlainTextResponse(str(error.detail), error.status_code, headers=error.headers)


async def _plain_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    lines = []
    for item in error.errors():
        location = ".".join(str(part) for part in item.get("loc", ()))
        lines.append(f"{location}: {item.get('msg', 'invalid')}")
    return PlainTextResponse("; ".join(lines), 422)
