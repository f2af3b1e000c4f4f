"""The one place requests to Sectra are sent: auth, headers, timeouts, retries, error mapping,
logging.

:class:`SyncTransport` and :class:`AsyncTransport` differ only in I/O. Everything else (building
the request, deciding whether and when to retry, refreshing a rejected token, turning answers
and failures into :mod:`sectra_client.errors`, logging) is written once, in
``_TransportBase._exchange``: a generator that yields the I/O it needs (get a token, send,
read, sleep) and receives the results. Each transport runs it with its own I/O.

A request is described by a :class:`RequestSpec`, built from a generated binding's
``_get_kwargs(...)`` dict with :meth:`RequestSpec.from_kwargs`.

Retries follow :mod:`sectra_client._retry`. Besides, when the server answers 401 or 403 and the
token comes from a refreshing source, the token is invalidated and the request is sent once more
with a fresh one, whatever its method (the request was refused, not processed). Sectra's own
downloader refreshes on 403 too: a server may answer 403 to an expired ``/token`` token.

Logging (logger ``sectra_client``): one DEBUG record per attempt with method, display path,
status (or error class) and elapsed milliseconds; one INFO record per retry, carrying a
:class:`RetryNotice` as its ``sectra_retry`` attribute (for a display that shows retries as
they happen, such as the command line's). Records never
contain a token, a query string or a PHI path value. httpx's own INFO ``HTTP Request:`` record
shows the display path instead of the URL.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import random
import ssl
import time
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from sectra_client._auth import AsyncTokenSource, StaticToken, TokenSource
from sectra_client._constants import (
    API_VERSION_HEADER,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    LATEST_API_VERSION,
    LIBRARY_VERSION,
    MAX_ERROR_BODY_BYTES,
    SOFTWARE_VERSION_HEADER,
    USER_AGENT,
)
from sectra_client._redact import display_path, httpx_logs_show, scrub
from sectra_client._retry import (
    backoff_delay,
    is_idempotent,
    request_was_not_sent,
    retry_delay,
    should_retry_exception,
    should_retry_status,
)
from sectra_client._socket_reads import async_large_read_transport, large_read_transport
from sectra_client._urls import join_url, validate_base_url
from sectra_client.errors import (
    SectraConnectionError,
    SectraRequestError,
    SectraTimeoutError,
    error_class_for_status,
)

__all__ = ["AsyncTransport", "RequestSpec", "RetryNotice", "SyncTransport"]

logger = logging.getLogger("sectra_client")

_KWARGS_KEYS = frozenset({"method", "url", "params", "json", "content", "data", "headers"})
# Answers after which a refreshing token source is asked for a fresh token, once per request.
_TOKEN_REFUSED_STATUSES = frozenset({401, 403})


@dataclass(frozen=True, repr=False)
class RequestSpec:
    """One request to the Sectra API, before auth and policy headers are added.

    Attributes:
        method: the HTTP method (upper-cased).
        path: the path relative to the base URL, path parameters already percent-encoded,
            e.g. ``"/slides/abc/info"``. Must start with ``/``; no ``.``/``..`` segments.
        params: query parameters (booleans are sent as ``true``/``false``).
        json: a JSON-serialisable body.
        content: a raw body.
        data: a form body (``application/x-www-form-urlencoded``).
        headers: extra request headers.
        phi: values in ``path`` that identify a patient (accession numbers); replaced by
            ``<redacted>`` in logs and error messages.
        basic_auth: ``(user, password)`` to send HTTP Basic instead of the bearer token
            (the ``POST /token`` flow).
        timeout: overrides the transport's timeout for this request; ``None`` fields are
            refused, since every request must time out.
    """

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | str | None = None
    data: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None
    phi: tuple[str, ...] = ()
    basic_auth: tuple[str, str] | None = None
    timeout: float | httpx.Timeout | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", self.method.upper())
        object.__setattr__(self, "phi", tuple(self.phi))
        _check_relative_path(self.path)
        if self.timeout is not None:
            _complete_timeout(self.timeout)

    @classmethod
    def from_kwargs(
        cls,
        kwargs: Mapping[str, Any],
        *,
        phi: Iterable[str] = (),
        basic_auth: tuple[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> RequestSpec:
        """Describe the request a generated ``_get_kwargs(...)`` dict stands for.

        Raises:
            ValueError: the dict has keys the transport does not send (``cookies``,
                ``files``), or a path that is not relative.
        """
        unknown = sorted(set(kwargs) - _KWARGS_KEYS)
        if unknown:
            raise ValueError(f"the transport cannot send request arguments {unknown}")
        return cls(
            method=kwargs["method"],
            path=kwargs["url"],
            params=kwargs.get("params"),
            json=kwargs.get("json"),
            content=kwargs.get("content"),
            data=kwargs.get("data"),
            headers=kwargs.get("headers"),
            phi=tuple(phi),
            basic_auth=basic_auth,
            timeout=timeout,
        )

    @property
    def display_path(self) -> str:
        """The path as shown in logs and errors: no query string, PHI values redacted."""
        return display_path(self.path, self.phi)

    def __repr__(self) -> str:
        return f"RequestSpec({self.method} {self.display_path})"


def _check_relative_path(path: str) -> None:
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError("a request path must start with a single '/' (relative to the base URL)")
    if any(segment in (".", "..") for segment in path.split("?", 1)[0].split("/")):
        raise ValueError("a request path must not contain '.' or '..' segments")


def _complete_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    complete = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    if None in complete.as_dict().values():
        raise ValueError("every timeout (connect, read, write, pool) must be a number of seconds")
    return complete


# The I/O steps the shared exchange asks a transport to perform, and what each one returns.


@dataclass(frozen=True)
class _GetToken:
    """Returns the bearer token to send (str)."""


@dataclass(frozen=True)
class _Send:
    """Sends ``request``; returns the ``httpx.Response`` with its body not yet read."""

    request: httpx.Request
    shown_path: str


@dataclass(frozen=True)
class _ReadBody:
    """Reads (at most ``limit`` bytes of) the body and closes the response; returns bytes."""

    response: httpx.Response
    limit: int | None


@dataclass(frozen=True)
class _StartBody:
    """Receives the first body chunk, keeping it for the caller; returns None.

    Later read failures are raised to the caller as ``to_error(exc)``.
    """

    response: httpx.Response
    to_error: Callable[[httpx.HTTPError], SectraConnectionError]


@dataclass(frozen=True)
class _Sleep:
    """Waits ``seconds``; returns None."""

    seconds: float


_Step = _GetToken | _Send | _ReadBody | _StartBody | _Sleep
_Exchange = Generator[_Step, Any, httpx.Response]


class _Invalidates(Protocol):
    def invalidate(self, rejected_token: str) -> bool: ...


class _TransportBase:
    """Request preparation, retry decisions, error mapping and logging for both transports."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | httpx.Timeout,
        max_retries: int,
        api_version: str,
        app_version: str,
        allow_insecure_http: bool,
        random_source: Callable[[], float],
    ):
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self._base_url = validate_base_url(base_url, allow_insecure_http=allow_insecure_http)
        self._host = httpx.URL(self._base_url).host
        self._server = httpx.URL(self._base_url).netloc.decode("ascii")
        self._timeout = _complete_timeout(timeout)
        self._max_retries = max_retries
        self._version_headers = {
            API_VERSION_HEADER: api_version,
            SOFTWARE_VERSION_HEADER: app_version,
        }
        self._random_source = random_source

    @property
    def base_url(self) -> str:
        """The validated base URL, ending with one ``/``."""
        return self._base_url

    @property
    def version_headers(self) -> dict[str, str]:
        """``X-Sectra-ApiVersion`` and ``X-Sectra-SoftwareVersion`` as this app declares them."""
        return dict(self._version_headers)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={self._host!r})"

    def _build_request(
        self, http: httpx.Client | httpx.AsyncClient, spec: RequestSpec, token: str | None
    ) -> httpx.Request:
        headers = {**self._version_headers, "User-Agent": USER_AGENT, **(spec.headers or {})}
        if spec.basic_auth is not None:
            headers["Authorization"] = "Basic " + _basic_credentials(*spec.basic_auth)
        elif token is not None:
            headers["Authorization"] = f"Bearer {token}"
        timeout = self._timeout if spec.timeout is None else _complete_timeout(spec.timeout)
        return http.build_request(
            spec.method,
            join_url(self._base_url, spec.path),
            params=spec.params,
            json=spec.json,
            content=spec.content,
            data=spec.data,
            headers=headers,
            timeout=timeout,
        )

    def _exchange(
        self,
        http: httpx.Client | httpx.AsyncClient,
        spec: RequestSpec,
        tokens: _Invalidates | None,
        *,
        stream: bool,
    ) -> _Exchange:
        """Send ``spec`` until it succeeds or the policy gives up; return the 2xx response.

        With ``stream`` the response is returned open, once its first body chunk has arrived;
        otherwise its body has been read.
        """
        retries_taken = 0
        token_refreshed = False
        while True:
            uses_token = tokens is not None and spec.basic_auth is None
            token: str | None = (yield _GetToken()) if uses_token else None
            request = self._build_request(http, spec, token)
            secrets = _secrets(spec, token)
            started = time.perf_counter()
            try:
                response: httpx.Response = yield _Send(request, spec.display_path)
                if response.is_success and stream:
                    yield _StartBody(response, _mid_body_error_factory(spec, secrets, self._server))
                elif response.is_success:
                    yield _ReadBody(response, None)
            except httpx.HTTPError as exc:
                logger.debug(
                    "%s %s -> %s after %.0f ms",
                    spec.method,
                    spec.display_path,
                    type(exc).__name__,
                    _milliseconds_since(started),
                )
                if retries_taken < self._max_retries and should_retry_exception(spec.method, exc):
                    delay = backoff_delay(retries_taken, random_source=self._random_source)
                    retries_taken += 1
                    self._log_retry(spec, retries_taken, type(exc).__name__, delay)
                    yield _Sleep(delay)
                    continue
                raise _connection_error(
                    spec, exc, retries_taken + 1, secrets, self._server
                ) from exc

            logger.debug(
                "%s %s -> HTTP %d in %.0f ms",
                spec.method,
                spec.display_path,
                response.status_code,
                _milliseconds_since(started),
            )
            if response.is_success:
                return response
            try:
                body: bytes = yield _ReadBody(response, MAX_ERROR_BODY_BYTES)
            except httpx.HTTPError:
                body = b""
            status = response.status_code
            refused = status in _TOKEN_REFUSED_STATUSES
            if refused and token is not None and tokens is not None and not token_refreshed:
                token_refreshed = tokens.invalidate(token)
                if token_refreshed:
                    logger.info(
                        "%s %s: token refused (HTTP %d); retrying once with a fresh token",
                        spec.method,
                        spec.display_path,
                        status,
                    )
                    continue
            if retries_taken < self._max_retries and should_retry_status(spec.method, status):
                delay = retry_delay(
                    retries_taken, response.headers, random_source=self._random_source
                )
                retries_taken += 1
                self._log_retry(spec, retries_taken, f"HTTP {status}", delay)
                yield _Sleep(delay)
                continue
            raise _status_error(spec, response, body, secrets)

    def _log_retry(self, spec: RequestSpec, retry: int, reason: str, delay: float) -> None:
        notice = RetryNotice(
            spec.method, spec.display_path, reason, delay, retry + 1, self._max_retries + 1
        )
        logger.info(
            "Retrying %s %s in %.2f s (retry %d/%d): %s",
            spec.method,
            spec.display_path,
            delay,
            retry,
            self._max_retries,
            reason,
            extra={"sectra_retry": notice},
        )


@dataclass(frozen=True)
class RetryNotice:
    """A retry about to happen, as the INFO record announcing it carries it (``sectra_retry``).

    Attributes:
        method: the request's method.
        path: its display path (accession numbers redacted).
        reason: what failed, e.g. ``"HTTP 503"`` or ``"ConnectError"``.
        delay: seconds until the next attempt.
        attempt: the number of the next attempt (2 for the first retry).
        attempts: how many attempts the policy allows in all.
    """

    method: str
    path: str
    reason: str
    delay: float
    attempt: int
    attempts: int


def _basic_credentials(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _secrets(spec: RequestSpec, token: str | None) -> list[str]:
    """Every value that must not appear in a message about this request."""
    secrets = list(spec.phi)
    if token is not None:
        secrets.append(token)
    if spec.basic_auth is not None:
        secrets.extend((spec.basic_auth[1], _basic_credentials(*spec.basic_auth)))
    return secrets


def _milliseconds_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def _describe_exception(exc: Exception, secrets: list[str]) -> str:
    detail = scrub(str(exc), secrets).strip()
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _connection_error_class(exc: httpx.HTTPError) -> type[SectraConnectionError]:
    return SectraTimeoutError if isinstance(exc, httpx.TimeoutException) else SectraConnectionError


def _connection_error(
    spec: RequestSpec, exc: httpx.HTTPError, attempts: int, secrets: list[str], server: str
) -> SectraConnectionError:
    error_class = _connection_error_class(exc)
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    cause = _describe_exception(exc, secrets)
    message = f"{spec.method} {spec.display_path} failed after {tries} (server {server}): {cause}"
    if not is_idempotent(spec.method) and not request_was_not_sent(exc):
        message += "; the server may have received the request, so it was not sent again"
    return error_class(message)


def _mid_body_error_factory(
    spec: RequestSpec, secrets: list[str], server: str
) -> Callable[[httpx.HTTPError], SectraConnectionError]:
    def mid_body_error(exc: httpx.HTTPError) -> SectraConnectionError:
        return _connection_error_class(exc)(
            f"{spec.method} {spec.display_path}: the response body broke off (server {server}): "
            f"{_describe_exception(exc, secrets)}"
        )

    return mid_body_error


def _status_error(
    spec: RequestSpec, response: httpx.Response, body: bytes, secrets: list[str]
) -> SectraRequestError:
    text = scrub(body.decode(response.encoding or "utf-8", errors="replace"), secrets)
    error_class = error_class_for_status(response.status_code)
    return error_class(response.status_code, text, spec.display_path, method=spec.method)


class SyncTransport(_TransportBase):
    """Sends :class:`RequestSpec` requests with one ``httpx.Client``; thread-safe.

    Args:
        base_url: the Sectra API base URL (``callbackInfo.url``); see
            :func:`sectra_client._urls.validate_base_url` for what is accepted.
        token: the bearer token, or a :class:`~sectra_client._auth.TokenSource`; ``None``
            sends no ``Authorization`` header.
        timeout: seconds, or an ``httpx.Timeout`` with every field set; applied to every
            request, also through an injected client.
        max_retries: retries after the first attempt, as the retry policy allows.
        verify: TLS verification, as for ``httpx.Client``; ignored with ``http_client``.
        api_version: the IA-API version the app declares (``X-Sectra-ApiVersion``).
        app_version: the app's own version (``X-Sectra-SoftwareVersion``).
        allow_insecure_http: accept plain ``http://`` to a host that is not loopback.
        http_client: an ``httpx.Client`` to use instead of creating one; it is not closed by
            :meth:`close`. Its ``base_url`` is ignored.
        random_source: floats in ``[0, 1)`` for the backoff jitter; tests pass ``lambda: 0.0``.

    Raises:
        InsecureURLError: see ``allow_insecure_http``.
        ValueError: a malformed base URL, an incomplete timeout, a negative ``max_retries``.

    Nothing is sent until the first request. The client it creates reads the socket in large
    chunks (:mod:`sectra_client._socket_reads`) unless a proxy from the environment applies.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | TokenSource | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: ssl.SSLContext | str | bool = True,
        api_version: str = LATEST_API_VERSION,
        app_version: str = LIBRARY_VERSION,
        allow_insecure_http: bool = False,
        http_client: httpx.Client | None = None,
        random_source: Callable[[], float] = random.random,
    ):
        super().__init__(
            base_url,
            timeout=timeout,
            max_retries=max_retries,
            api_version=api_version,
            app_version=app_version,
            allow_insecure_http=allow_insecure_http,
            random_source=random_source,
        )
        self._tokens: TokenSource | None = StaticToken(token) if isinstance(token, str) else token
        self._owns_client = http_client is None
        if http_client is None:
            http_client = httpx.Client(
                base_url=self._base_url,
                timeout=self._timeout,
                verify=verify,
                headers={**self._version_headers, "User-Agent": USER_AGENT},
                transport=large_read_transport(self._base_url, verify=verify),
            )
        self._client = http_client

    def request(self, spec: RequestSpec) -> httpx.Response:
        """Send ``spec`` and return the 2xx response with its body read.

        Raises:
            SectraRequestError: (a subclass per status) the final answer was not 2xx.
            SectraTimeoutError: the last attempt timed out.
            SectraConnectionError: the last attempt failed without a usable answer.
        """
        return self._run(self._exchange(self._client, spec, self._tokens, stream=False))

    @contextlib.contextmanager
    def stream(self, spec: RequestSpec) -> Iterator[httpx.Response]:
        """Send ``spec`` and yield the open 2xx response; iterate its body yourself.

        Failures before the first body byte is available (including a status error) are
        retried or raised here, as for :meth:`request`. A failure while the caller reads the
        body raises :class:`SectraConnectionError` / :class:`SectraTimeoutError` from the
        iterator and is not retried. The response is closed on exit.
        """
        response = self._run(self._exchange(self._client, spec, self._tokens, stream=True))
        try:
            yield response
        finally:
            response.close()

    def close(self) -> None:
        """Close the HTTP client if this transport created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> SyncTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _run(self, exchange: _Exchange) -> httpx.Response:
        try:
            step = next(exchange)
            while True:
                try:
                    outcome = self._perform(step)
                except httpx.HTTPError as exc:
                    step = exchange.throw(exc)
                else:
                    step = exchange.send(outcome)
        except StopIteration as finished:
            response: httpx.Response = finished.value
            return response
        finally:
            exchange.close()

    def _perform(self, step: _Step) -> object:
        match step:
            case _GetToken():
                assert self._tokens is not None
                return self._tokens.get_token()
            case _Send(request=request, shown_path=shown_path):
                with httpx_logs_show(shown_path):
                    return self._client.send(request, stream=True)
            case _ReadBody(response=response, limit=limit):
                return _read_body(response, limit)
            case _StartBody(response=response, to_error=to_error):
                _start_body(response, to_error)
            case _Sleep(seconds=seconds):
                time.sleep(seconds)
        return None


class AsyncTransport(_TransportBase):
    """Sends :class:`RequestSpec` requests with one ``httpx.AsyncClient``.

    The twin of :class:`SyncTransport`, with the same arguments and behaviour; ``token`` may
    be an :class:`~sectra_client._auth.AsyncTokenSource` and ``http_client`` an
    ``httpx.AsyncClient``. Use it from one event loop.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | AsyncTokenSource | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: ssl.SSLContext | str | bool = True,
        api_version: str = LATEST_API_VERSION,
        app_version: str = LIBRARY_VERSION,
        allow_insecure_http: bool = False,
        http_client: httpx.AsyncClient | None = None,
        random_source: Callable[[], float] = random.random,
    ):
        super().__init__(
            base_url,
            timeout=timeout,
            max_retries=max_retries,
            api_version=api_version,
            app_version=app_version,
            allow_insecure_http=allow_insecure_http,
            random_source=random_source,
        )
        self._tokens: AsyncTokenSource | None = (
            StaticToken(token) if isinstance(token, str) else token
        )
        self._owns_client = http_client is None
        if http_client is None:
            http_client = httpx.AsyncClient(
                base_url=self._base_url,
                timeout=self._timeout,
                verify=verify,
                headers={**self._version_headers, "User-Agent": USER_AGENT},
                transport=async_large_read_transport(self._base_url, verify=verify),
            )
        self._client = http_client

    async def request(self, spec: RequestSpec) -> httpx.Response:
        """Send ``spec`` and return the 2xx response with its body read.

        Raises the same errors as :meth:`SyncTransport.request`.
        """
        return await self._run(self._exchange(self._client, spec, self._tokens, stream=False))

    @contextlib.asynccontextmanager
    async def stream(self, spec: RequestSpec) -> AsyncIterator[httpx.Response]:
        """Send ``spec`` and yield the open 2xx response; iterate its body yourself.

        Behaves as :meth:`SyncTransport.stream`.
        """
        response = await self._run(self._exchange(self._client, spec, self._tokens, stream=True))
        try:
            yield response
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this transport created it."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> AsyncTransport:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _run(self, exchange: _Exchange) -> httpx.Response:
        try:
            step = next(exchange)
            while True:
                try:
                    outcome = await self._perform(step)
                except httpx.HTTPError as exc:
                    step = exchange.throw(exc)
                else:
                    step = exchange.send(outcome)
        except StopIteration as finished:
            response: httpx.Response = finished.value
            return response
        finally:
            exchange.close()

    async def _perform(self, step: _Step) -> object:
        match step:
            case _GetToken():
                assert self._tokens is not None
                return await self._tokens.aget_token()
            case _Send(request=request, shown_path=shown_path):
                with httpx_logs_show(shown_path):
                    return await self._client.send(request, stream=True)
            case _ReadBody(response=response, limit=limit):
                return await _aread_body(response, limit)
            case _StartBody(response=response, to_error=to_error):
                await _astart_body(response, to_error)
            case _Sleep(seconds=seconds):
                await asyncio.sleep(seconds)
        return None


def _read_body(response: httpx.Response, limit: int | None) -> bytes:
    try:
        if limit is None:
            return response.read()
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) >= limit:
                break
        return bytes(body[:limit])
    finally:
        response.close()


async def _aread_body(response: httpx.Response, limit: int | None) -> bytes:
    try:
        if limit is None:
            return await response.aread()
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) >= limit:
                break
        return bytes(body[:limit])
    finally:
        await response.aclose()


def _start_body(
    response: httpx.Response, to_error: Callable[[httpx.HTTPError], SectraConnectionError]
) -> None:
    original = response.stream
    assert isinstance(original, httpx.SyncByteStream)
    chunks = iter(original)
    try:
        first = next(chunks, b"")
    except BaseException:
        response.close()
        raise
    response.stream = _ResumedStream(first, chunks, original, to_error)


async def _astart_body(
    response: httpx.Response, to_error: Callable[[httpx.HTTPError], SectraConnectionError]
) -> None:
    original = response.stream
    assert isinstance(original, httpx.AsyncByteStream)
    chunks = aiter(original)
    try:
        first = await anext(chunks, b"")
    except BaseException:
        await response.aclose()
        raise
    response.stream = _AsyncResumedStream(first, chunks, original, to_error)


class _ResumedStream(httpx.SyncByteStream):
    """A response body whose first chunk was already received; maps later read failures."""

    def __init__(
        self,
        first: bytes,
        rest: Iterator[bytes],
        original: httpx.SyncByteStream,
        to_error: Callable[[httpx.HTTPError], SectraConnectionError],
    ):
        self._first = first
        self._rest = rest
        self._original = original
        self._to_error = to_error

    def __iter__(self) -> Iterator[bytes]:
        if self._first:
            yield self._first
        try:
            yield from self._rest
        except httpx.HTTPError as exc:
            raise self._to_error(exc) from exc

    def close(self) -> None:
        self._original.close()


class _AsyncResumedStream(httpx.AsyncByteStream):
    """The async twin of :class:`_ResumedStream`."""

    def __init__(
        self,
        first: bytes,
        rest: AsyncIterator[bytes],
        original: httpx.AsyncByteStream,
        to_error: Callable[[httpx.HTTPError], SectraConnectionError],
    ):
        self._first = first
        self._rest = rest
        self._original = original
        self._to_error = to_error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._first:
            yield self._first
        try:
            async for chunk in self._rest:
                yield chunk
        except httpx.HTTPError as exc:
            raise self._to_error(exc) from exc

    async def aclose(self) -> None:
        await self._original.aclose()
