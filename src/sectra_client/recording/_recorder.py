"""``sectra record``: recording proxies in front of Sectra (and of an app), one cassette."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import TracebackType
from typing import Self

import httpx

from sectra_client._threaded_server import ThreadedServer, url_host
from sectra_client.recording._cassette import CassetteWriter
from sectra_client.recording._proxy import RecordingProxy
from sectra_client.recording._scrub import Scrubber

__all__ = ["RECORDED_API_ORIGIN", "RECORDED_APP_ORIGIN", "Recorder"]

logger = logging.getLogger("sectra_client.recording")

RECORDED_API_ORIGIN = "https://sectra.example"
"""The origin a cassette shows for the Sectra server (its real host name is not kept)."""
RECORDED_APP_ORIGIN = "https://app.example"
"""The origin a cassette shows for the app."""


class Recorder:
    """Records what passes between an app and Sectra into a VCR.py cassette, scrubbed.

    Point the app at :attr:`url` instead of the Sectra base URL ``upstream``. With
    ``app_upstream`` (the app's registered URL), a second proxy at :attr:`app_url` records the
    invocations Sectra sends; register :attr:`app_url` in Sectra instead of the app's URL.
    Invocations that pass it get their ``callbackInfo.url`` pointed at :attr:`url`, so the
    app's calls back are recorded too. Secrets and patient data are replaced before anything
    is written (see :mod:`sectra_client.recording`); tile and file bodies are recorded by size
    only unless ``keep_pixels``.

    Use::

        with Recorder("cassette.yaml", upstream=sectra_url).run(port=0) as recorder:
            client = SectraClient(url=recorder.url, token=token)

    Raises (from :meth:`run`):
        OSError: a port cannot be bound.
    """

    def __init__(
        self,
        cassette: str | os.PathLike[str],
        upstream: str,
        *,
        app_upstream: str | None = None,
        keep_pixels: bool = False,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        self.cassette = Path(cassette)
        self.upstream = upstream.rstrip("/")
        self.app_upstream = app_upstream.rstrip("/") if app_upstream else None
        self.keep_pixels = keep_pixels
        self._timeout = timeout
        self._servers: list[ThreadedServer] = []
        self._urls: list[str] = []
        self._writer: CassetteWriter | None = None

    @property
    def url(self) -> str:
        """Where the app reaches Sectra through the recorder.

        Raises:
            RuntimeError: not running.
        """
        if not self._urls:
            raise RuntimeError("the recorder is not running")
        return self._urls[0]

    @property
    def app_url(self) -> str:
        """Where Sectra reaches the app through the recorder (with ``app_upstream``).

        Raises:
            RuntimeError: not running, or no ``app_upstream`` was given.
        """
        if len(self._urls) < 2:
            raise RuntimeError("the recorder has no app side (give app_upstream) or is stopped")
        return self._urls[1]

    @property
    def interactions(self) -> int:
        """How many exchanges have been recorded so far."""
        return len(self._writer) if self._writer is not None else 0

    def run(self, port: int = 0, host: str = "127.0.0.1", *, app_port: int = 0) -> Self:
        """Start the proxies on ``host`` (the API side on ``port``, the app side on
        ``app_port``); return the recorder. ``0`` picks a free port."""
        if self._servers:
            raise RuntimeError("the recorder is already running")
        scrubber = Scrubber({_origin(self.upstream): RECORDED_API_ORIGIN})
        writer = CassetteWriter(self.cassette, scrubber)
        api_proxy = RecordingProxy(
            self.upstream,
            writer,
            recorded_origin=RECORDED_API_ORIGIN,
            keep_pixels=self.keep_pixels,
            timeout=self._timeout,
        )
        api_server = ThreadedServer(api_proxy, host, port, name="sectra record", lifespan="on")
        api_url = f"http://{url_host(api_server.address)}:{api_server.port}"
        scrubber.add_origin(api_url, RECORDED_API_ORIGIN)
        servers = [(api_server, api_url)]
        if self.app_upstream is not None:
            app_proxy = RecordingProxy(
                self.app_upstream,
                writer,
                side="app",
                recorded_origin=RECORDED_APP_ORIGIN,
                callback_url=api_url,
                timeout=self._timeout,
            )
            app_server = ThreadedServer(
                app_proxy, host, app_port, name="sectra record (app side)", lifespan="on"
            )
            app_url = f"http://{url_host(app_server.address)}:{app_server.port}"
            scrubber.add_origin(_origin(self.app_upstream), RECORDED_APP_ORIGIN)
            scrubber.add_origin(app_url, RECORDED_APP_ORIGIN)
            servers.append((app_server, app_url))
        self._writer = writer
        for server, url in servers:
            server.start()
            self._servers.append(server)
            self._urls.append(url)
        logger.info("recording through %s into %s", api_url, self.cassette)
        return self

    def stop(self) -> None:
        """Stop the proxies (the cassette is already complete)."""
        servers, self._servers, self._urls = self._servers, [], []
        for server in servers:
            server.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _origin(url: str) -> str:
    """``https://host:port/path`` → ``https://host:port``."""
    parsed = httpx.URL(url)
    port = f":{parsed.port}" if parsed.port is not None else ""
    return f"{parsed.scheme}://{parsed.host}{port}"
