"""A recording reverse proxy: forwards every request to one upstream and records the
exchange, scrubbed, in a cassette.

In front of Sectra (``side="api"``) it records what an app asks of the server; in front of
an app (``side="app"``) it records the invocations Sectra sends, and can point their
``callbackInfo.url`` at an API-side proxy so that the app's calls are recorded too.
Answers are streamed through as they come; what is kept of them for the cassette is bounded.
"""

from __future__ import annotations

import json
import logging
from typing import Literal
from urllib.parse import parse_qsl, urlencode

import httpx
from starlette.types import Receive, Scope, Send

from sectra_client.recording._cassette import CassetteWriter, Interaction

__all__ = ["MAX_KEPT_BODY", "RecordingProxy", "Side"]

logger = logging.getLogger("sectra_client.recording")

Side = Literal["api", "app"]
MAX_KEPT_BODY = 64 * 1024 * 1024
"""The most of one answer a cassette keeps; a longer one is recorded by its size only."""
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "accept-encoding",
    }
)
_TEXT_MEDIA_TYPES = ("application/json", "application/x-www-form-urlencoded")
# Path segments holding patient data, by the path's shape: /requests/{accessionNumber}/...
_PHI_SEGMENTS: dict[str, dict[int, str]] = {"requests": {1: "accessionNumber"}}


class RecordingProxy:
    """An ASGI app that forwards to ``upstream`` and records into ``writer``.

    Args:
        upstream: the base URL requests are forwarded to (Sectra's API base URL, or the
            app's registered URL).
        writer: the cassette to record into.
        side: ``api`` in front of Sectra, ``app`` in front of an app.
        recorded_origin: the origin the cassette shows instead of the upstream's
            (``https://sectra.example``).
        keep_pixels: keep tile, file and attachment bodies (label images are never kept:
            they show patient data); else only their sizes are recorded.
        callback_url: on the app side, the API-side proxy's base URL that invocations'
            ``callbackInfo.url`` is rewritten to.
        timeout: how long the upstream may take.
    """

    def __init__(
        self,
        upstream: str,
        writer: CassetteWriter,
        *,
        side: Side = "api",
        recorded_origin: str,
        keep_pixels: bool = False,
        callback_url: str | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        self.upstream = httpx.URL(upstream.rstrip("/"))
        self.writer = writer
        self.side = side
        self.recorded_origin = recorded_origin.rstrip("/")
        self.keep_pixels = keep_pixels
        self.callback_url = callback_url
        self._timeout = timeout or httpx.Timeout(30.0, connect=10.0)
        self._client: httpx.AsyncClient | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await _read_body(receive)
        await self._forward(scope, body, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._client is not None:
                    await self._client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _upstream_client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)
        return self._client

    async def _forward(self, scope: Scope, body: bytes, send: Send) -> None:
        raw_path = bytes(scope.get("raw_path") or scope["path"].encode()).split(b"?", 1)[0]
        relative = raw_path.decode("latin-1")
        query = bytes(scope.get("query_string", b""))
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in scope.get("headers", [])
            if name.decode("latin-1").lower() not in _HOP_BY_HOP
        ]
        sent = body
        if self.side == "app" and self.callback_url is not None:
            sent = self._rewritten_invocation(body)
        target = self.upstream.raw_path.rstrip(b"/") + raw_path + (b"?" + query if query else b"")
        request = self._upstream_client().build_request(
            scope["method"],
            self.upstream.copy_with(raw_path=target),
            headers=[*headers, ("Accept-Encoding", "identity")],
            content=sent,
        )
        try:
            response = await self._upstream_client().send(request, stream=True)
        except httpx.HTTPError as error:
            text = f"Bad Gateway: the upstream did not answer ({type(error).__name__})".encode()
            await _send_whole(send, 502, [("content-type", "text/plain; charset=utf-8")], text)
            return
        kept = bytearray()
        size = 0
        keep = self._keeps_body(relative, response.headers.get("content-type", ""))
        try:
            answer_headers = [
                (name, value)
                for name, value in response.headers.multi_items()
                if name.lower() not in _HOP_BY_HOP or name.lower() == "content-length"
            ]
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": [
                        (n.encode("latin-1"), v.encode("latin-1")) for n, v in answer_headers
                    ],
                }
            )
            async for chunk in response.aiter_raw():
                size += len(chunk)
                if keep and size <= MAX_KEPT_BODY:
                    kept += chunk
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()
        keep = keep and size <= MAX_KEPT_BODY
        self._record(
            scope["method"],
            relative,
            query,
            headers,
            body,
            response,
            answer_headers,
            bytes(kept) if keep else None,
            size,
        )

    def _keeps_body(self, relative: str, content_type: str) -> bool:
        """Whether the cassette keeps this answer's body (else only its size)."""
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type in _TEXT_MEDIA_TYPES or media_type.endswith("+json"):
            return True
        if media_type.startswith("text/") or not media_type:
            return True
        segments = set(relative.strip("/").split("/"))
        if "label" in segments:
            return False
        return self.keep_pixels

    def _rewritten_invocation(self, body: bytes) -> bytes:
        """An invocation whose ``callbackInfo.url`` points at the API-side proxy."""
        try:
            invocation = json.loads(body)
        except ValueError:
            return body
        callback = invocation.get("callbackInfo") if isinstance(invocation, dict) else None
        if not isinstance(callback, dict) or not isinstance(callback.get("url"), str):
            return body
        callback["url"] = self.callback_url
        return json.dumps(invocation).encode()

    def _record(
        self,
        method: str,
        relative: str,
        query: bytes,
        request_headers: list[tuple[str, str]],
        request_body: bytes,
        response: httpx.Response,
        response_headers: list[tuple[str, str]],
        response_body: bytes | None,
        size: int,
    ) -> None:
        scrubber = self.writer.scrubber
        path = scrubber.path(relative, _phi_segments(relative))
        pairs = scrubber.query(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
        base = self.recorded_origin + self.upstream.raw_path.decode("ascii").rstrip("/")
        uri = base + path + ("?" + urlencode(pairs) if pairs else "")
        self.writer.add(
            Interaction(
                method=method,
                uri=uri,
                request_headers=scrubber.headers(request_headers),
                request_body=request_body,
                status=response.status_code,
                reason=response.reason_phrase,
                response_headers=scrubber.headers(response_headers),
                response_body=response_body,
                response_size=size,
            )
        )


def _phi_segments(relative: str) -> dict[int, str]:
    """The positions of the path's segments that hold patient data, with their names."""
    segments = relative.split("/")
    found: dict[int, str] = {}
    for index, segment in enumerate(segments):
        for offset, name in _PHI_SEGMENTS.get(segment, {}).items():
            found[index + offset] = name
    return found


async def _read_body(receive: Receive) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        body += message.get("body", b"")
        if not message.get("more_body", False):
            break
    return bytes(body)


async def _send_whole(send: Send, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
    raw = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in headers]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body, "more_body": False})
