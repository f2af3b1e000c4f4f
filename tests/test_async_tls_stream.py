"""TLS in the async client's own network backend: a non-blocking ``ssl.SSLSocket`` driven by
the event loop (not asyncio's TLS layer), tested against real TLS servers on loopback.

Each test talks to a one-connection TLS server of its own (:class:`OneConnectionServer`),
whose handler does on its side what the test needs (answer, stall, close), or to the
scripted HTTPS server and the loopback proxy the other tests use.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpcore
import pytest
import trustme
from _loopback_proxy import LoopbackProxy
from _scripted_server import Reply, ScriptedServer

from sectra_client._deadlines import DeadlineExceeded, reading_until
from sectra_client._transports._async_streams import AsyncLargeReadBackend

Handler = Callable[[socket.socket], None]
REQUEST = b"GET /body HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


class OneConnectionServer:
    """Accepts one TCP connection on ``127.0.0.1`` and hands it to ``handler`` in a thread
    (wrapped in TLS with ``tls``, the handshake done, unless ``tls`` is None)."""

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._handler = handler
        self._tls = tls
        self.done = threading.Event()
        self.failure: BaseException | None = None
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            connection, _ = self._listener.accept()
            with connection:
                if self._tls is None:
                    self._handler(connection)
                else:
                    with self._tls.wrap_socket(connection, server_side=True) as tls:
                        self._handler(tls)
        except (OSError, ssl.SSLError) as exc:
            self.failure = exc
        finally:
            self.done.set()

    def close(self) -> None:
        self._listener.close()
        self.done.wait(10)


@pytest.fixture
def server_tls(tls_authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def serve(server_tls: ssl.SSLContext) -> Iterator[Callable[..., OneConnectionServer]]:
    servers: list[OneConnectionServer] = []

    def start(handler: Handler, tls: bool = True) -> OneConnectionServer:
        server = OneConnectionServer(handler, server_tls if tls else None)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def read_head(connection: socket.socket) -> bytes:
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


async def connect(
    port: int, context: ssl.SSLContext, timeout: float | None = 5
) -> httpcore.AsyncNetworkStream:
    backend = AsyncLargeReadBackend()
    plain = await backend.connect_tcp("127.0.0.1", port, timeout=5)
    return await plain.start_tls(context, server_hostname="127.0.0.1", timeout=timeout)


async def read_all(stream: httpcore.AsyncNetworkStream) -> bytes:
    received = bytearray()
    while chunk := await stream.read(65536, timeout=5):
        received += chunk
    return bytes(received)


def registered(fd: int) -> bool:
    """Whether the running loop watches ``fd`` (removing what it finds: call at the end)."""
    loop = asyncio.get_running_loop()
    return loop.remove_reader(fd) | loop.remove_writer(fd)


def test_tls_runs_on_an_ssl_socket_and_reads_many_records_at_once(
    serve: Callable[..., OneConnectionServer], tls_trust: ssl.SSLContext
) -> None:
    body = bytes(range(256)) * 32 * 1024  # 8 MiB

    def answer(connection: socket.socket) -> None:
        read_head(connection)
        connection.sendall(body)

    server = serve(answer)

    async def exchange() -> tuple[Any, list[int], bytes]:
        stream = await connect(server.port, tls_trust)
        await stream.write(REQUEST, timeout=5)
        await asyncio.sleep(0.2)  # let the server fill the socket
        sizes, received = [], bytearray()
        while chunk := await stream.read(65536, timeout=5):
            sizes.append(len(chunk))
            received += chunk
        ssl_object = stream.get_extra_info("ssl_object")
        await stream.aclose()
        return ssl_object, sizes, bytes(received)

    ssl_object, sizes, received = asyncio.run(exchange())

    assert isinstance(ssl_object, ssl.SSLSocket)
    assert received == body
    assert max(sizes) > 4 * 16 * 1024


def test_an_untrusted_certificate_fails_the_handshake_with_a_connect_error(
    serve: Callable[..., OneConnectionServer],
) -> None:
    server = serve(lambda connection: None)

    async def handshake() -> None:
        await connect(server.port, ssl.create_default_context())  # trusts no test CA

    with pytest.raises(httpcore.ConnectError) as caught:
        asyncio.run(handshake())
    assert isinstance(caught.value.__cause__, ssl.SSLCertVerificationError)


def test_a_server_that_does_not_speak_tls_fails_with_a_connect_error(
    serve: Callable[..., OneConnectionServer], tls_trust: ssl.SSLContext
) -> None:
    def plain_http(connection: socket.socket) -> None:
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    server = serve(plain_http, tls=False)

    with pytest.raises(httpcore.ConnectError):
        asyncio.run(connect(server.port, tls_trust))


def test_a_handshake_that_stalls_times_out_and_leaves_nothing_open(
    serve: Callable[..., OneConnectionServer], tls_trust: ssl.SSLContext
) -> None:
    closed_by_client = threading.Event()

    def stall(connection: socket.socket) -> None:
        connection.settimeout(10)
        while connection.recv(65536):  # the ClientHello, never answered
            pass
        closed_by_client.set()

    server = serve(stall, tls=False)

    with pytest.raises(httpcore.ConnectTimeout):
        asyncio.run(connect(server.port, tls_trust, timeout=0.3))
    assert closed_by_client.wait(5)


def test_a_cancelled_read_leaves_nothing_registered_and_the_stream_usable(
    serve: Callable[..., OneConnectionServer], tls_trust: ssl.SSLContext
) -> None:
    go_on = threading.Event()

    def answer_late(connection: socket.socket) -> None:
        read_head(connection)
        go_on.wait(10)
        connection.sendall(b"late answer")

    server = serve(answer_late)

    async def exchange() -> tuple[bool, bytes, bool]:
        stream = await connect(server.port, tls_trust)
        fd = stream.get_extra_info("socket").fileno()
        await stream.write(REQUEST, timeout=5)
        reading = asyncio.create_task(stream.read(65536, timeout=5))
        await asyncio.sleep(0.1)
        reading.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reading
        left_registered = registered(fd)
        go_on.set()
        received = await read_all(stream)
        await stream.aclose()
        return left_registered, received, stream.get_extra_info("is_readable")

    left_registered, received, readable_when_closed = asyncio.run(exchange())

    assert not left_registered
    assert received == b"late answer"
    assert readable_when_closed


def test_a_stalled_read_times_out_with_a_read_timeout_and_by_the_deadline(
    serve: Callable[..., OneConnectionServer], tls_trust: ssl.SSLContext
) -> None:
    release = threading.Event()

    def stall(connection: socket.socket) -> None:
        read_head(connection)
        release.wait(10)

    server = serve(stall)

    async def exchange() -> list[str]:
        stream = await connect(server.port, tls_trust)
        fd = stream.get_extra_info("socket").fileno()
        await stream.write(REQUEST, timeout=5)
        outcomes = []
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(65536, timeout=0.2)
        outcomes.append("timeout")
        with (
            reading_until(time.monotonic() + 0.2),
            pytest.raises(httpcore.ReadTimeout, match="deadline"),
        ):
            await stream.read(65536, timeout=5)
        outcomes.append("deadline")
        with reading_until(time.monotonic() - 1), pytest.raises(DeadlineExceeded):
            await stream.read(65536, timeout=5)
        outcomes.append("passed")
        assert not registered(fd)
        release.set()
        await stream.aclose()
        return outcomes

    assert asyncio.run(exchange()) == ["timeout", "deadline", "passed"]


def test_a_closed_idle_connection_is_readable_and_reads_its_end(
    serve: Callable[..., OneConnectionServer], tls_trust: ssl.SSLContext
) -> None:
    answered = threading.Event()

    def answer_and_close(connection: socket.socket) -> None:
        read_head(connection)
        connection.sendall(b"answer")
        answered.wait(10)

    server = serve(answer_and_close)

    async def exchange() -> tuple[bool, bool, bytes]:
        stream = await connect(server.port, tls_trust)
        await stream.write(REQUEST, timeout=5)
        first = await stream.read(65536, timeout=5)
        idle_readable = stream.get_extra_info("is_readable")
        answered.set()
        server.done.wait(5)
        await asyncio.sleep(0.05)
        closed_readable = stream.get_extra_info("is_readable")
        rest = await stream.read(65536, timeout=5)
        await stream.aclose()
        return idle_readable, closed_readable, first + rest

    idle_readable, closed_readable, received = asyncio.run(exchange())

    assert not idle_readable
    assert closed_readable
    assert received == b"answer"


def test_a_large_write_is_sent_whole_as_the_server_takes_it(
    serve: Callable[..., OneConnectionServer], tls_trust: ssl.SSLContext
) -> None:
    payload = bytes(range(256)) * 64 * 1024  # 16 MiB, more than the socket buffers hold
    received = bytearray()

    def take_slowly(connection: socket.socket) -> None:
        while len(received) < len(payload):
            chunk = connection.recv(64 * 1024)
            if not chunk:
                break
            received.extend(chunk)
        connection.sendall(b"%d" % len(received))

    server = serve(take_slowly)

    async def send() -> bytes:
        stream = await connect(server.port, tls_trust)
        await stream.write(payload, timeout=10)
        answer = await read_all(stream)
        await stream.aclose()
        return answer

    answer = asyncio.run(send())

    assert answer == b"%d" % len(payload)
    assert bytes(received) == payload


def test_https_through_an_http_proxy_tunnel_runs_on_the_ssl_socket(
    tls_scripted_server: ScriptedServer, tls_trust: ssl.SSLContext
) -> None:
    tls_scripted_server.script("/body", Reply(200, b"through the tunnel"))
    target = tls_scripted_server.base_url.removeprefix("https://")

    async def exchange(proxy_port: int) -> tuple[Any, bytes]:
        backend = AsyncLargeReadBackend()
        plain = await backend.connect_tcp("127.0.0.1", proxy_port, timeout=5)
        await plain.write(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
        head = await plain.read(65536, timeout=5)
        assert head.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200"))
        stream = await plain.start_tls(tls_trust, server_hostname="127.0.0.1", timeout=5)
        await stream.write(REQUEST, timeout=5)
        answer = await read_all(stream)
        ssl_object = stream.get_extra_info("ssl_object")
        await stream.aclose()
        return ssl_object, answer

    with LoopbackProxy() as proxy:
        port = int(proxy.url.rsplit(":", 1)[1])
        ssl_object, answer = asyncio.run(exchange(port))
        assert proxy.requests == [("CONNECT", target)]

    assert isinstance(ssl_object, ssl.SSLSocket)
    assert answer.startswith(b"HTTP/1.")
    assert answer.endswith(b"through the tunnel")


def test_tls_inside_tls_is_refused_with_a_connect_error(
    serve: Callable[..., OneConnectionServer], tls_trust: ssl.SSLContext
) -> None:
    server = serve(read_head)

    async def nest() -> None:
        stream = await connect(server.port, tls_trust)
        try:
            await stream.start_tls(tls_trust, server_hostname="127.0.0.1", timeout=5)
        finally:
            await stream.aclose()

    with pytest.raises(httpcore.ConnectError, match="TLS inside"):
        asyncio.run(nest())
