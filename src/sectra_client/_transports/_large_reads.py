"""HTTP transports that read the socket in large chunks, for fast slide downloads.

httpcore asks its network stream for 64 KiB per read; on a fast link the per-read overhead
(one parser round and, for async, one event-loop round trip per 64 KiB) caps a download well
below what the network gives. The transports here install, in their own connection pool only,
a network backend whose streams read at least :data:`SOCKET_READ_BYTES` per call. Nothing
global is changed: other httpx clients in the process keep httpcore's behaviour.

httpx ignores environment proxies (``HTTPS_PROXY``, ``ALL_PROXY``, ...) once a client is given
a transport, so :func:`large_read_transport` / :func:`async_large_read_transport` return
``None`` when a proxy from the environment applies to the URL: the client then keeps httpx's
own transport and honours the proxy.
"""

from __future__ import annotations

import functools
import os
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

__all__ = [
    "SOCKET_READ_BYTES",
    "AsyncLargeReadBackend",
    "AsyncLargeReadTransport",
    "LargeReadBackend",
    "LargeReadTransport",
    "async_large_read_transport",
    "large_read_transport",
    "proxy_applies",
    "ssl_context_for",
]

SOCKET_READ_BYTES = 1024 * 1024
"""The least number of bytes asked of the socket per read."""

_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
"""httpx's default connection limits, as an ``httpx.Client`` uses them."""


class _LargeReadStream(httpcore.NetworkStream):
    """A network stream that asks the socket for at least :data:`SOCKET_READ_BYTES`."""

    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max(max_bytes, SOCKET_READ_BYTES), timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _LargeReadStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _AsyncLargeReadStream(httpcore.AsyncNetworkStream):
    """The async twin of :class:`_LargeReadStream`."""

    def __init__(self, stream: httpcore.AsyncNetworkStream):
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max(max_bytes, SOCKET_READ_BYTES), timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._stream.start_tls(ssl_context, server_hostname, timeout)
        return _AsyncLargeReadStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class LargeReadBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, with streams that read :data:`SOCKET_READ_BYTES` at a time."""

    def __init__(self, backend: httpcore.NetworkBackend | None = None):
        self._backend = httpcore.SyncBackend() if backend is None else backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _LargeReadStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return _LargeReadStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class AsyncLargeReadBackend(httpcore.AsyncNetworkBackend):
    """The async twin of :class:`LargeReadBackend` (anyio: asyncio or trio)."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend | None = None):
        self._backend = httpcore.AnyIOBackend() if backend is None else backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _AsyncLargeReadStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_unix_socket(path, timeout, socket_options)
        return _AsyncLargeReadStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


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


class LargeReadTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` (no proxy, HTTP/1.1, no connect retries) reading large chunks.

    Args:
        verify: TLS verification, as for ``httpx.Client``.
        trust_env: read ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``, as httpx does.
        backend: the network backend; tests pass one to watch the reads.
    """

    def __init__(
        self,
        verify: ssl.SSLContext | str | bool = True,
        *,
        trust_env: bool = True,
        backend: httpcore.NetworkBackend | None = None,
    ):
        ssl_context = ssl_context_for(verify, trust_env=trust_env)
        super().__init__(verify=ssl_context, trust_env=trust_env, limits=_LIMITS)
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


class AsyncLargeReadTransport(httpx.AsyncHTTPTransport):
    """The async twin of :class:`LargeReadTransport`."""

    def __init__(
        self,
        verify: ssl.SSLContext | str | bool = True,
        *,
        trust_env: bool = True,
        backend: httpcore.AsyncNetworkBackend | None = None,
    ):
        ssl_context = ssl_context_for(verify, trust_env=trust_env)
        super().__init__(verify=ssl_context, trust_env=trust_env, limits=_LIMITS)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=_LIMITS.max_connections,
            max_keepalive_connections=_LIMITS.max_keepalive_connections,
            keepalive_expiry=_LIMITS.keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,
            network_backend=AsyncLargeReadBackend() if backend is None else backend,
        )


def proxy_applies(url: str, *, trust_env: bool = True) -> bool:
    """Whether a proxy from the environment (or the OS settings) would carry requests to ``url``.

    Uses :func:`urllib.request.getproxies` and :func:`urllib.request.proxy_bypass`, as httpx
    reads the same settings; always ``False`` when ``trust_env`` is false.
    """
    if not trust_env:
        return False
    parsed = httpx.URL(url)
    import urllib.request  # only here: it costs more to import than the rest of this module

    proxies = urllib.request.getproxies()
    if not (proxies.get(parsed.scheme) or proxies.get("all")):
        return False
    return not urllib.request.proxy_bypass(parsed.host)


def large_read_transport(
    url: str, *, verify: ssl.SSLContext | str | bool = True, trust_env: bool = True
) -> LargeReadTransport | None:
    """A :class:`LargeReadTransport` for requests to ``url``, or ``None`` if a proxy applies."""
    if proxy_applies(url, trust_env=trust_env):
        return None
    return LargeReadTransport(verify, trust_env=trust_env)


def async_large_read_transport(
    url: str, *, verify: ssl.SSLContext | str | bool = True, trust_env: bool = True
) -> AsyncLargeReadTransport | None:
    """An :class:`AsyncLargeReadTransport` for ``url``, or ``None`` if a proxy applies."""
    if proxy_applies(url, trust_env=trust_env):
        return None
    return AsyncLargeReadTransport(verify, trust_env=trust_env)
