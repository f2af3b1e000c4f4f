"""Serving an ASGI app with uvicorn on a background thread, on a port known before it starts.

Used by :class:`~sectra_client.mock_server.MockSectraServer` and by
``SectraWebhook.serve``; both need the ``mock`` extra, which brings uvicorn.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

__all__ = ["ThreadedServer", "url_host"]

_STARTUP_TIMEOUT = 10.0


class ThreadedServer:
    """One uvicorn server on a daemon thread.

    The socket is bound before the thread starts, so :attr:`port` is known (also for
    ``port=0``, which picks a free port) and the server accepts connections as soon as
    :meth:`start` returns.

    Args:
        app: the ASGI app.
        host: the address or name to bind (IPv4 preferred for names).
        port: the port; 0 picks a free one.
        name: what is served, for the thread's name and error messages.
        lifespan: ``"on"`` runs the app's startup and shutdown events.
        shutdown_timeout: seconds :meth:`stop` waits for the server thread to finish.
        graceful_shutdown: seconds unfinished responses get once stopping, or None for
            uvicorn's default (wait for them).
    """

    def __init__(
        self,
        app: ASGIApp,
        host: str,
        port: int,
        *,
        name: str,
        lifespan: Literal["on", "off"] = "off",
        shutdown_timeout: float = 5.0,
        graceful_shutdown: int | None = None,
    ) -> None:
        self._socket = _bind(host, port)
        self.address: str = self._socket.getsockname()[0]
        self.port: int = self._socket.getsockname()[1]
        self._name = name
        self._shutdown_timeout = shutdown_timeout
        config = uvicorn.Config(
            app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan=lifespan,
            loop="asyncio",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=graceful_shutdown,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"{name}:{self.port}",
            daemon=True,
        )

    def start(self) -> None:
        """Start serving; return once the server accepts requests.

        Raises:
            RuntimeError: the server did not start within 10 seconds.
        """
        self._thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._socket.close()
                raise RuntimeError(f"{self._name} did not start")
            time.sleep(0.005)

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.should_exit = True
        self._thread.join(self._shutdown_timeout)
        self._socket.close()


def url_host(address: str) -> str:
    """The host to put in a URL for a server bound to ``address``.

    A wildcard address is reached through loopback; IPv6 addresses get brackets.
    """
    if address in ("0.0.0.0", ""):
        return "127.0.0.1"
    if address == "::":
        return "[::1]"
    try:
        is_v6 = ipaddress.ip_address(address).version == 6
    except ValueError:
        return address
    return f"[{address}]" if is_v6 else address


def _bind(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket bound to ``host`` (IPv4 preferred for names) and ``port``."""
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
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
