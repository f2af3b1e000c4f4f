"""doctor's HTTP calls: raw requests whose answers are kept whole, timed, for checking.

doctor does not use :class:`~sectra_client.SectraClient` for its calls: the client would
refuse, retry or repair exactly what doctor wants to see (a stale ``versionId``, a trailing
slash, a body the models cannot read).
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from sectra_client._constants import (
    API_VERSION_HEADER,
    LATEST_API_VERSION,
    LIBRARY_VERSION,
    SOFTWARE_VERSION_HEADER,
    USER_AGENT,
)
from sectra_client._urls import quote_path_segment

__all__ = ["Call", "Exchange", "Prober"]

MAX_BODY_BYTES = 64 * 1024 * 1024
"""The most of one answer doctor reads (slide files are not read at all)."""


@dataclass(frozen=True)
class Call:
    """One request to make.

    Attributes:
        label: what it is for, as the report shows it.
        operation: the spec's ``operationId``.
        method: the HTTP method.
        template: the spec's path template, e.g. ``/slides/{slideId}/info``.
        params: the values of the template's parameters.
        query: query parameters.
        body: a JSON body, if any.
        form: a form body (``application/x-www-form-urlencoded``), if any.
        basic: a user name and password to send with HTTP Basic instead of the bearer token.
        trailing_slash: send the path with a ``/`` at its end.
    """

    label: str
    operation: str
    method: str
    template: str
    params: dict[str, str | int]
    query: dict[str, str] | None = None
    body: Any = None
    form: dict[str, str] | None = None
    basic: tuple[str, str] | None = field(default=None, repr=False)
    trailing_slash: bool = False

    def path(self) -> str:
        """The path relative to the base URL, each parameter percent-encoded."""
        path = self.template.format(
            **{name: quote_path_segment(value) for name, value in self.params.items()}
        )
        return path + "/" if self.trailing_slash else path


@dataclass(frozen=True)
class Exchange:
    """A call and its answer (``status`` is ``None`` when none came; ``failure`` says why)."""

    call: Call
    url: httpx.URL
    status: int | None
    headers: httpx.Headers
    body: bytes
    seconds: float
    failure: str = ""

    @property
    def media_type(self) -> str:
        """The answer's media type, lower case, without parameters."""
        content_type: str = self.headers.get("content-type", "")
        return content_type.split(";", 1)[0].strip().lower()


class Prober:
    """Makes doctor's calls against one server with one bearer token.

    Every request has ``timeout``; version headers declare this library's IA-API version.
    """

    def __init__(self, base_url: str, token: str, *, timeout: httpx.Timeout) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._client = httpx.Client(
            timeout=timeout,
            headers={
                "Authorization": f"Bearer {token}",
                API_VERSION_HEADER: LATEST_API_VERSION,
                SOFTWARE_VERSION_HEADER: LIBRARY_VERSION,
                "User-Agent": f"{USER_AGENT} (sectra doctor)",
                "Accept-Encoding": "identity",
            },
            follow_redirects=False,
        )

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def send(self, call: Call) -> Exchange:
        """Make ``call``; a failure to get an answer is kept in the exchange, not raised."""
        url = httpx.URL(self.base_url + call.path(), params=call.query or {})
        request = self._client.build_request(call.method, url, json=call.body, data=call.form)
        if call.basic is not None:
            user, password = call.basic
            encoded = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            request.headers["Authorization"] = f"Basic {encoded}"
        started = time.perf_counter()
        try:
            response = self._client.send(request, stream=True)
            try:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BODY_BYTES:
                        break
            finally:
                response.close()
        except httpx.HTTPError as error:
            seconds = time.perf_counter() - started
            return Exchange(call, url, None, httpx.Headers(), b"", seconds, type(error).__name__)
        seconds = time.perf_counter() - started
        return Exchange(call, url, response.status_code, response.headers, bytes(body), seconds)
