"""A programmable, adversarial HTTP/1.1 server on loopback for transport tests.

Each path gets a script: a sequence of :class:`Reply` values, one consumed per request; the
last one repeats. A reply can stall before answering, stall mid-body, or drop the connection
before the headers, right after them or halfway through the body. Every request received is
recorded (method, path with query, headers, body).

    with ScriptedServer() as server:
        server.script("/info", Reply(503, headers={"Retry-After": "0"}), Reply.json({"a": 1}))
        ... request server.base_url + "/info" ...
        assert len(server.requests_to("/info")) == 2
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal
from urllib.parse import urlsplit

__all__ = ["DropPoint", "RecordedRequest", "Reply", "ScriptedServer", "unused_port"]

DropPoint = Literal["before_headers", "after_headers", "mid_body"]


@dataclass(frozen=True)
class Reply:
    """One scripted answer.

    Attributes:
        status: the HTTP status.
        body: the body bytes (``Content-Length`` is set from it unless given in ``headers``).
        headers: extra response headers.
        delay: seconds to wait before sending anything (longer than the client's read timeout
            makes the client time out).
        body_delay: seconds to wait after the headers and the first half of the body.
        drop: close the connection at this point instead of completing the answer.
        drip: seconds between single bytes: the status line, the headers and the body are
            sent one byte at a time (a server that keeps a call busy without ever falling
            silent for a read timeout). Ends early when the client goes away.
        drip_bytes: bytes sent per drip (1 by default).
    """

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    body_delay: float = 0.0
    drop: DropPoint | None = None
    drip: float = 0.0
    drip_bytes: int = 1

    @classmethod
    def json(
        cls, value: object, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Reply:
        return cls(
            status,
            json.dumps(value).encode(),
            {"Content-Type": "application/json", **(headers or {})},
        )

    @classmethod
    def html(cls, status: int, text: str) -> Reply:
        return cls(status, text.encode(), {"Content-Type": "text/html; charset=utf-8"})


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes

    @property
    def bare_path(self) -> str:
        return urlsplit(self.path).path


_UNSCRIPTED = Reply(404, b"no script for this path", {"Content-Type": "text/plain"})


class ScriptedServer:
    """Serves scripted replies on ``127.0.0.1`` at a free port, in a background thread; over
    TLS when given a server-side ``tls`` context (``base_url`` then starts ``https://``)."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self._lock = threading.Lock()
        self._scripts: dict[str, list[Reply]] = {}
        self._requests: list[RecordedRequest] = []
        self._closing = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._scheme = "http"
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(
                self._httpd.socket, server_side=True, do_handshake_on_connect=False
            )
            self._scheme = "https"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{self._scheme}://{host!s}:{port}"

    def script(self, path: str, *replies: Reply) -> None:
        """Answer requests to ``path`` (without query) with ``replies`` in order, then the last."""
        if not replies:
            raise ValueError("a script needs at least one reply")
        with self._lock:
            self._scripts[path] = list(replies)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.bare_path == path]

    def close(self) -> None:
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _record_and_pick(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self._requests.append(request)
            script = self._scripts.get(request.bare_path)
            if not script:
                return _UNSCRIPTED
            return script.pop(0) if len(script) > 1 else script[0]

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self._closing.wait(seconds)


def _handler_for(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._answer()

        do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            recorded = RecordedRequest(self.command, self.path, dict(self.headers.items()), body)
            reply = server._record_and_pick(recorded)
            server._pause(reply.delay)
            if reply.drip:
                self._drip(reply)
                return
            if reply.drop == "before_headers":
                self._drop()
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if not any(name.lower() == "content-length" for name in reply.headers):
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.drop == "after_headers":
                self._drop()
                return
            if self.command == "HEAD":
                return
            half = len(reply.body) // 2
            self.wfile.write(reply.body[:half])
            self.wfile.flush()
            if reply.drop == "mid_body":
                self._drop()
                return
            server._pause(reply.body_delay)
            self.wfile.write(reply.body[half:])
            self.wfile.flush()

        def _drip(self, reply: Reply) -> None:
            head = f"HTTP/1.1 {reply.status} Dripping\r\n"
            head += "".join(f"{name}: {value}\r\n" for name, value in reply.headers.items())
            if not any(name.lower() == "content-length" for name in reply.headers):
                head += f"Content-Length: {len(reply.body)}\r\n"
            answer = head.encode() + b"\r\n" + reply.body
            for start in range(0, len(answer), reply.drip_bytes):
                if server._closing.is_set():
                    return
                try:
                    self.wfile.write(answer[start : start + reply.drip_bytes])
                    self.wfile.flush()
                except OSError:
                    return
                server._pause(reply.drip)

        def _drop(self) -> None:
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)

    return Handler


def unused_port() -> int:
    """A loopback port with nothing listening on it (connections to it are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
