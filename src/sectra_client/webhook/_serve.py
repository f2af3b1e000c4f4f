"""Serving a webhook app with uvicorn on a background thread, for tests, demos and notebooks.

In production, serve ``webhook.create_app(...)`` with ``uvicorn`` (behind TLS) instead.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sectra_client._extras import require_extra

require_extra("uvicorn", "webhook", "SectraWebhook.serve")

from starlette.types import ASGIApp  # noqa: E402

from sectra_client._threaded_server import ThreadedServer, url_host  # noqa: E402

__all__ = ["WebhookServer"]


class WebhookServer:
    """A webhook app served by uvicorn on a daemon thread; a context manager that stops it.

    Attributes:
        url: the registered URL ``U`` to give Sectra (or the mock's ``trigger``), e.g.
            ``http://127.0.0.1:53117/sectra``.
        port: the port it listens on (chosen by the system when 0 was asked for).
    """

    def __init__(self, app: ASGIApp, path: str, host: str, port: int) -> None:
        self._server = ThreadedServer(
            app, host, port, name="SectraWebhook", lifespan="on", shutdown_timeout=30.0
        )
        self.port: int = self._server.port
        self.url = f"http://{url_host(self._server.address)}:{self.port}{path}"

    def __repr__(self) -> str:
        return f"WebhookServer(url={self.url!r})"

    def start(self) -> None:
        """Start serving; return once requests are accepted.

        Raises:
            RuntimeError: the server did not start within 10 seconds.
        """
        self._server.start()

    def stop(self) -> None:
        """Stop serving. The app's shutdown closes the webhook, which waits for its jobs."""
        self._server.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
