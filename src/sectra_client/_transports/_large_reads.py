"""httpx transports of our own that read slide downloads in large chunks, and the mounts
that let httpx decide when they may be used.

:class:`LargeReadTransport` (and :class:`AsyncLargeReadTransport`) are ``httpx.BaseTransport``
implementations over httpcore's public ``ConnectionPool(network_backend=...)``, whose network
streams hand over up to 1 MiB per read (:mod:`._sync_streams`, :mod:`._async_streams`) and end
every wait by the deadline of the response being read (:mod:`sectra_client._deadlines`). They
connect directly, never through a proxy.

Test tools that record or mock httpx traffic (VCR.py and pytest-recording, pytest-httpx)
replace httpx's own ``HTTPTransport.handle_request``. While one has, requests go through a
plain ``httpx.HTTPTransport`` instead, so that the tool sees them as it would without us.

Proxies from the environment stay httpx's business. A client given ``transport=`` ignores
them, so the clients are given :func:`large_read_mounts` instead: the transport mounted under
the URL pattern ``all://*``, which matches every URL with the lowest precedence httpx knows.
httpx adds its own mounts for ``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY`` and ``NO_PROXY``
(unless ``trust_env`` is false) and routes each request through the most specific pattern:

- ``HTTPS_PROXY`` / ``HTTP_PROXY`` (patterns ``https://`` / ``http://``) are more specific, so
  the proxy carries those requests;
- ``ALL_PROXY`` (pattern ``all://``) ranks equal to ``all://*`` and httpx keeps its own mount
  first among equals, so the proxy carries every request;
- a host in ``NO_PROXY`` (pattern ``all://<host>``) goes, as httpx decides, to httpx's own
  direct transport (not the large reads: correct, only not as fast);
- with no proxy setting at all, every request comes here.

Each case is tested through a real proxy on loopback (``tests/test_large_reads.py``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import ssl
from collections.abc import AsyncIterator, Iterator

import httpcore
import httpx

from sectra_client._transports._sync_streams import LargeReadBackend

__all__ = [
    "LARGE_READ_PATTERN",
    "AsyncLargeReadTransport",
    "LargeReadTransport",
    "async_large_read_mounts",
    "large_read_mounts",
    "ssl_context_for",
]

LARGE_READ_PATTERN = "all://*"
"""The URL pattern the large-read transport is mounted under: every URL, ranked below every
pattern httpx mounts for the environment's proxies (see the module docstring)."""

_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
"""httpx's default connection limits, as an ``httpx.Client`` uses them."""

# httpcore's exceptions and the httpx ones a transport raises for them, most specific first.
_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.ProxyError, httpx.ProxyError),
)


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    """Raise httpcore's exceptions as the httpx ones ``httpx.HTTPTransport`` raises."""
    try:
        yield
    except Exception as exc:
        for core_error, httpx_error in _ERRORS:
            if isinstance(exc, core_error):
                raise httpx_error(str(exc)) from exc
        raise


def _replaced(method: object) -> bool:
    """Whether httpx's own transport ``method`` was replaced by another function: a test
    tool's, defined in its own module or wrapping httpx's (VCR.py wraps it)."""
    module = getattr(method, "__module__", None) or ""
    return module.partition(".")[0] != "httpx" or hasattr(method, "__wrapped__")


def _core_request(request: httpx.Request) -> httpcore.Request:
    return httpcore.Request(
        method=request.method,
        url=httpcore.URL(
            scheme=request.url.raw_scheme,
            host=request.url.raw_host,
            port=request.url.port,
            target=request.url.raw_path,
        ),
        headers=request.headers.raw,
        content=request.stream,
        extensions=request.extensions,
    )


def ssl_context_for(verify: ssl.SSLContext | str | bool, *, trust_env: bool) -> ssl.SSLContext:
    """The TLS context httpx would make for ``verify``.

    The default one (``verify=True``) is made once and shared (per value of ``SSL_CERT_FILE``
    and ``SSL_CERT_DIR``): loading the CA bundle costs about 20 ms of CPU, which every client
    would pay again, and a webhook opens a client per invocation. A context is safe to share
    between connections and threads.
    """
    if verify is not True:
        return httpx.create_ssl_context(verify=verify, trust_env=trust_env)
    if not trust_env:
        return _default_ssl_context(False, None, None)
    return _default_ssl_context(
        True, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
    )


@functools.lru_cache(maxsize=4)
def _default_ssl_context(
    trust_env: bool, cert_file: str | None, cert_dir: str | None
) -> ssl.SSLContext:
    return httpx.create_ssl_context(verify=True, trust_env=trust_env)


class LargeReadTransport(httpx.BaseTransport):
    """A direct (never proxied) HTTP/1.1 transport whose reads take up to 1 MiB at once (or,
    while a test tool hooks httpx's own transport, an ``httpx.HTTPTransport``).

    Args:
        verify: TLS verification, as for ``httpx.Client``.
        trust_env: read ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``, as httpx does.
        backend: the network backend (default: a :class:`LargeReadBackend`); tests pass one
            to watch the reads.
    """

    def __init__(
        self,
        verify: ssl.SSLContext | str | bool = True,
        *,
        trust_env: bool = True,
        backend: httpcore.NetworkBackend | None = None,
    ):
        ssl_context = ssl_context_for(verify, trust_env=trust_env)
        self._standard = httpx.HTTPTransport(
            verify=ssl_context, trust_env=trust_env, limits=_LIMITS
        )
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=_LIMITS.max_connections,
            max_keepalive_connections=_LIMITS.max_keepalive_connections,
            keepalive_expiry=_LIMITS.keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,
            network_backend=LargeReadBackend() if backend is None else backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if _replaced(httpx.HTTPTransport.handle_request):
            return self._standard.handle_request(request)
        with _httpx_errors():
            response = self._pool.handle_request(_core_request(request))
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._standard.close()
        self._pool.close()


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, response: httpcore.Response):
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._response.iter_stream()

    def close(self) -> None:
        with _httpx_errors():
            self._response.close()


class AsyncLargeReadTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`LargeReadTransport` (asyncio).

    Args:
        verify: TLS verification, as for ``httpx.AsyncClient``.
        trust_env: read ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``, as httpx does.
        backend: the network backend (default: an ``AsyncLargeReadBackend``).
    """

    def __init__(
        self,
        verify: ssl.SSLContext | str | bool = True,
        *,
        trust_env: bool = True,
        backend: httpcore.AsyncNetworkBackend | None = None,
    ):
        if backend is None:
            # Imported here: it loads asyncio, which the sync client never needs.
            from sectra_client._transports._async_streams import AsyncLargeReadBackend

            backend = AsyncLargeReadBackend()
        ssl_context = ssl_context_for(verify, trust_env=trust_env)
        self._standard = httpx.AsyncHTTPTransport(
            verify=ssl_context, trust_env=trust_env, limits=_LIMITS
        )
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=_LIMITS.max_connections,
            max_keepalive_connections=_LIMITS.max_keepalive_connections,
            keepalive_expiry=_LIMITS.keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,
            network_backend=backend,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if _replaced(httpx.AsyncHTTPTransport.handle_async_request):
            return await self._standard.handle_async_request(request)
        with _httpx_errors():
            response = await self._pool.handle_async_request(_core_request(request))
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_AsyncResponseStream(response),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._standard.aclose()
        await self._pool.aclose()


class _AsyncResponseStream(httpx.AsyncByteStream):
    def __init__(self, response: httpcore.Response):
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for chunk in self._response.aiter_stream():
                yield chunk

    async def aclose(self) -> None:
        with _httpx_errors():
            await self._response.aclose()


def large_read_mounts(
    *, verify: ssl.SSLContext | str | bool = True, trust_env: bool = True
) -> dict[str, httpx.BaseTransport]:
    """``mounts=`` for an ``httpx.Client``: a :class:`LargeReadTransport` for every request
    that httpx would send directly (see the module docstring). ``verify`` and ``trust_env``
    as for ``httpx.Client``."""
    return {LARGE_READ_PATTERN: LargeReadTransport(verify, trust_env=trust_env)}


def async_large_read_mounts(
    *, verify: ssl.SSLContext | str | bool = True, trust_env: bool = True
) -> dict[str, httpx.AsyncBaseTransport]:
    """``mounts=`` for an ``httpx.AsyncClient``, the twin of :func:`large_read_mounts`."""
    return {LARGE_READ_PATTERN: AsyncLargeReadTransport(verify, trust_env=trust_env)}
