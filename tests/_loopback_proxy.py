"""A forward HTTP proxy on loopback, as a hospital network puts in front of its servers.

It forwards plain ``http://`` requests (absolute-form targets; one request per connection,
sent on with ``Connection: close``) and tunnels ``CONNECT host:port`` (for ``https://``), and
records the method and target of every request it receives.

    with LoopbackProxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        ...
        assert proxy.requests == [("CONNECT", "127.0.0.1:8443")]
"""

from __future__ import annotations

import select
import socket
import socketserver
import threading
from urllib.parse import urlsplit

__all__ = ["LoopbackProxy"]

_HEAD_LIMIT = 64 * 1024


class LoopbackProxy:
    """A forward proxy on ``127.0.0.1`` at a free port, serving in background threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[tuple[str, str]] = []
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[tuple[str, str]]:
        """``(method, target)`` of every request received, in order."""
        with self._lock:
            return list(self._requests)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackProxy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _record(self, method: str, target: str) -> None:
        with self._lock:
            self._requests.append((method, target))


def _handler_for(proxy: LoopbackProxy) -> type[socketserver.BaseRequestHandler]:
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            client: socket.socket = self.request
            head, rest = _read_head(client)
            if head is None:
                return
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, version = request_line.split(" ", 2)
            proxy._record(method, target)
            if method == "CONNECT":
                host, port = target.rsplit(":", 1)
                with socket.create_connection((host, int(port))) as upstream:
                    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    if rest:
                        upstream.sendall(rest)
                    _relay(client, upstream)
                return
            url = urlsplit(target)
            origin_form = url.path + (f"?{url.query}" if url.query else "")
            kept = [line for line in header_lines if not line.lower().startswith("connection:")]
            lines = [f"{method} {origin_form} {version}", *kept, "Connection: close"]
            forwarded = "\r\n".join(lines)
            with socket.create_connection((url.hostname or "", url.port or 80)) as upstream:
                upstream.sendall(forwarded.encode("latin-1") + b"\r\n\r\n" + rest)
                _relay(client, upstream)

    return Handler


def _read_head(client: socket.socket) -> tuple[bytes | None, bytes]:
    """The request head (without its blank line) and what was read past it."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = client.recv(65536)
        if not chunk or len(received) > _HEAD_LIMIT:
            return None, b""
        received += chunk
    head, rest = received.split(b"\r\n\r\n", 1)
    return head, rest


def _relay(first: socket.socket, second: socket.socket) -> None:
    """Copy bytes both ways until either side closes."""
    peers = {first: second, second: first}
    while True:
        readable, _, _ = select.select(list(peers), [], [], 10.0)
        if not readable:
            return
        for sock in readable:
            try:
                data = sock.recv(1 << 20)
            except OSError:
                return
            if not data:
                return
            peers[sock].sendall(data)
