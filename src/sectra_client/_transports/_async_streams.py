"""An asyncio network backend for httpcore whose reads hand over everything received, up to
1 MiB, the async twin of :mod:`sectra_client._transports._sync_streams`.

httpcore's own async backend (anyio) returns one TLS record (at most 16 KiB) per read, each
read a round through anyio's TLS layer and often through the event loop: a 1 GiB download
over TLS costs some 65,000 of them. Here a plain connection is an asyncio transport feeding a
buffered protocol, which receives into the connection's 1 MiB buffer; one read hands the
whole buffer to httpcore. While the buffer is full the transport stops reading (the server is
held back by TCP), so memory stays bounded.

TLS does not go through asyncio's TLS layer (``loop.start_tls``, ``asyncio.sslproto``) where it
can be avoided: that layer is written in Python over ``ssl.SSLObject`` and copies every socket
read into a ``MemoryBIO`` before decrypting it record by record, about a third more CPU per GiB
than the sync client's ``ssl.SSLSocket`` (70,000 ``SSLObject.read`` calls and 4,000 loop
callbacks per GiB). :meth:`_AsyncLargeReadStream.start_tls` instead takes the connection's
socket from its transport and wraps it in a non-blocking ``ssl.SSLSocket``
(:class:`_AsyncTlsSocketStream`): OpenSSL reads from the kernel and decrypts straight into the
connection's buffer, and the event loop only tells when the socket is ready (``add_reader``,
``add_writer``). The loop's own ``start_tls`` remains for the cases that socket cannot serve:
a loop other than asyncio's selector loop (Windows' proactor loop has no ``add_reader``;
uvloop has TLS of its own), bytes already received or not yet sent on the plain connection,
or a transport that is itself TLS.

Reads and writes end by the deadline of the response being read
(:mod:`sectra_client._deadlines`).

asyncio only (the async client runs on asyncio).
"""

from __future__ import annotations

import asyncio
import select
import socket
import ssl
from collections.abc import Coroutine, Iterable
from typing import Any

import httpcore

from sectra_client._deadlines import DEADLINE_MESSAGE, capped_timeout
from sectra_client._transports._sync_streams import READ_BYTES, take_available

__all__ = ["AsyncLargeReadBackend"]


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
        stream = await _connected(
            loop.create_connection(_BufferingProtocol, host, port, local_addr=local_addr), timeout
        )
        sock = stream.get_extra_info("socket")
        for option in socket_options or ():
            sock.setsockopt(*option)
        return stream

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        return await _connected(loop.create_unix_connection(_BufferingProtocol, path), timeout)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def _connected(
    connecting: Coroutine[Any, Any, tuple[asyncio.BaseTransport, _BufferingProtocol]],
    timeout: float | None,
) -> _AsyncLargeReadStream:
    """The stream over the connection ``connecting`` opens within ``timeout``.

    Raises:
        httpcore.ConnectTimeout: ``timeout`` passed first.
        httpcore.ConnectError: the connection failed.
    """
    try:
        async with asyncio.timeout(timeout):
            transport, protocol = await connecting
    except TimeoutError as exc:
        raise httpcore.ConnectTimeout(exc) from exc
    except OSError as exc:
        raise httpcore.ConnectError(exc) from exc
    assert isinstance(transport, asyncio.Transport)
    return _AsyncLargeReadStream(transport, protocol)


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
        _wake(self._arrival)

    def eof_received(self) -> bool | None:
        self.at_eof = True
        _wake(self._arrival)
        return None  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.at_eof = True
        self.failure = exc
        _wake(self._arrival)
        _wake(self._drained)

    def pause_writing(self) -> None:
        self._writing_paused = True

    def resume_writing(self) -> None:
        self._writing_paused = False
        _wake(self._drained)

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
                raise httpcore.ReadTimeout(DEADLINE_MESSAGE if by_deadline else exc) from exc
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
            raise httpcore.WriteTimeout(DEADLINE_MESSAGE if by_deadline else exc) from exc
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
        sock = self._detach_socket()
        if sock is None:
            return await self._start_asyncio_tls(ssl_context, server_hostname, timeout)
        try:
            tls = ssl_context.wrap_socket(
                sock, server_hostname=server_hostname, do_handshake_on_connect=False
            )
        except BaseException as exc:
            sock.close()
            if isinstance(exc, (OSError, ValueError)):
                raise httpcore.ConnectError(exc) from exc
            raise
        stream = _AsyncTlsSocketStream(tls)
        await stream.handshake(timeout)
        return stream

    def _detach_socket(self) -> socket.socket | None:
        """This connection's socket as a socket of its own, the transport closed without it; or
        None (the transport left as it is) where asyncio's TLS must serve (see the module's
        docstring)."""
        transport = self._transport
        loop = asyncio.get_running_loop()
        if (
            not isinstance(loop, asyncio.selector_events.BaseSelectorEventLoop)
            or transport.get_extra_info("sslcontext") is not None
            or transport.is_closing()
            or transport.get_write_buffer_size()
            or self._protocol.filled
            or self._protocol.at_eof
        ):
            return None
        raw = transport.get_extra_info("socket")
        if raw is None:
            return None
        sock: socket.socket = raw.dup()
        sock.setblocking(False)
        transport.abort()  # closes the transport's descriptor only; the connection stays open
        return sock

    async def _start_asyncio_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None, timeout: float | None
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


class _AsyncTlsSocketStream(httpcore.AsyncNetworkStream):
    """A TLS connection as a non-blocking ``ssl.SSLSocket`` driven by the event loop.

    A read decrypts, without waiting, every TLS record OpenSSL and the kernel hold into the
    stream's buffer of :data:`READ_BYTES` (as the sync client's reads do) and waits, with the
    socket registered with the loop (``add_reader``), only when there is nothing at all. A
    write sends what the socket takes and waits (``add_writer``) for the rest. A wait leaves
    nothing registered once it ends, however it ends (data, timeout, cancellation). Memory
    stays bounded as with the transports: nothing is read before httpcore asks, so a slow
    consumer holds the server back by TCP.
    """

    def __init__(self, sock: ssl.SSLSocket) -> None:
        self._sock = sock
        self._fd = sock.fileno()
        self._buffer: memoryview | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._closed = False

    async def handshake(self, timeout: float | None) -> None:
        """Complete the TLS handshake within ``timeout``; on any failure the socket is closed.

        Raises:
            httpcore.ConnectTimeout: ``timeout`` passed first.
            httpcore.ConnectError: the handshake failed (certificate not trusted, ...).
        """
        try:
            async with asyncio.timeout(timeout):
                while True:
                    try:
                        self._sock.do_handshake()
                        return
                    except ssl.SSLWantReadError:
                        await self._ready(reading=True)
                    except ssl.SSLWantWriteError:
                        await self._ready(reading=False)
        except TimeoutError as exc:
            await self.aclose()
            raise httpcore.ConnectTimeout(exc) from exc
        except OSError as exc:  # ssl.SSLError included
            await self.aclose()
            raise httpcore.ConnectError(exc) from exc
        except BaseException:
            await self.aclose()
            raise

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._buffer is None:
            self._buffer = memoryview(bytearray(READ_BYTES))
        buffer = self._buffer
        try:
            received = self._sock.recv_into(buffer)
        except ssl.SSLWantReadError:
            received = await self._wait_and_read(buffer, timeout, reading=True)
        except ssl.SSLWantWriteError:
            received = await self._wait_and_read(buffer, timeout, reading=False)
        except OSError as exc:
            raise httpcore.ReadError(exc) from exc
        if received:
            received += take_available(self._sock, buffer[received:])
        return bytes(buffer[:received])

    async def _wait_and_read(self, buffer: memoryview, timeout: float | None, reading: bool) -> int:
        timeout, by_deadline = capped_timeout(timeout)
        try:
            async with asyncio.timeout(timeout):
                while True:
                    await self._ready(reading)
                    try:
                        return self._sock.recv_into(buffer)
                    except ssl.SSLWantReadError:
                        reading = True
                    except ssl.SSLWantWriteError:
                        reading = False
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(DEADLINE_MESSAGE if by_deadline else exc) from exc
        except OSError as exc:
            raise httpcore.ReadError(exc) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self._closed:
            raise httpcore.WriteError("the connection is closed")
        timeout, by_deadline = capped_timeout(timeout)
        rest = memoryview(buffer)
        try:
            async with asyncio.timeout(timeout):
                while rest:
                    try:
                        rest = rest[self._sock.send(rest) :]
                    except (ssl.SSLWantWriteError, BlockingIOError):
                        await self._ready(reading=False)
                    except ssl.SSLWantReadError:
                        await self._ready(reading=True)
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(DEADLINE_MESSAGE if by_deadline else exc) from exc
        except OSError as exc:
            raise httpcore.WriteError(exc) from exc

    async def _ready(self, reading: bool) -> None:
        """Wait until the socket is readable (or writable); unregistered when the wait ends."""
        if self._closed:
            raise OSError("the connection is closed")
        loop = asyncio.get_running_loop()
        waiter = self._waiter = loop.create_future()
        if reading:
            loop.add_reader(self._fd, _wake, waiter)
        else:
            loop.add_writer(self._fd, _wake, waiter)
        try:
            await waiter
        finally:
            self._waiter = None
            if not self._closed:  # else aclose unregistered it (the number may be reused)
                if reading:
                    loop.remove_reader(self._fd)
                else:
                    loop.remove_writer(self._fd)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._waiter is not None:  # a read or write of another task is waiting
            loop = asyncio.get_running_loop()
            loop.remove_reader(self._fd)
            loop.remove_writer(self._fd)
            _wake(self._waiter)
        self._sock.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Not offered: TLS inside TLS (HTTPS to an HTTPS proxy) is never asked of this
        backend, whose transports connect directly (proxies are httpx's own transports')."""
        raise httpcore.ConnectError("TLS inside a TLS connection is not supported here")

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return self._closed or self._sock.pending() > 0 or _readable(self._sock)
        if info in ("ssl_object", "socket"):
            return self._sock
        try:
            if info == "client_addr":
                return self._sock.getsockname()
            if info == "server_addr":
                return self._sock.getpeername()
        except OSError:
            return None
        return None


def _wake(waiter: asyncio.Future[None] | None) -> None:
    """Let the task waiting on ``waiter`` (if any is) go on."""
    if waiter is not None and not waiter.done():
        waiter.set_result(None)


def _readable(sock: socket.socket) -> bool:
    """Whether ``sock`` has bytes or an end to read now (an idle connection that is readable
    has been closed by the server, or broken)."""
    try:
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            return bool(poller.poll(0))
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
