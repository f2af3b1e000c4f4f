"""Serving a webhook app with uvicorn on a background thread, for tests, demos and notebooks.

In production, serve ``webhook.create_app(...)`` with ``uvicorn`` (behind TLS) instead.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from types import TracebackType
from typing import Self

from sectra_client._extras import require_extra

require_extra("uvicorn", "mock", "SectraWebhook.serve")

import uvicorn  # noqa: E402
from starlette.types import ASGIApp  # noqa: E402

__all__ = ["WebhookServer"]

_STARTUP_TIMEOUT = 10.0
_SHUTDOWN_TIMEOUT = 30.0


class WebhookServer:
    """A webhook app served by uvicorn on a daemon thread; a context manager that stops it.

    Attributes:
        url: the registered URL ``U`` to give Sectra (or the mock's ``trigger``), e.g.
            ``http://127.0.0.1:53117/sectra``.
        port: the port it listens on (chosen by the system when 0 was asked for).
    """

    def __init__(self, app: ASGIApp, path: str, host: str, port: int) -> None:
        self._socket = _bind(host, port)
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://{_url_host(self._socket.getsockname()[0])}:{self.port}{path}"
        config = uvicorn.Config(
            app, log_config=None, access_log=False, lifespan="on", http="h11", ws="none"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"SectraWebhook:{self.port}",
            daemon=True,
        )

    def __repr__(self) -> str:
        return f"WebhookServer(url={self.url!r})"

    def start(self) -> None:
        """Start serving; return once requests are accepted.

        Raises:
            RuntimeError: the server did not start within 10 seconds.
        """
        self._thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._socket.close()
                raise RuntimeError("the webhook server did not start")
            time.sleep(0.005)

    def stop(self) -> None:
        """Stop serving. The app's shutdown closes the webhook, which waits for its jobs."""
        self._server.should_exit = True
        self._thread.join(_SHUTDOWN_TIMEOUT)
        self._socket.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _bind(host: str, port: int) -> socket.socket:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    infos.sort(key=lambda info: info[0] != socket.AF_INET)
    family, kind, protocol, _, address = infos[0]
    sock = socket.socket(family, kind, protocol)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def _url_host(address: str) -> str:
    if address in ("0.0.0.0", ""):
        return "127.0.0.1"
    if address == "::":
        return "[::1]"
    try:
        is_v6 = ipaddress.ip_address(address).version == 6
    except ValueError:
        return address
    return f"[{address}]" if is_v6 else address
