# Generated from _sender_async.py by scripts/unasync.py: do not edit.
"""Sends requests through the retry and auth engine with one ``httpx.Client``.

:class:`SyncTransport` performs the I/O steps that :mod:`sectra_client._base_client` asks for
(get a token, send, read, sleep) and nothing else. This file is written by hand;
``_sender.py`` (``SyncTransport``, over one ``httpx.Client``) is generated from it by
``scripts/unasync.py`` when ``./codegen.sh`` runs.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import random
import ssl
from collections.abc import Callable, Iterator

import httpx

from sectra_client._auth import (
    ClientCredentials,
    RefreshingToken,
    StaticToken,
    TokenGrant,
    TokenSource,
)
from sectra_client._base_client import (
    Exchange,
    GetToken,
    ReadBody,
    RequestSpec,
    Send,
    Sleep,
    StartBody,
    Step,
    Timeout,
    TransportBase,
)
from sectra_client._bounded_body import BoundedBodyReader
from sectra_client._concurrency import deadline_scope, sleep
from sectra_client._constants import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    LATEST_API_VERSION,
    LIBRARY_VERSION,
    USER_AGENT,
)
from sectra_client._deadlines import check_deadline
from sectra_client._redact import scrubbed_http_logs
from sectra_client.errors import SectraConnectionError

__all__ = ["SyncTransport"]


class SyncTransport(TransportBase):
    """Sends :class:`RequestSpec` requests with one ``httpx.Client``.

    Args:
        base_url: the Sectra API base URL (``callbackInfo.url``); see
            :func:`sectra_client._urls.validate_base_url` for what is accepted.
        token: the bearer token; a token source; or :class:`ClientCredentials`, with which the
            transport fetches its own tokens from ``POST /token`` and refreshes them. ``None``
            sends no ``Authorization`` header.
        timeout: seconds, or an ``httpx.Timeout`` with every field set; applied to every
            request, also through an injected client.
        max_retries: retries after the first attempt, as the retry policy allows.
        verify: TLS verification, as for httpx; ignored with ``http_client``.
        api_version: the IA-API version the app declares (``X-Sectra-ApiVersion``).
        app_version: the app's own version (``X-Sectra-SoftwareVersion``).
        allow_insecure_http: accept plain ``http://`` to a host that is not loopback.
        http_client: an httpx client to use instead of creating one; it is not closed by
            :meth:`close`. Its ``base_url`` is ignored.
        random_source: floats in ``[0, 1)`` for the backoff jitter; tests pass ``lambda: 0.0``.

    Raises:
        InsecureURLError: see ``allow_insecure_http``.
        ValueError: a malformed base URL, an incomplete timeout, a negative ``max_retries``.

    Nothing is sent until the first request. The client it creates reads the socket in large
    chunks (:mod:`sectra_client._transports`) wherever httpx would connect directly; httpx
    itself sends through the proxies the environment names.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | TokenSource | ClientCredentials | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
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
        self._tokens: TokenSource | None
        if isinstance(token, str):
            self._tokens = StaticToken(token)
        elif isinstance(token, ClientCredentials):
            self._tokens = RefreshingToken(functools.partial(self._fetch_grant, token))
        else:
            self._tokens = token
        self._owns_client = http_client is None
        if http_client is None:
            # Imported here: it loads httpcore, which importing the client need not.
            from sectra_client._transports import large_read_mounts, ssl_context_for

            tls = ssl_context_for(verify, trust_env=True)
            http_client = httpx.Client(
                base_url=self._base_url,
                timeout=self._timeout,
                verify=tls,
                headers={**self._version_headers, "User-Agent": USER_AGENT},
                mounts=large_read_mounts(verify=tls),
            )
        self._client = http_client

    def with_options(
        self, *, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> SyncTransport:
        """A copy with another timeout or retry count (None keeps this one's) that shares this
        transport's connection pool and token source. Closing the copy leaves them open; close
        the original when done.

        Raises:
            ValueError: an incomplete timeout or a negative ``max_retries``.
        """
        configured = copy.copy(self)
        configured._owns_client = False
        configured._configure(timeout, max_retries)
        return configured

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

    def _fetch_grant(self, credentials: ClientCredentials) -> TokenGrant:
        """A new access token from ``POST /token`` (sent with HTTP Basic, not a token)."""
        call = credentials.token_call()
        answer = call.interpret(self.request(call.spec))
        return TokenGrant(answer.access_token, float(answer.expires_in))

    def _run(self, exchange: Exchange) -> httpx.Response:
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

    def _perform(self, step: Step) -> object:
        match step:
            case GetToken():
                assert self._tokens is not None
                return self._tokens.get_token()
            case Send(request=request, shown_path=shown, deadline=deadline, secrets=secrets):
                with scrubbed_http_logs(str(request.url), shown, secrets):
                    with deadline_scope(deadline):
                        return self._client.send(request, stream=True)
            case ReadBody(response=response, limit=limit, deadline=deadline, truncate=truncate):
                with deadline_scope(deadline):
                    return _read_body(response, limit, deadline, truncate)
            case StartBody(response=response, to_error=to_error, deadline=deadline):
                with deadline_scope(deadline):
                    _start_body(response, to_error)
            case Sleep(seconds=seconds):
                sleep(seconds)
        return None


def _read_body(response: httpx.Response, limit: int, deadline: float, truncate: bool) -> bytes:
    """The decoded body, at most ``limit`` bytes (see :class:`BoundedBodyReader`)."""
    try:
        encoding = response.headers.get("content-encoding")
        reader = BoundedBodyReader(encoding, limit, truncate=truncate)
        for raw in response.iter_raw():
            check_deadline(deadline)
            if reader.feed(raw):
                break
        return reader.body()
    finally:
        response.close()


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
            for chunk in self._rest:
                yield chunk
        except httpx.HTTPError as exc:
            raise self._to_error(exc) from exc

    def close(self) -> None:
        self._original.close()
