"""Network streams that hand httpcore everything the socket has, up to 1 MiB per read.

httpcore asks its stream for 64 KiB per read, and over TLS a socket read returns one TLS
record (at most 16 KiB): a 1 GiB download then costs some 65,000 rounds of the HTTP parser and
the download loop, which is most of its CPU time. A read here waits for the first bytes as
httpcore's would, then takes, without waiting, whatever else the socket already holds (more
TLS records, or more of the kernel's buffer) into one reused 1 MiB buffer: about 1,000 rounds
per GiB. Reads and writes also end by the deadline of the response being read
(:mod:`sectra_client._deadlines`).

The streams wrap httpcore's own (``httpcore.SyncBackend``) and reach the socket through its
public ``get_extra_info("socket")``; a stream without one (a test's) is read as it is.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

from sectra_client._deadlines import DEADLINE_MESSAGE, capped_timeout

__all__ = ["READ_BYTES", "LargeReadBackend", "take_available"]

READ_BYTES = 1024 * 1024
"""The most bytes one read hands to httpcore (and the size of each connection's buffer)."""


class LargeReadBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, with streams that read everything available (up to
    :data:`READ_BYTES`) at a time.

    Args:
        backend: the backend whose streams are wrapped (default: ``httpcore.SyncBackend()``).
    """

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


class _LargeReadStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream
        self._socket: socket.socket | None = stream.get_extra_info("socket")
        self._buffer: memoryview | None = None

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        timeout, by_deadline = capped_timeout(timeout)
        if self._socket is None:
            return self._stream.read(max(max_bytes, READ_BYTES), timeout)
        if self._buffer is None:
            self._buffer = memoryview(bytearray(READ_BYTES))
        buffer = self._buffer
        try:
            self._socket.settimeout(timeout)
            received = self._socket.recv_into(buffer)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(DEADLINE_MESSAGE if by_deadline else exc) from exc
        except OSError as exc:
            raise httpcore.ReadError(exc) from exc
        if received:
            received += take_available(self._socket, buffer[received:])
        return bytes(buffer[:received])

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        timeout, by_deadline = capped_timeout(timeout)
        try:
            self._stream.write(buffer, timeout)
        except httpcore.WriteTimeout as exc:
            if by_deadline:
                raise httpcore.WriteTimeout(DEADLINE_MESSAGE) from exc
            raise

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


def take_available(sock: socket.socket, free: memoryview) -> int:
    """Read into ``free`` what ``sock`` holds now, without waiting; return the byte count.

    A failure here is left for the next read to meet: the bytes already read come first.
    """
    taken = 0
    sock.settimeout(0.0)
    try:
        while taken < len(free):
            count = sock.recv_into(free[taken:])
            if not count:
                break
            taken += count
    except OSError:  # nothing more for now (BlockingIOError, ssl.SSLWantReadError), or broken
        pass
    return taken
