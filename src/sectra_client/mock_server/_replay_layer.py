"""The layer of a mock made from a cassette: recorded answers to read-only requests are
served again as they were; everything else goes on to the live mock (or, on a strict replay,
a request about a slide, case or application the cassette does not hold gets 404)."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from sectra_client.mock_server._backend import MockBackend
from sectra_client.mock_server._cassette import Replay, request_key
from sectra_client.mock_server._operations import RouteMatch, resolve
from sectra_client.mock_server._request_log import raw_path_of
from sectra_client.mock_server._responses import send_text

__all__ = ["ReplayLayer"]


class ReplayLayer:
    """Serves a cassette's recorded answers in front of the mock's own routing."""

    def __init__(self, app: ASGIApp, backend: MockBackend, replay: Replay) -> None:
        self.app = app
        self.backend = backend
        self.replay = replay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        base_path = self.backend.config.base_path
        raw_path = raw_path_of(scope)
        relative = raw_path[len(base_path) :] if raw_path.startswith(base_path) else raw_path
        query = bytes(scope.get("query_string", b"")).decode("latin-1")
        answer = self.replay.answers.get(request_key(scope["method"], relative, query))
        if answer is not None:
            headers = [
                (name.encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers
            ]
            headers.append((b"content-length", str(len(answer.body)).encode()))
            await send({"type": "http.response.start", "status": answer.status, "headers": headers})
            await send({"type": "http.response.body", "body": answer.body, "more_body": False})
            return
        if self.backend.config.strict:
            missing = self._not_recorded(scope["method"], relative)
            if missing:
                await send_text(
                    send,
                    404,
                    f"Not Found: {missing} is not in the cassette {self.replay.name} "
                    "(a strict replay serves only what was recorded)",
                )
                return
        await self.app(scope, receive, send)

    def _not_recorded(self, method: str, relative: str) -> str:
        """What the request names that the cassette does not hold, or ``""``."""
        trimmed = relative[:-1] if len(relative) > 1 and relative.endswith("/") else relative
        found = resolve(method, trimmed, self.backend.api_version_tuple)
        if not isinstance(found, RouteMatch):
            return ""
        params = found.params
        if "slideId" in params and params["slideId"] not in self.replay.slides:
            return f"slide {params['slideId']!r}"
        if "accessionNumber" in params and params["accessionNumber"] not in self.replay.cases:
            return "that case"
        known_apps = self.replay.applications.keys() | self.replay.results.keys()
        if "applicationId" in params and params["applicationId"] not in known_apps:
            return f"application {params['applicationId']!r}"
        return ""
