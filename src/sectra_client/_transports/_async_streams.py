"""An asyncio network backend for httpcore whose reads hand over everything received, up to
1 MiB, the async twin of :mod:`sectra_client._transports._sync_streams`.

httpcore's own async backend (anyio) returns one TLS record (at most 16 KiB) per read, each
read a round through anyio's TLS layer and often through the event loop: a 1 GiB download
over TLS costs some 65,000 of them. Here the connection is an asyncio transport (with
asyncio's own TLS, ``loop.start_tls``) feeding a buffered protocol: the event loop decrypts
every record that has arrived straight into the connection's 1 MiB buffer, and one read hands
the whole buffer to httpcore. While the buffer is full the transport stops reading (the
server is held back by TCP), so memory stays bounded. Reads and writes end by the deadline of
the response being read (:mod:`sectra_client._deadlines`).

asyncio only (the async client runs on asyncio).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

from sectra_client._deadlines import capped_timeout
from sectra_client._transports._sync_streams import READ_BYTES

__all__ = ["AsyncLargeReadBackend"]

_DEADLINE_MESSAGE = "the response did not complete within its deadline"


class AsyncLargeReadBackend(httpcore.AsyncNetworkBackend):
    """Connections as asyncio transports whose reads take everything received (up to
    :data:`~sectra_client._transports._sync_streams.READ_BYTES`)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        local_addr = None if local_address is None else (local_address, 0)
        try:
            async with asyncio.timeout(timeout):
                transport, protocol = await loop.create_connection(
                    _BufferingProtocol, host, port, local_addr=local_addr
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(exc) from exc
        except OSError as exc:
            raise httpcore.ConnectError(exc) from exc
        sock = transport.get_extra_info("socket")
        for option in socket_options or ():
            sock.setsockopt(*option)
        return _AsyncLargeReadStream(transport, protocol)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport, protocol = await loop.create_unix_connection(_BufferingProtocol, path)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(exc) from exc
        except OSError as exc:
            raise httpcore.ConnectError(exc) from exc
        return _AsyncLargeReadStream(transport, protocol)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _BufferingProtocol(asyncio.BufferedProtocol):
    """Receives into one buffer of :data:`READ_BYTES`; pauses the transport while it is full."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray(READ_BYTES)
        self.view = memoryview(self.buffer)
        self.filled = 0
        self.at_eof = False
        self.failure: BaseException | None = None
        self._reading_paused = False
        self._writing_paused = False
        self._arrival: asyncio.Future[None] | None = None
        self._drained: asyncio.Future[None] | None = None

    # asyncio's side

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def get_buffer(self, sizehint: int) -> memoryview:
        return self.view[self.filled :]

    def buffer_updated(self, nbytes: int) -> None:
        self.filled += nbytes
        if self.filled == len(self.buffer):
            self._pause_reading()
        self._wake(self._arrival)

    def eof_received(self) -> bool | None:
        self.at_eof = True
        self._wake(self._arrival)
        return None  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.at_eof = True
        self.failure = exc
        self._wake(self._arrival)
        self._wake(self._drained)

    def pause_writing(self) -> None:
        self._writing_paused = True

    def resume_writing(self) -> None:
        self._writing_paused = False
        self._wake(self._drained)

    # the stream's side

    def take(self) -> bytes:
        """Everything received and not yet taken; resumes reading."""
        data = bytes(self.view[: self.filled])
        self.filled = 0
        if self._reading_paused and self.transport is not None:
            self._reading_paused = False
            self.transport.resume_reading()
        return data

    async def arrival(self) -> None:
        """Wait until something is received (or the connection ends)."""
        self._arrival = asyncio.get_running_loop().create_future()
        try:
            await self._arrival
        finally:
            self._arrival = None

    async def drained(self) -> None:
        """Wait until the transport takes writes again (or the connection ends)."""
        while self._writing_paused and self.failure is None and not self.at_eof:
            self._drained = asyncio.get_running_loop().create_future()
            try:
                await self._drained
            finally:
                self._drained = None

    def _pause_reading(self) -> None:
        if not self._reading_paused and self.transport is not None:
            self._reading_paused = True
            self.transport.pause_reading()

    @staticmethod
    def _wake(waiter: asyncio.Future[None] | None) -> None:
        if waiter is not None and not waiter.done():
            waiter.set_result(None)


class _AsyncLargeReadStream(httpcore.AsyncNetworkStream):
    def __init__(self, transport: asyncio.Transport, protocol: _BufferingProtocol):
        self._transport = transport
        self._protocol = protocol

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        protocol = self._protocol
        if not protocol.filled and not protocol.at_eof:
            timeout, by_deadline = capped_timeout(timeout)
            try:
                async with asyncio.timeout(timeout):
                    await protocol.arrival()
            except TimeoutError as exc:
                raise httpcore.ReadTimeout(_DEADLINE_MESSAGE if by_deadline else exc) from exc
        if protocol.filled:
            return protocol.take()
        if protocol.failure is not None:
            raise httpcore.ReadError(protocol.failure)
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self._protocol.failure is not None or self._transport.is_closing():
            raise httpcore.WriteError("the connection is closed")
        timeout, by_deadline = capped_timeout(timeout)
        self._transport.write(buffer)
        try:
            async with asyncio.timeout(timeout):
                await self._protocol.drained()
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(_DEADLINE_MESSAGE if by_deadline else exc) from exc
        if self._protocol.failure is not None:
            raise httpcore.WriteError(self._protocol.failure)

    async def aclose(self) -> None:
        self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport,
                    self._protocol,
                    ssl_context,
                    server_hostname=server_hostname,
                    ssl_handshake_timeout=timeout,
                )
        except TimeoutError as exc:
            self._transport.close()
            raise httpcore.ConnectTimeout(exc) from exc
        except (OSError, ssl.SSLError) as exc:
            self._transport.close()
            raise httpcore.ConnectError(exc) from exc
        assert isinstance(transport, asyncio.Transport)
        self._protocol.transport = transport
        return _AsyncLargeReadStream(transport, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return bool(self._protocol.filled) or self._protocol.at_eof
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info in ("ssl_object", "socket"):
            return self._transport.get_extra_info(info)
        return None
